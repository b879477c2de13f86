"""People whose value is not known, on the negated side of a rule: in or out is a reading.

'Not in Paris', 'non-VIP', 'sans bouquet sport' on a column the catalog says may be empty
(``nullable``, the default) can keep or leave out the people with no value there, and a request
rarely says which. The rule language does both: ``neq`` / ``not_in`` leave them out (SQL
comparison), a negated ``eq`` / ``in`` keeps them (the true complement). Whichever a planner
chose is stated, as a warning ``Issue`` in the request's language — code ``unknown_left_out``
or ``unknown_kept``, path the rule's — so the user sees it before the count. A column declared
``nullable: false`` gets no notice.
"""

from __future__ import annotations

from assistant.explain import language_of
from assistant.language import pack_for
from audience.rules import Attribute, Op, RuleTree, describe_node, field_label
from schema_catalog import Catalog, Issue, Severity

_LEFT_OUT = frozenset({Op.NEQ, Op.NOT_IN})
_KEPT = frozenset({Op.EQ, Op.IN})


def unknown_issues(tree: RuleTree, catalog: Catalog, language: str = "en") -> list[Issue]:
    """A warning per negated value test on a column that may be empty, saying whether the
    people with no value there are in or out.

    >>> from schema_catalog import load_catalog
    >>> from audience.rules import Group
    >>> rule = Attribute(field="customers.city", op="neq", value="Paris")
    >>> tree = RuleTree(root=Group(rules=[rule]))
    >>> [(i.code, i.path) for i in unknown_issues(tree, load_catalog())]
    [('unknown_left_out', 'root.rules[0]')]
    """
    issues = []
    for path, node in tree.walk():
        code = _code(node, catalog) if isinstance(node, Attribute) else None
        if code is not None:
            issues.append(_issue(code, path, node, catalog, language))  # type: ignore[arg-type]
    return issues


def _code(rule: Attribute, catalog: Catalog) -> str | None:
    if not catalog.column(rule.field)[1].nullable:
        return None
    if rule.op in _LEFT_OUT and not rule.negate:
        return "unknown_left_out"
    if rule.op in _KEPT and rule.negate:
        return "unknown_kept"
    return None


def _issue(code: str, path: str, rule: Attribute, catalog: Catalog, language: str) -> Issue:
    pack = pack_for(language)
    lang = language_of(pack.code)
    return Issue(
        code=code,
        severity=Severity.WARNING,
        path=path,
        message=pack.say(
            f"flag_{code}",
            label=field_label(catalog, rule.field, lang),
            rule=describe_node(rule, catalog, lang=lang),
        ),
        hint=pack.say("hint_unknown"),
    )
