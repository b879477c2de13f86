"""Trust checks that need no parser: an empty audience, a size far from the stated one, rules
that contradict each other — and consent, which no proposal may get around.

The first three are warning ``Issue``s on the proposal, so the user sees them before the count
(see ``Proposal.notices``). Codes: ``empty_audience``, ``size_far_from_expected``,
``contradictory_rules``. A tree that selects people on the refused side of a channel's consent
(any channel's while it has no channel, its own channel's once it has one), targets the
suppression list, or excludes the reachable from an audience for that channel is not a
proposal at all: ``consent_refusal`` turns it into a refusal, whichever planner made it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from assistant.contract import Proposal, Refusal
from assistant.language import pack_for
from audience.rules import (
    Aggregate,
    AggregateFunc,
    Attribute,
    Behavior,
    Group,
    Node,
    Op,
    Reachable,
    RuleTree,
)
from audience.workflow import FlagCode, assess_size, flag_text
from schema_catalog import Catalog, Issue, Severity

_SIZE_CODES = {
    FlagCode.EMPTY: ("empty_audience", "flag_empty_audience", "hint_empty_audience"),
    FlagCode.FAR_FROM_EXPECTED: (
        "size_far_from_expected",
        "flag_far_from_expected",
        "hint_far_from_expected",
    ),
}
"""Per size flag: its issue code, then the pack's message and hint keys."""


def _refuses_consent(node: Attribute) -> bool:
    """Whether a rule on a boolean consent flag selects the people who did not consent."""
    wants_false = (node.op in {Op.EQ, Op.IS_NOT_SET} and node.value in (False, None)) or (
        node.op is Op.NEQ and node.value is True
    )
    return wants_false != node.negate


def _bypass(node: Node, tree: RuleTree, consents: set[str], suppression: str | None) -> bool:
    if isinstance(node, Attribute):
        refused = node.field in consents and _refuses_consent(node)
        return refused or bool(suppression and node.field.startswith(f"{suppression}."))
    return isinstance(node, Reachable) and node.negate and tree.channel == node.channel


def _consents_at_risk(tree: RuleTree, catalog: Catalog) -> set[str]:
    """The consent flags no rule may select the refused side of: every channel's while the
    audience has no channel, its own channel's once it has one. An SMS audience of people who
    refused email ('opted in to SMS but not to email') is contacted only where they consented:
    the export applies the SMS consent."""
    channels = [c for c in catalog.channels if tree.channel in (None, c.name)] or catalog.channels
    return {channel.consent for channel in channels}


def bypasses_consent(tree: RuleTree, catalog: Catalog) -> list[str]:
    """Paths of rules that select people without consent or on the suppression list."""
    consents = _consents_at_risk(tree, catalog)
    suppression = catalog.suppression.table if catalog.suppression else None
    return [path for path, node in tree.walk() if _bypass(node, tree, consents, suppression)]


def consent_refusal(proposal: Proposal, catalog: Catalog) -> Refusal | None:
    """A refusal (category 'unsafe') when the proposal gets around consent, else None."""
    if not bypasses_consent(proposal.rules, catalog):
        return None
    pack = pack_for(proposal.language)
    return Refusal(
        reason=pack.say("unsafe_consent"),
        category="unsafe",
        language=pack.code,
        usage=proposal.usage,
    )


def size_issues(
    count: int | None, expected: int | None, catalog: Catalog, language: str = "en"
) -> list[Issue]:
    """Warnings for an empty audience and for a count far from the size the request stated,
    in the request's language.

    >>> from schema_catalog import load_catalog
    >>> [(i.code, i.message) for i in size_issues(0, None, load_catalog(), "fr")]
    [('empty_audience', "L'audience est vide : personne ne remplit toutes les conditions.")]
    """
    if count is None:
        return []
    # The share-of-base check is the reviewer's; only the empty and expected-size flags are read.
    assessment = assess_size(count, base=max(count, 1), policy=catalog.policy, expected=expected)
    pack = pack_for(language)
    return [
        Issue(
            code=_SIZE_CODES[flag.code][0],
            severity=Severity.WARNING,
            path="count",
            message=pack.say(
                _SIZE_CODES[flag.code][1], figure=flag_text(flag, assessment, pack.code)
            ),
            hint=pack.say(_SIZE_CODES[flag.code][2]),
        )
        for flag in assessment.flags
        if flag.code in _SIZE_CODES
    ]


