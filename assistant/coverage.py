"""Coverage flags: every constraint phrase should become a rule, and every rule have a phrase.

A proposal's coverage map ties phrases of the request to rule paths. A phrase with no path was
dropped (the audience may be larger than asked); a rule no phrase points to was invented (the
audience may be smaller than asked). Both are flagged to the user as warnings. For planners other
than the offline parser, ``content_issues`` reads the request the way the offline parser does and
checks the model's coverage map against it: content words left out, phrases that are not the
user's words, phrases citing a rule they do not name. For a refinement, ``refinement_issues``
checks that the catalog words of earlier turns still have a rule, unless a later turn named them,
and keeps the notices of the edited tree while its rules stand; a phrase is reported once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from assistant.contract import Conversation, Proposal
from assistant.language import Pack, Role, all_packs, pack_for
from assistant.offline.coverage import is_reported
from assistant.offline.lexicon import Sense, SenseKind
from assistant.offline.spans import Span, SpanKind
from audience.rules import (
    Attribute,
    Behavior,
    IndicatorRule,
    Node,
    Reachable,
    RuleTree,
    walk_node,
)
from schema_catalog import Catalog, Issue, Severity

if TYPE_CHECKING:
    from assistant.offline.understand import Understanding


def _rule_paths(proposal: Proposal) -> list[str]:
    """Paths of the top-level rules: the lines a reviewer reads."""
    return [f"root.rules[{index}]" for index in range(len(proposal.rules.root.rules))]


def _covers(cited: str, path: str) -> bool:
    return cited == path or cited.startswith(path + ".") or path.startswith(cited + ".")


def coverage_issues(proposal: Proposal) -> list[Issue]:
    """Warnings for dropped phrases and for rules with no source phrase.

    Codes: ``coverage_dropped_phrase`` (path ``coverage[i]``) and ``coverage_unsourced_rule``
    (path of the rule). Messages are in the proposal's language.
    """
    pack = pack_for(proposal.language)
    issues = [
        Issue(
            code="coverage_dropped_phrase",
            severity=Severity.WARNING,
            path=f"coverage[{index}]",
            message=pack.say("flag_dropped_phrase", phrase=item.phrase),
            hint="Rephrase it, or add the condition by hand if it matters.",
        )
        for index, item in enumerate(proposal.coverage)
        if item.rule_path is None
    ]
    cited = [item.rule_path for item in proposal.coverage if item.rule_path]
    issues += [
        Issue(
            code="coverage_unsourced_rule",
            severity=Severity.WARNING,
            path=path,
            message=pack.say("flag_unsourced_rule", path=path),
            hint="Check it is wanted; remove it if not.",
        )
        for path in _rule_paths(proposal)
        if not any(_covers(c, path) for c in cited)
    ]
    return issues


def read_request(
    request: str, catalog: Catalog, pack: Pack | None = None, history: Conversation | None = None
) -> Understanding:
    """The offline reader's reading of ``request`` (language, spans, rules, stated size), in
    ``pack``'s language when given (a follow-up is read in the conversation's language) and,
    with ``history``, as a follow-up to it (a word may narrow an event its tree holds)."""
    from assistant.offline.lexicon import lexicon_for
    from assistant.offline.understand import understand

    previous = history.last_rules if history is not None else None
    earlier = [t.text for t in history.turns if t.role == "user"] if history is not None else []
    lexicon = lexicon_for(catalog)
    return understand(request, catalog, lexicon, previous=previous, pack=pack, earlier=earlier)


def content_issues(
    request: str, proposal: Proposal, catalog: Catalog, understood: Understanding | None = None
) -> list[Issue]:
    """The offline reader's coverage check, run on another planner's coverage map.

    The request is read with the language packs and the catalog lexicon; every content word
    (catalog term, time, number, negation, vague or unknown word) must lie inside a coverage
    phrase that cites a rule or is reported as dropped; every phrase must be the user's words;
    and a phrase's catalog words must name something of the rule it cites.

    Codes: ``coverage_unmapped_words`` (path ``request[start:end]``),
    ``coverage_phrase_not_in_request`` and ``coverage_mismatch`` (path ``coverage[i]``).
    """
    understood = understood or read_request(request, catalog)
    located = [_locate(request, item.phrase) for item in proposal.coverage]
    issues = [
        _issue(
            "coverage_phrase_not_in_request",
            f"coverage[{index}]",
            f"The coverage phrase {item.phrase!r} is not in the request.",
        )
        for index, (item, where) in enumerate(zip(proposal.coverage, located, strict=True))
        if item.phrase and where is None
    ]
    covered = [where for where in located if where is not None]
    issues += [
        _issue(
            "coverage_unmapped_words",
            f"request[{start}:{end}]",
            pack_for(proposal.language).say("flag_dropped_phrase", phrase=request[start:end]),
        )
        for start, end in _uncovered(understood.spans, covered)
    ]
    return issues + _mismatches(proposal, understood, located, catalog.profile.table)


def _issue(code: str, path: str, message: str) -> Issue:
    return Issue(
        code=code,
        severity=Severity.WARNING,
        path=path,
        message=message,
        hint="Check the audience covers what was asked; rephrase or edit the rules if not.",
    )


def _locate(request: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` is in ``request`` (case-insensitively), or None."""
    if not phrase:
        return None
    start = request.lower().find(phrase.lower())
    return (start, start + len(phrase)) if start >= 0 else None


