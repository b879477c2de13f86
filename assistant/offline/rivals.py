"""Rival readings: a proposal whose reading of one phrase has a real rival becomes a question.

The reading checks (``assistant.readings``) find a phrase read one way when the catalog offers
another that leads elsewhere — a word naming two events that became a rule on one of them with
nothing else saying which ('used the drive': the baskets' click-and-collect or the online
orders'), a phrase read as a bare presence test that also names a value ('box internet' paid
for: the renewals' broadband). The request is read again with each rival sense forced on that
phrase; when a rival yields another complete audience that reads every word the proposal read,
the user is asked, each option a complete tree (the planning pipeline validates and counts them).
A phrase with no such rival keeps the proposal and its notice.
"""

from __future__ import annotations

from assistant.contract import Clarification, ClarificationOption, Proposal
from assistant.language import Role
from assistant.offline.bookings import booked_or_done
from assistant.offline.clarify import Reader, option_label, tree_of
from assistant.offline.coverage import is_reported
from assistant.offline.draft import Choice
from assistant.offline.lexicon import SenseKind, lexicon_for
from assistant.offline.spans import Span
from assistant.offline.understand import Understanding
from assistant.reading_model import Finding
from assistant.readings import reading_findings
from assistant.trust import contradiction_issues
from audience.rules import RuleTree
from schema_catalog import Catalog


def proposal_findings(
    understood: Understanding, proposal: Proposal, catalog: Catalog
) -> list[Finding]:
    """The proposal's reading findings (``reading_findings``), read once for both checks below."""
    return reading_findings(understood.request, proposal, catalog, understood)


def rival_question(
    understood: Understanding,
    proposal: Proposal,
    catalog: Catalog,
    read: Reader,
    findings: list[Finding],
) -> Clarification | None:
    """The question between the proposal and its rival audiences, or None when no phrase has a
    rival that yields another complete tree."""
    for finding in findings:
        if _booked_or_done_settled(finding, understood, catalog):
            continue  # the proposal states its choice; no question
        options = _options(finding, understood, proposal, catalog, read)
        if len(options) > 1:
            phrase = understood.spans[finding.span or 0].text
            return Clarification(
                question=understood.pack.say("ask_senses", phrase=phrase),
                term=phrase,
                options=tuple(options),
                language=understood.pack.code,
            )
    return None


def object_reading(
    understood: Understanding, read: Reader, findings: list[Finding]
) -> Understanding | None:
    """'die App seit 60 Tagen nicht geöffnet', 'haven't opened it' after 'the app': a verb
    guessed as one event's value ('open': an email open) whose rival is another table's date of
    the same verb, when the verb's own clause names that table as its object (or points back to
    it with a pronoun, the table named just before) — the object says which: the rival reading,
    when it is a complete audience that reads every word the proposal read."""
    for finding in findings:
        index = finding.span
        if finding.issue.code != "event_guessed" or index is None or not finding.rivals:
            continue
        tables = {sense.table for sense in finding.rivals}
        if len(tables) != 1 or _object_table(understood, index) not in tables:
            continue
        reading = read({index: Choice(label=understood.spans[index].text, sense=finding.rivals[0])})
        tree = tree_of(reading)
        if tree is not None and _rival(reading, tree, understood):
            return reading
    return None


def _object_table(understood: Understanding, index: int) -> str | None:
    """The one table a structural noun of the verb's clause names ('the app'), or, when the
    clause has an object pronoun ('it', 'es'), the one the nearest such noun before it names."""
    spans = understood.spans
    clause = spans[index].clause
    own = {t for span in spans if span.clause == clause for t in _tables_named(span)}
    if own:
        return next(iter(own)) if len(own) == 1 else None
    pack = understood.pack
    pronoun = any(
        span.clause == clause and pack.is_word(Role.OBJECT_PRONOUN, word)
        for span in spans
        for word in span.words
    )
    if not pronoun:
        return None
    for span in reversed(spans[:index]):
        named = _tables_named(span)
        if named:
            return next(iter(named)) if len(named) == 1 else None
    return None


def _tables_named(span: Span) -> set[str]:
    """Tables a span names as a noun (a table's own word, not one of its values)."""
    return {s.table for s in span.senses if s.kind is SenseKind.TABLE and s.table}


def _booked_or_done_settled(finding: Finding, understood: Understanding, catalog: Catalog) -> bool:
    """Whether the guessed event is the one a choice recorded booked and done settles by its
    clause's time ('used the drive last month': the baskets; see ``bookings``)."""
    if finding.issue.code != "event_guessed" or finding.span is None:
        return False
    span = understood.spans[finding.span]
    clause = [other for other in understood.spans if other.clause == span.clause]
    chosen = booked_or_done(lexicon_for(catalog).twice, span.senses, clause)
    return chosen is not None and all(rival.table != chosen.table for rival in finding.rivals)


def _options(
    finding: Finding,
    understood: Understanding,
    proposal: Proposal,
    catalog: Catalog,
    read: Reader,
) -> list[ClarificationOption]:
    """The proposal's own audience first, then each rival's, one option per distinct tree."""
    index = finding.span
    if index is None or not finding.rivals:
        return []
    own = option_label(understood, proposal.rules, index, catalog)
    options = [ClarificationOption(label=own or finding.issue.message, rules=proposal.rules)]
    seen = {proposal.rules.fingerprint()}
    for sense in finding.rivals:
        reading = read({index: Choice(label=understood.spans[index].text, sense=sense)})
        tree = tree_of(reading)
        if tree is None or tree.fingerprint() in seen or not _rival(reading, tree, understood):
            continue
        seen.add(tree.fingerprint())
        label = option_label(reading, tree, index, catalog)
        options.append(ClarificationOption(label=label or understood.spans[index].text, rules=tree))
    return options


def _rival(reading: Understanding, tree: RuleTree, proposed: Understanding) -> bool:
    """Whether a re-reading is a real rival of the proposal: no more rules, none contradicting
    another, every content word the proposal read still read, nothing assumed that the proposal
    did not ('browsed shoes': the site visits, which have no product, would take 'shoes' as part
    of the visit; 'shoes' as an order would add a purchase the sentence then negates)."""
    if len(tree.root.rules) > len(proposed.parse.rules) or contradiction_issues(tree):
        return False
    if _assumed(reading) - _assumed(proposed):
        return False
    return not any(
        index in proposed.used and index not in reading.used and is_reported(span)
        for index, span in enumerate(proposed.spans)
    )


def _assumed(understood: Understanding) -> set[str]:
    """The assumptions of content, not the stated readings of words said (a boundary day, the
    people with no date), which any reading of the same words states alike."""
    return set(understood.parse.assumptions) - set(understood.parse.stated)
