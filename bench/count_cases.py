"""The benchmark's audiences: a rule tree and the SQL a data engineer would write by hand for it.

The hand-written SQL is the baseline the engine is measured against; it is trusted text written
for the demo catalog (as_of 2026-10-01), never built from user input. Each pair must select the
same profiles; the benchmark checks the counts agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from audience.rules import (
    Aggregate,
    Attribute,
    Behavior,
    Condition,
    Group,
    IndicatorRule,
    Reachable,
    RuleTree,
    Window,
)


@dataclass(frozen=True)
class BenchCase:
    """One benchmarked audience."""

    name: str
    kind: str
    tree: RuleTree
    hand_sql: str


def _tree(*rules: object, op: str = "and") -> RuleTree:
    return RuleTree(root=Group.model_validate({"op": op, "rules": list(rules)}))


def _last(amount: int, unit: str) -> Window:
    return Window.model_validate({"type": "last", "amount": amount, "unit": unit})


VIP = Attribute(field="customers.loyalty_tier", op="eq", value="vip")
STORE_TWICE_6M = Behavior(
    event="orders",
    filters=[Condition(field="channel", op="eq", value="store")],
    window=_last(6, "month"),
    aggregate=Aggregate(func="count", op="gte", value=2),
)
VISIT_3D = Behavior(event="web_sessions", window=_last(3, "day"))

_SEED_SQL = """
SELECT count(*) FROM customers c
WHERE c.loyalty_tier = 'vip'
  AND c.customer_id IN (
    SELECT o.customer_id FROM orders o
    WHERE o.channel = 'store'
      AND o.ordered_at >= TIMESTAMP '2026-04-01 00:00:00'
      AND o.ordered_at < TIMESTAMP '2026-10-01 00:00:00'
    GROUP BY o.customer_id HAVING count(*) >= 2)
"""

CASES: tuple[BenchCase, ...] = (
    BenchCase("seed_vip_store_twice", "seed request", _tree(VIP, STORE_TWICE_6M), _SEED_SQL),
    BenchCase(
        "seed_plus_visit_3d",
        "seed request",
        _tree(VIP, STORE_TWICE_6M, VISIT_3D),
        _SEED_SQL
        + """
  AND c.customer_id IN (
    SELECT w.customer_id FROM web_sessions w
    WHERE w.started_at >= TIMESTAMP '2026-09-28 00:00:00'
      AND w.started_at < TIMESTAMP '2026-10-01 00:00:00')
