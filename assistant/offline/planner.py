"""The offline planner: a deterministic, catalog-grounded semantic parser (no network).

A request is first checked for what it asks (``safety``: guardrails; ``intent``: a text, a
figure, a question that is not a set of people), then read (``understand``). A follow-up turn
edits the previous tree (``refine``). Otherwise: an ambiguity or a vague word becomes a question
whose options are complete audiences (``clarify``); nothing understood becomes a question, or a
refusal when the words are not in the catalog; a phrase read one way when the catalog offers a
rival reading that selects other people becomes a question between both audiences (``rivals``);
anything else a proposal whose coverage map reports every content word it did not use, and whose
assumptions are stated.
"""

from __future__ import annotations

import functools
import time

from assistant.contract import Clarification, Conversation, Proposal, Refusal, Turn, Usage
from assistant.explain import explain_rules, language_of
from assistant.language import Pack, all_packs, detect_language, tokenize
from assistant.offline.clarify import clarify, clarify_empty, reader, settled, tree_of
from assistant.offline.coverage import coverage_of, reported_runs
from assistant.offline.intent import intent_refusal, unknown_refusal
from assistant.offline.lexicon import Lexicon, lexicon_for
from assistant.offline.ranked import plan_ranked
from assistant.offline.refine import asks_removal, is_refinement, refine
from assistant.offline.rivals import object_reading, proposal_findings, rival_question
from assistant.offline.safety import unsafe_refusal
from assistant.offline.spans import SpanKind
from assistant.offline.understand import Understanding, understand
from assistant.offline.undo import asks_undo, undo
from audience.rules import RuleTree
from schema_catalog import Catalog

Result = Proposal | Clarification | Refusal


class OfflinePlanner:
    """Plans requests with the catalog-grounded parser; the default when no model is set."""

    name = "offline"

    def __init__(self) -> None:
        self._last: tuple[Catalog, Lexicon] | None = None

    def lexicon(self, catalog: Catalog) -> Lexicon:
        """The lexicon of ``catalog`` (built once per catalog; the catalog seen last is recognised
        by identity, without hashing it again)."""
        if self._last is None or self._last[0] is not catalog:
            self._last = (catalog, lexicon_for(catalog))
        return self._last[1]

    def plan(self, request: str, conversation: Conversation | None, catalog: Catalog) -> Result:
        """Proposal, clarification or refusal for ``request`` (see the module docstring)."""
        started = time.perf_counter()
        result = self._plan(request, conversation or Conversation(), catalog)
        usage = Usage(latency_ms=(time.perf_counter() - started) * 1000, model=self.name)
        return result.model_copy(update={"usage": usage})

    def understand(self, request: str, catalog: Catalog, pack: Pack | None = None) -> Understanding:
        """Read ``request`` against ``catalog`` (see ``offline.understand``)."""
        return understand(request, catalog, self.lexicon(catalog), pack=pack)

    def _rest(self, text: str, *, catalog: Catalog, pack: Pack) -> Result | None:
        return _rest_of_ranked(self, text, catalog, pack)

    def _plan(self, request: str, conversation: Conversation, catalog: Catalog) -> Result:
        pack = _language(request, conversation, self.lexicon(catalog))
        words = [token.text for token in tokenize(request, pack.morphology)]
        refusal = unsafe_refusal(request, words, pack, catalog)
        if refusal is not None:
            return refusal
        previous = conversation.last_rules
        lexicon = self.lexicon(catalog)
        said_before = [turn.text for turn in conversation.turns if turn.role == "user"]
        understood = understand(
            request, catalog, lexicon, previous=previous, pack=pack, earlier=said_before
        )
        refusal = intent_refusal(words, understood.spans, pack)
        if refusal is not None:
            return refusal
        if previous is None:
            rest = functools.partial(self._rest, catalog=catalog, pack=pack)
            ranked = plan_ranked(request, pack, catalog, lexicon, rest)
            if ranked is not None:
                return ranked
        asked = _asked_before(conversation) if previous is None else None
        if asked is not None and is_refinement(understood):
            # 'only those who …' answering a question: it narrows the request that was asked
            earlier, before = asked
            return self._plan(f"{earlier.text}, {request}", before, catalog)
        if previous is None and asks_removal(understood):
            return Clarification(question=pack.say("ask_nothing_to_edit"), language=pack.code)
        if previous is not None and asks_undo(understood):
            return undo(understood, conversation, catalog, lexicon)
        if previous is not None and is_refinement(understood):
            refined = refine(understood, previous, catalog, lexicon)
            if refined is not None:
                return refined
        return decide(understood, catalog, lexicon)


