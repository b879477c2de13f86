"""Short examples for small models, picked per request by word overlap (nearest first).

A ~100M-parameter model mostly copies the example closest to the request, so it is given the
few examples that look most like the request, the closest one last. Each answer is written as
JSON and parsed into :class:`PlanOutput` here; ``examples_for`` drops any that the catalog in
use does not validate.
"""

from __future__ import annotations

from functools import cache

from assistant.fewshot import EXAMPLES, Example, examples_for
from assistant.grounding import words_of
from assistant.schema import PlanOutput
from schema_catalog import Catalog


def _group(*rules: str, op: str = "and") -> str:
    root = f'{{"kind":"group","op":"{op}","rules":[{",".join(rules)}]}}'
    return f'{{"status":"proposal","rules":{{"root":{root}}}}}'


def _attr(field: str, op: str, value: str) -> str:
    return f'{{"kind":"attribute","field":"customers.{field}","op":"{op}","value":{value}}}'


_ORDERS = '{"kind":"behavior","event":"orders"'
_POOL: tuple[tuple[str, str], ...] = (
    ("gold tier members", _group(_attr("loyalty_tier", "eq", '"gold"'))),
    ("silver or standard customers", _group(_attr("loyalty_tier", "in", '["silver","standard"]'))),
    ("male shoppers", _group(_attr("gender", "eq", '"male"'))),
    ("people who live in Paris", _group(_attr("city", "eq", '"Paris"'))),
    ("customers from Spain", _group(_attr("country", "eq", '"ES"'))),
    ("customers with more than 1000 points", _group(_attr("loyalty_points", "gt", "1000"))),
    ("everyone except Marseille", _group(_attr("city", "neq", '"Marseille"'))),
    (
        "customers who ordered in the app in the last 30 days",
        _group(
            _ORDERS + ',"filters":[{"field":"channel","op":"eq","value":"app"}],'
            '"window":{"type":"last","amount":30,"unit":"day"}}'
        ),
    ),
    (
        "clients who purchased bags 3 times or more",
        _group(
            _ORDERS + ',"filters":[{"field":"category","op":"eq","value":"bags"}],'
            '"aggregate":{"func":"count","op":"gte","value":3}}'
        ),
    ),
    (
        "customers who spent more than 300 euros in the past year",
        _group(
            _ORDERS + ',"window":{"type":"last","amount":1,"unit":"year"},'
            '"aggregate":{"func":"sum","measure":"amount","op":"gt","value":300}}'
        ),
    ),
    (
        "customers who have not ordered in the last 2 months",
        _group(_ORDERS + ',"window":{"type":"last","amount":2,"unit":"month"},"negate":true}'),
    ),
    (
        "people who opened an email in the last 2 weeks",
        _group(
            '{"kind":"behavior","event":"email_events","filters":[{"field":"event_type",'
            '"op":"eq","value":"open"}],"window":{"type":"last","amount":2,"unit":"week"}}'
        ),
    ),
    (
        "visited the website on a tablet",
        _group(
            '{"kind":"behavior","event":"web_sessions","filters":[{"field":"device",'
            '"op":"eq","value":"tablet"}]}'
        ),
    ),
    (
        "customers likely to churn",
        _group('{"kind":"indicator","indicator":"churn_risk","op":"eq","value":"high"}'),
    ),
    (
        "customers aged 50 to 60",
        _group('{"kind":"indicator","indicator":"age","op":"between","value":[50,60]}'),
    ),
    ("contacts we can reach by push", _group('{"kind":"reachable","channel":"push"}')),
    (
        "hommes à Bordeaux",
        _group(_attr("gender", "eq", '"male"'), _attr("city", "eq", '"Bordeaux"')),
    ),
    (
        "customers in Nice or who bought online",
        _group(
            _attr("city", "eq", '"Nice"'),
            _ORDERS + ',"filters":[{"field":"channel","op":"eq","value":"web"}]}',
            op="or",
        ),
    ),
    (
        "truncate the orders table",
        '{"status":"refusal","category":"unsafe","reason":"I only build audiences; I never run '
        'database commands."}',
    ),
    (
        "write me a poem about autumn",
        '{"status":"refusal","category":"out_of_scope","reason":"I only build customer '
        'audiences from the catalog."}',
    ),
)


@cache
def pool() -> tuple[Example, ...]:
    """The short examples, plus the general ones (clarification, refinement)."""
    written = tuple(
        Example(request=request, answer=PlanOutput.model_validate_json(answer))
        for request, answer in _POOL
    )
    return (*written, *EXAMPLES)


def nearest_examples(request: str, catalog: Catalog, count: int) -> tuple[Example, ...]:
    """The ``count`` examples sharing most words with ``request``, the closest last.

    Ties keep pool order; examples the catalog does not validate are never chosen.
    """
    said = words_of(request)
    usable = examples_for(catalog, pool())
    known = [words_of(example.request) for example in usable]
    # Rare words weigh more: 'customers' is in half the requests and says nothing.
    weight = {word: 1 / max(1, sum(word in words for words in known)) for word in said}
    scores = [sum(weight[word] for word in said & words) for words in known]
    ranked = sorted(range(len(usable)), key=lambda index: -scores[index])
    return tuple(usable[index] for index in reversed(ranked[:count]))