def _uncovered(spans: Sequence[Span], covered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character runs of content spans no located phrase covers."""
    runs: list[tuple[int, int]] = []
    for span in spans:
        if not is_reported(span):
            continue
        if any(start < span.char_end and span.char_start < end for start, end in covered):
            continue
        if runs and span.char_start - runs[-1][1] <= 1:
            runs[-1] = (runs[-1][0], span.char_end)
        else:
            runs.append((span.char_start, span.char_end))
    return runs


def _mismatches(
    proposal: Proposal,
    understood: Understanding,
    located: Sequence[tuple[int, int] | None],
    profile: str,
) -> list[Issue]:
    nodes = dict(proposal.rules.walk())
    issues = []
    for index, (item, where) in enumerate(zip(proposal.coverage, located, strict=True)):
        node = nodes.get(item.rule_path or "")
        if node is None or where is None:
            continue
        named = [
            span
            for span in understood.spans
            if span.kind is SpanKind.TERM
            and not span.is_subject
            and where[0] <= span.char_start
            and span.char_end <= where[1]
        ]
        keys = node_keys(node, profile)
        if named and not any(sense_keys(span.senses) & keys for span in named):
            issues.append(
                _issue(
                    "coverage_mismatch",
                    f"coverage[{index}]",
                    f"{item.phrase!r} does not name anything of the rule at {item.rule_path!r}.",
                )
            )
    return issues


def sense_keys(senses: Sequence[Sense]) -> set[str]:
    keys: set[str] = set()
    for sense in senses:
        if sense.indicator:
            keys.add(f"indicator:{sense.indicator}")
        elif sense.channel:
            keys.add(f"channel:{sense.channel}")
        elif sense.column:
            keys |= {f"{sense.table}.{sense.column}", str(sense.table)}
        elif sense.table:
            keys.add(sense.table)
    return keys


def node_keys(node: Node, profile: str) -> set[str]:
    """What a rule names: its fields, events, indicators and channels; a table only when it is
    not the profile (every profile attribute is 'about customers')."""
    keys: set[str] = set()
    for _, child in walk_node(node, "node"):
        if isinstance(child, Attribute):
            table = child.field.partition(".")[0]
            keys |= {child.field} | ({table} if table != profile else set())
        elif isinstance(child, Behavior):
            keys.add(child.event)
            keys |= {f"{child.event}.{c.field}" for c in child.filters}
        elif isinstance(child, IndicatorRule):
            keys.add(f"indicator:{child.indicator}")
        elif isinstance(child, Reachable):
            keys.add(f"channel:{child.channel}")
    return keys


def refinement_issues(
    history: Conversation, request: str, proposal: Proposal, catalog: Catalog
) -> list[Issue]:
    """An edit's coverage warnings: earlier words that lost their rule (``earlier_issues``) and
    the edited tree's notices carried (``carried_issues``), each phrase said once."""
    lost = earlier_lost(history, request, proposal, catalog)
    phrases = [phrase for _, phrase in lost]
    return [*earlier_issues(lost, proposal), *carried_issues(history, proposal, phrases)]


def earlier_issues(lost: Sequence[tuple[int, str]], proposal: Proposal) -> list[Issue]:
    """Warnings for catalog words of earlier user turns that no rule of a refined proposal
    names and that no later turn named (a correction naming the field replaces it; a removal
    the follow-up asks for removes it), and for earlier words outside the catalog that were left
    unread and not said again: ``lost`` (``earlier_lost``).

    Code: ``coverage_earlier_dropped`` (path ``conversation[i]``, the i-th user turn).
    """
    pack = pack_for(proposal.language)
    return [
        Issue(
            code="coverage_earlier_dropped",
            severity=Severity.WARNING,
            path=f"conversation[{turn}]",
            message=pack.say("flag_earlier_dropped", phrase=phrase),
            hint="Say it again in the follow-up if it should still apply.",
        )
        for turn, phrase in lost
    ]


def earlier_lost(
    history: Conversation, request: str, proposal: Proposal, catalog: Catalog
) -> list[tuple[int, str]]:
    """The phrases of earlier user turns that lost their rule (see ``earlier_issues``), each
    with its user turn's index."""
    earlier = [turn.text for turn in history.turns if turn.role == "user"]
    if not earlier:
        return []
    # Each earlier turn in its own language: a French follow-up to an English request does not
    # leave the English words unread.
    readings = [
        *(read_request(text, catalog) for text in earlier),
        read_request(request, catalog, pack_for(proposal.language), history),
    ]
    kept = _tree_keys(proposal.rules, catalog)
    removes = (Role.EDIT_REMOVE, Role.EDIT_ANY, Role.EDIT_ANYWHERE)
    if history.last_rules is not None and any(
        span.has(role) for span in readings[-1].spans for role in removes
    ):
        kept |= _tree_keys(history.last_rules, catalog)
    return [
        (turn, phrase)
        for turn in range(len(earlier))
        for phrase in _lost_phrases(readings[turn], readings[turn + 1 :], kept)
    ]


def carried_issues(
    history: Conversation, proposal: Proposal, reported: Collection[str] = ()
) -> list[Issue]:
    """The notices shown with the tree a refinement edits, carried to the edited proposal while
    every rule of that tree is kept as it was ('only those in Lyon' after 'recent buyers' still
    stands on 'recent = in the last 90 days'). A follow-up that changes or removes a rule carries
    none: a notice about that rule would no longer be true, and ``earlier_issues`` reports words
    of earlier turns that lost their rule.

    A notice that a phrase of ``reported`` (earlier phrases ``earlier_issues`` reports) did not
    become a rule is not carried: the phrase is said once.

    Code: ``notice_carried`` (path ``conversation[i]``, the i-th turn of the conversation).
    """
    found = history.last_proposed
    if found is None:
        return []
    index, turn = found
    said_again = {
        pack.say("flag_dropped_phrase", phrase=phrase)
        for pack in all_packs()
        for phrase in reported
    }
    edited = turn.rules.root.rules if turn.rules is not None else ()
    if not all(rule in proposal.rules.root.rules for rule in edited):
        return []
    return [
        Issue(
            code="notice_carried",
            severity=Severity.WARNING,
            path=f"conversation[{index}]",
            message=notice,
            hint="Shown with the audience this follow-up edits; it still applies.",
        )
        for notice in dict.fromkeys(turn.notices)
        if notice not in proposal.notices and notice not in said_again
    ]


def _tree_keys(tree: RuleTree, catalog: Catalog) -> set[str]:
    keys = set().union(*(node_keys(rule, catalog.profile.table) for rule in tree.root.rules))
    return keys | ({f"channel:{tree.channel}"} if tree.channel else set())


def _lost_phrases(
    understood: Understanding, later: Sequence[Understanding], kept: set[str]
) -> list[str]:
    """Phrases of an earlier turn whose catalog senses no kept rule and no later turn names,
    and its unread words outside the catalog that no later turn says again."""
    named = kept.union(*(_spans_keys(reading.spans) for reading in later))
    said = " ".join(reading.request.lower() for reading in later)
    places: dict[tuple[int, int], list[tuple[int, Span]]] = {}
    for index, span in enumerate(understood.spans):
        places.setdefault((span.char_start, span.char_end), []).append((index, span))
    lost: list[tuple[int, int]] = []
    for (start, end), found in places.items():
        keys = _spans_keys([span for _, span in found])
        unread = all(s.kind is SpanKind.UNKNOWN and i not in understood.used for i, s in found)
        text = understood.request[start:end]
        if not ((keys and not keys & named) or (unread and text.lower() not in said)):
            continue
        if lost and not understood.request[lost[-1][1] : start].strip():
            lost[-1] = (lost[-1][0], end)  # words side by side are one phrase
        else:
            lost.append((start, end))
    return [understood.request[start:end] for start, end in lost]


def _spans_keys(spans: Sequence[Span]) -> set[str]:
    """The most specific thing each catalog sense of ``spans`` names: a column for a value or a
    column, an event or table, an indicator, a channel (people nouns name nothing)."""
    keys: set[str] = set()
    for span in spans:
        if not span.is_subject:
            keys = keys.union(*(_specific_key(sense) for sense in span.senses))
    return keys


def _specific_key(sense: Sense) -> set[str]:
    if sense.kind is SenseKind.SUBJECT:
        return set()
    if sense.indicator:
        return {f"indicator:{sense.indicator}"}
    if sense.channel:
        return {f"channel:{sense.channel}"}
    if sense.column and sense.kind is not SenseKind.MEASURE:
        return {f"{sense.table}.{sense.column}"}
    return {str(sense.table)} if sense.table else set()