def contradiction_issues(tree: RuleTree, language: str = "en") -> list[Issue]:
    """Warnings for pairs of rules of one 'and' group that no profile can satisfy together.

    >>> from audience.rules import Attribute, Group
    >>> paris = Attribute(field="customers.city", op="eq", value="Paris")
    >>> lyon = Attribute(field="customers.city", op="eq", value="Lyon")
    >>> [i.path for i in contradiction_issues(RuleTree(root=Group(rules=[paris, lyon])))]
    ['root.rules[1]']
    """
    pack = pack_for(language)
    return [
        Issue(
            code="contradictory_rules",
            severity=Severity.WARNING,
            path=second,
            message=pack.say("flag_contradictory", first=first, second=second),
            hint=pack.say("hint_contradictory"),
        )
        for first, second in _contradicting_pairs(tree)
    ]


def _and_groups(tree: RuleTree) -> Iterator[tuple[str, Group]]:
    for path, node in tree.walk():
        if isinstance(node, Group) and node.op == "and" and not node.negate:
            yield path, node


def _contradicting_pairs(tree: RuleTree) -> Iterator[tuple[str, str]]:
    for path, group in _and_groups(tree):
        indexed = list(enumerate(group.rules))
        for (i, left), (j, right) in itertools.combinations(indexed, 2):
            if _contradict(left, right):
                yield f"{path}.rules[{i}]", f"{path}.rules[{j}]"


def _contradict(left: Node, right: Node) -> bool:
    if _negation_of(left, right):
        return True
    if isinstance(left, Attribute) and isinstance(right, Attribute):
        return left.field == right.field and _disjoint(left, right)
    if isinstance(left, Behavior) and isinstance(right, Behavior):
        return _never_did(left, right) or _never_did(right, left)
    return False


def _never_did(done: Behavior, never: Behavior) -> bool:
    """'bought at least 3 times' and 'never bought': the second excludes every event the first
    needs (no window, no threshold, filters no narrower)."""
    excludes_all = never.negate and never.window is None and never.aggregate == Aggregate()
    narrower = set(never.filters) <= set(done.filters)
    needs_one = (
        not done.negate
        and done.aggregate.func is AggregateFunc.COUNT
        and (
            done.aggregate.op in {Op.GT, Op.GTE} and float(done.aggregate.value) >= 1  # type: ignore[arg-type]
        )
    )
    return excludes_all and narrower and needs_one and done.event == never.event


def _negation_of(left: Node, right: Node) -> bool:
    flipped = getattr(right, "negate", None)
    if flipped is None or type(left) is not type(right):
        return False
    return left == right.model_copy(update={"negate": not flipped})


def _allowed(rule: Attribute) -> set[object] | None:
    """The values an equality-like attribute allows, or None for other operators."""
    if rule.negate:
        return None
    if rule.op is Op.EQ:
        return {rule.value}
    if rule.op is Op.IN and isinstance(rule.value, list | tuple):
        return set(rule.value)
    return None


def _disjoint(left: Attribute, right: Attribute) -> bool:
    allowed = _allowed(left), _allowed(right)
    if allowed[0] is not None and allowed[1] is not None:
        return not allowed[0] & allowed[1]
    bounds = _bounds(left), _bounds(right)
    if bounds[0] is None or bounds[1] is None:
        return False
    low = max(bounds[0][0], bounds[1][0])
    high = min(bounds[0][1], bounds[1][1])
    return low > high


_INFINITY = float("inf")


def _bounds(rule: Attribute) -> tuple[float, float] | None:
    """The closed numeric interval a numeric comparison allows (strict ends nudged)."""
    value = rule.value
    if rule.negate or isinstance(value, bool):
        return None
    if rule.op is Op.BETWEEN and isinstance(value, list | tuple) and len(value) == 2:
        low, high = value
        return (float(low), float(high)) if _numbers(low, high) else None
    if not isinstance(value, int | float):
        return None
    nudge = 1e-9
    table = {
        Op.GT: (value + nudge, _INFINITY),
        Op.GTE: (value, _INFINITY),
        Op.LT: (-_INFINITY, value - nudge),
        Op.LTE: (-_INFINITY, value),
    }
    found = table.get(rule.op)
    return (float(found[0]), float(found[1])) if found else None


def _numbers(*values: object) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
