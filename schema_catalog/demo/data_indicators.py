"""SQL of the demo's snapshot indicator tables, derived from the generated behaviour.

Each snapshot is computed as of its indicator's ``computed_at`` (DuckDB variables ``churn_at``,
``appetite_at``, ``value_at``), from the events before that instant only:

- churn risk: high when no order in the 365 days before, medium when none in the last 120;
- category appetite: orders per category over two years and category page views over 180 days;
- predicted value: spend over the last 12 months, damped when the last order is old.
"""

from __future__ import annotations

from schema_catalog.synthetic import DAY

CHURN_RISK = f"""
INSERT INTO ind_churn_risk BY NAME
WITH last_order AS (
    SELECT customer_id, max(ordered_at) AS last_at FROM orders
    WHERE ordered_at < ts(getvariable('churn_at')::BIGINT) GROUP BY customer_id
)
SELECT c.customer_id,
    CASE WHEN l.last_at IS NULL OR l.last_at < ts(getvariable('churn_at')::BIGINT - 365 * {DAY})
             THEN 'high'
         WHEN l.last_at < ts(getvariable('churn_at')::BIGINT - 120 * {DAY}) THEN 'medium'
         ELSE 'low' END AS churn_risk,
    ts(getvariable('churn_at')::BIGINT) AS computed_at
FROM customers AS c LEFT JOIN last_order AS l USING (customer_id)
ORDER BY c.customer_id
"""

CATEGORY_APPETITE = f"""
INSERT INTO ind_category_appetite BY NAME
WITH bought AS (
    SELECT customer_id, category, count(*) AS n FROM orders
    WHERE ordered_at < ts(getvariable('appetite_at')::BIGINT)
        AND ordered_at >= ts(getvariable('appetite_at')::BIGINT - 730 * {DAY})
    GROUP BY ALL
), viewed AS (
    SELECT customer_id, category, count(*) AS n FROM page_views
    WHERE category IS NOT NULL AND viewed_at < ts(getvariable('appetite_at')::BIGINT)
        AND viewed_at >= ts(getvariable('appetite_at')::BIGINT - 180 * {DAY})
    GROUP BY ALL
), signal AS (
    SELECT customer_id, category, coalesce(b.n, 0) AS n_bought, coalesce(v.n, 0) AS n_viewed
    FROM bought AS b FULL JOIN viewed AS v USING (customer_id, category)
)
SELECT customer_id, category,
    round(1 - exp(-(1.2 * n_bought + 0.25 * n_viewed) / 3), 2)::DECIMAL(12, 2) AS score,
    ts(getvariable('appetite_at')::BIGINT) AS computed_at
FROM signal
WHERE round(1 - exp(-(1.2 * n_bought + 0.25 * n_viewed) / 3), 2) > 0
ORDER BY customer_id, category
"""

PREDICTED_VALUE = f"""
INSERT INTO ind_predicted_value BY NAME
WITH spend AS (
    SELECT customer_id, sum(amount) AS spent, max(ordered_at) AS last_at FROM orders
    WHERE ordered_at < ts(getvariable('value_at')::BIGINT)
        AND ordered_at >= ts(getvariable('value_at')::BIGINT - 365 * {DAY})
    GROUP BY customer_id
)
SELECT c.customer_id,
    round(coalesce(s.spent, 0) * (0.6 + 0.5 * rnd(c.customer_id, 90))
        * CASE WHEN s.last_at >= ts(getvariable('value_at')::BIGINT - 90 * {DAY}) THEN 1.1
               ELSE 0.7 END
        + 15 * rnd(c.customer_id, 91), 2)::DECIMAL(12, 2) AS predicted_value,
    ts(getvariable('value_at')::BIGINT) AS computed_at
FROM customers AS c LEFT JOIN spend AS s USING (customer_id)
ORDER BY c.customer_id
"""