def _rest_of_ranked(
    planner: OfflinePlanner, text: str, catalog: Catalog, pack: Pack
) -> Result | None:
    """A ranked request without its ranking words: None when no condition is left."""
    lexicon = planner.lexicon(catalog)
    understood = understand(text, catalog, lexicon, pack=pack)
    parse = understood.parse
    if not (parse.ambiguities or parse.rules or parse.channel):
        return None
    return decide(understood, catalog, lexicon)


def _asked_before(conversation: Conversation) -> tuple[Turn, Conversation] | None:
    """The user's request the last answer questioned (an assistant turn with no tree, no tree
    before it), with the conversation before that request."""
    turns = conversation.turns
    if len(turns) < 2 or turns[-1].role != "assistant" or turns[-1].rules is not None:
        return None
    if turns[-2].role != "user":
        return None
    return turns[-2], Conversation(turns=turns[:-2])


def _language(request: str, conversation: Conversation, lexicon: Lexicon) -> Pack:
    """The request's language (names of places and stores do not vote); a follow-up with no
    telling word keeps the conversation's."""
    packs = all_packs()
    earlier = " ".join(turn.text for turn in conversation.turns if turn.role == "user")
    detected = detect_language(request, packs, lexicon.name_length)
    if not earlier:
        return detected
    before = detect_language(earlier, packs, lexicon.name_length)
    return detected if _telling(request, detected, before) else before


def _telling(request: str, pack: Pack, before: Pack) -> bool:
    """A grammar word of ``pack`` that the conversation's language does not have ('non' is
    English and French: it does not switch a French conversation to English)."""
    own = pack.signature - before.signature
    return any(token.text in own for token in tokenize(request, pack.morphology))


def decide(understood: Understanding, catalog: Catalog, lexicon: Lexicon) -> Result:
    """The outcome of a fresh reading: question, refusal or proposal."""
    parse = understood.parse
    if parse.ambiguities:
        read = reader(understood.request, catalog, lexicon, understood)
        only = settled(parse.ambiguities[0], understood, catalog, lexicon, read)
        if only is not None:
            return proposal_from(only, catalog)
        return clarify(parse.ambiguities[0], understood, catalog, lexicon, read)
    if not parse.rules and parse.channel is None:
        reported = _reported(understood)
        unknown = [p for p, kind in reported if kind is SpanKind.UNKNOWN]
        catalog_words = any(kind is not SpanKind.UNKNOWN for _, kind in reported)
        if (unknown and not catalog_words) or not _any_content(understood):
            return unknown_refusal(unknown or [understood.request], understood.pack)
        return clarify_empty(understood, catalog)
    proposal = proposal_from(understood, catalog)
    read = reader(understood.request, catalog, lexicon, understood)
    findings = proposal_findings(understood, proposal, catalog)
    objected = object_reading(understood, read, findings)
    if objected is not None:
        return proposal_from(objected, catalog)
    return rival_question(understood, proposal, catalog, read, findings) or proposal


def _reported(understood: Understanding) -> list[tuple[str, SpanKind]]:
    return reported_runs(understood.spans, understood.used, understood.request)


def _any_content(understood: Understanding) -> bool:
    content = {SpanKind.TERM, SpanKind.TIME, SpanKind.QUANTITY, SpanKind.VAGUE, SpanKind.SIZE}
    return any(span.kind in content for span in understood.spans)


def proposal_from(understood: Understanding, catalog: Catalog) -> Proposal:
    """The proposal for a fresh reading (refinements build theirs in ``refine``)."""
    tree = tree_of(understood) or RuleTree.model_validate({"root": {"kind": "group"}})
    paths = [f"root.rules[{index}]" for index in range(len(understood.parse.rules))]
    return Proposal(
        rules=tree,
        explanation=explain_rules(tree, catalog, language_of(understood.pack.code)),
        assumptions=understood.parse.assumptions,
        coverage=tuple(coverage_of(understood, paths)),
        expected_size=understood.parse.expected_size,
        language=understood.pack.code,
    )