""",
    ),
    BenchCase(
        "attributes_fr_women_points",
        "attribute only",
        _tree(
            Attribute(field="customers.country", op="eq", value="FR"),
            Attribute(field="customers.gender", op="eq", value="female"),
            Attribute(field="customers.loyalty_points", op="gte", value=5000),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.country = 'FR' AND c.gender = 'female' AND c.loyalty_points >= 5000
""",
    ),
    BenchCase(
        "attributes_cities_recent_signup",
        "attribute only",
        _tree(
            Attribute(field="customers.city", op="in", value=["Paris", "Lyon", "Geneva"]),
            Attribute(field="customers.signup_date", op="after", value="2025-12-31"),
            Attribute(field="consents.email_optin", op="eq", value=True),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.city IN ('Paris', 'Lyon', 'Geneva')
  AND c.signup_date >= DATE '2026-01-01'
  AND c.customer_id IN (SELECT customer_id FROM consents WHERE email_optin = TRUE)
""",
    ),
    BenchCase(
        "web_orders_3_in_12m",
        "behaviour count + window",
        _tree(
            Behavior(
                event="orders",
                filters=[Condition(field="channel", op="eq", value="web")],
                window=_last(12, "month"),
                aggregate=Aggregate(func="count", op="gte", value=3),
            )
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (
  SELECT customer_id FROM orders
  WHERE channel = 'web'
    AND ordered_at >= TIMESTAMP '2025-10-01 00:00:00'
    AND ordered_at < TIMESTAMP '2026-10-01 00:00:00'
  GROUP BY customer_id HAVING count(*) >= 3)
""",
    ),
    BenchCase(
        "spent_over_500_12m",
        "behaviour sum",
        _tree(
            Behavior(
                event="orders",
                window=_last(12, "month"),
                aggregate=Aggregate(func="sum", measure="amount", op="gt", value=500),
            )
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (
  SELECT customer_id FROM orders
  WHERE ordered_at >= TIMESTAMP '2025-10-01 00:00:00'
    AND ordered_at < TIMESTAMP '2026-10-01 00:00:00'
  GROUP BY customer_id HAVING sum(amount) > 500)
""",
    ),
    BenchCase(
        "no_email_open_90d",
        "negation",
        _tree(
            Attribute(field="consents.email_optin", op="eq", value=True),
            Behavior(
                event="email_events",
                filters=[Condition(field="event_type", op="eq", value="open")],
                window=_last(90, "day"),
                negate=True,
            ),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (SELECT customer_id FROM consents WHERE email_optin = TRUE)
  AND c.customer_id NOT IN (
    SELECT customer_id FROM email_events
    WHERE event_type = 'open'
      AND event_at >= TIMESTAMP '2026-07-03 00:00:00'
      AND event_at < TIMESTAMP '2026-10-01 00:00:00')
""",
    ),
    BenchCase(
        "shoes_buyers_or_appetite",
        "or-group",
        _tree(
            Behavior(
                event="orders",
                filters=[Condition(field="category", op="eq", value="shoes")],
                window=_last(3, "month"),
            ),
            IndicatorRule(indicator="category_appetite", key="shoes", op="gte", value=0.7),
            op="or",
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (
    SELECT customer_id FROM orders
    WHERE category = 'shoes'
      AND ordered_at >= TIMESTAMP '2026-07-01 00:00:00'
      AND ordered_at < TIMESTAMP '2026-10-01 00:00:00')
  OR c.customer_id IN (
    SELECT customer_id FROM ind_category_appetite WHERE category = 'shoes' AND score >= 0.7)
""",
    ),
    BenchCase(
        "churn_high_active",
        "indicators",
        _tree(
            IndicatorRule(indicator="churn_risk", op="eq", value="high"),
            IndicatorRule(indicator="active_customer", op="eq", value=True),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (SELECT customer_id FROM ind_churn_risk WHERE churn_risk = 'high')
  AND c.customer_id IN (
    SELECT customer_id FROM orders
    WHERE ordered_at >= TIMESTAMP '2025-10-01 00:00:00'
      AND ordered_at < TIMESTAMP '2026-10-01 00:00:00')
""",
    ),
    BenchCase(
        "high_value_aged_25_40",
        "indicators",
        _tree(
            IndicatorRule(indicator="predicted_value", op="gte", value=1000),
            IndicatorRule(indicator="age", op="between", value=[25, 40]),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (
    SELECT customer_id FROM ind_predicted_value WHERE predicted_value >= 1000)
  AND c.birth_date > DATE '1985-10-01' AND c.birth_date <= DATE '2001-10-01'
""",
    ),
    BenchCase(
        "reachable_email_gold",
        "reachable",
        _tree(
            Attribute(field="customers.loyalty_tier", op="eq", value="gold"),
            Reachable(channel="email"),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.loyalty_tier = 'gold'
  AND c.customer_id IN (SELECT customer_id FROM consents WHERE email_optin = TRUE)
  AND c.email IS NOT NULL AND c.email <> ''
  AND c.customer_id NOT IN (
    SELECT customer_id FROM suppressions WHERE channel IN ('email', 'all'))
""",
    ),
    BenchCase(
        "lapsed_gold_vip_90d",
        "behaviour recency",
        _tree(
            Attribute(field="customers.loyalty_tier", op="in", value=["gold", "vip"]),
            Behavior(
                event="orders",
                aggregate=Aggregate(func="days_since_last", op="gt", value=90),
            ),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.loyalty_tier IN ('gold', 'vip')
  AND c.customer_id IN (
    SELECT customer_id FROM orders GROUP BY customer_id
    HAVING max(ordered_at) <= TIMESTAMP '2026-07-02 00:00:00')
""",
    ),
    BenchCase(
        "bags_browsers_not_buyers",
        "behaviour + negation",
        _tree(
            Behavior(
                event="page_views",
                filters=[
                    Condition(field="page_type", op="eq", value="product"),
                    Condition(field="category", op="eq", value="bags"),
                ],
                window=_last(30, "day"),
                aggregate=Aggregate(func="count", op="gte", value=3),
            ),
            Behavior(
                event="orders",
                filters=[Condition(field="category", op="eq", value="bags")],
                window=_last(30, "day"),
                negate=True,
            ),
        ),
        """
SELECT count(*) FROM customers c
WHERE c.customer_id IN (
    SELECT customer_id FROM page_views
    WHERE page_type = 'product' AND category = 'bags'
      AND viewed_at >= TIMESTAMP '2026-09-01 00:00:00'
      AND viewed_at < TIMESTAMP '2026-10-01 00:00:00'
    GROUP BY customer_id HAVING count(*) >= 3)
  AND c.customer_id NOT IN (
    SELECT customer_id FROM orders
    WHERE category = 'bags'
      AND ordered_at >= TIMESTAMP '2026-09-01 00:00:00'
      AND ordered_at < TIMESTAMP '2026-10-01 00:00:00')
""",
    ),
)
