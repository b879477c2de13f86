"""The offline planner: a deterministic, catalog-grounded semantic parser (no network).

Pipeline (each step a small module): ``safety`` refuses → ``text`` normalises → ``scan`` finds
mentions → ``anchors`` places catalog phrases → ``modifiers`` attaches time, counts, amounts and
negations → ``build`` makes nodes, combined by ``grouping`` ('and' binds tighter than 'or') →
``clarify`` asks when a reading is ambiguous → ``refine`` (with ``followup``) edits the previous
tree for follow-up turns. Calendar dates are read by ``periods``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from assistant.contract import (
    Clarification,
    Conversation,
    CoverageItem,
    Proposal,
    Refusal,
    Usage,
)
from assistant.explain import explain_rules, request_language
from assistant.offline.anchors import Draft, place_senses, seed_anchors
from assistant.offline.build import Parse, build_parse
from assistant.offline.clarify import clarify, clarify_empty, clarify_vague
from assistant.offline.lexicon import Lexicon, build_lexicon
from assistant.offline.modifiers import attach_modifiers
from assistant.offline.refine import is_refinement, refine
from assistant.offline.safety import no_catalog_words_refusal, refusal_for
from assistant.offline.scan import Mention, MentionKind, ScanContext, scan
from assistant.offline.words import VAGUE_WORDS
from audience.rules import Group, IndicatorRule, RuleTree
from schema_catalog import Catalog

Result = Proposal | Clarification | Refusal


@dataclass
class Understanding:
    """Everything one request yields: the parse and the mentions behind it."""

    parse: Parse
    mentions: list[Mention]
    request: str = ""
    catalog: Catalog | None = None


class OfflinePlanner:
    """Plans requests with the catalog-grounded parser; the default when no model is set."""

    name = "offline"

    def __init__(self) -> None:
        self._lexicons: dict[str, Lexicon] = {}

    def lexicon(self, catalog: Catalog) -> Lexicon:
        """The lexicon of ``catalog``, built once per catalog fingerprint."""
        key = catalog.fingerprint()
        if key not in self._lexicons:
            self._lexicons[key] = build_lexicon(catalog)
        return self._lexicons[key]

    def understand(
        self, request: str, catalog: Catalog, previous: RuleTree | None = None
    ) -> Understanding:
        """Parse ``request`` without deciding the outcome (used by refinement too).

        ``previous`` (the tree a follow-up edits) lends the indicator keys it already chose.
        """
        lexicon = self.lexicon(catalog)
        tokens = lexicon.normaliser.tokens(request)
        mentions = scan(tokens, request, ScanContext(lexicon, catalog.as_of.date()))
        draft = Draft()
        seed_anchors(mentions, draft)
        place_senses(mentions, draft)
        attach_modifiers(mentions, draft, catalog)
        parse = build_parse(mentions, draft, catalog, _indicator_keys(previous))
        return Understanding(parse, mentions, request, catalog)

    def plan(self, request: str, conversation: Conversation | None, catalog: Catalog) -> Result:
        """Proposal, clarification or refusal for ``request`` (see module docstring)."""
        started = time.perf_counter()
        result = self._plan(request, conversation or Conversation(), catalog)
        usage = Usage(latency_ms=(time.perf_counter() - started) * 1000, model=self.name)
        return result.model_copy(update={"usage": usage})

    def _plan(self, request: str, conversation: Conversation, catalog: Catalog) -> Result:
        refusal = refusal_for(request)
        if refusal:
            return refusal
        previous = conversation.last_rules
        understood = self.understand(request, catalog, previous)
        if previous is not None and is_refinement(request, understood.mentions):
            return refine(request, previous, understood, catalog)
        return self._decide(request, understood, catalog)

    def _decide(self, request: str, understood: Understanding, catalog: Catalog) -> Result:
        parse = understood.parse
        question = _question(request, understood, catalog)
        if question:
            return question
        if not parse.rules and parse.channel is None:
            if not _any_catalog_word(understood.mentions):
                return no_catalog_words_refusal()
            return clarify_empty(request, catalog)
        return proposal_from(request, parse, understood.mentions, catalog)


def _indicator_keys(tree: RuleTree | None) -> dict[str, str]:
    if tree is None:
        return {}
    return {
        node.indicator: str(node.key)
        for _, node in tree.walk()
        if isinstance(node, IndicatorRule) and node.key is not None
    }


def _question(request: str, understood: Understanding, catalog: Catalog) -> Clarification | None:
    if understood.parse.ambiguities:
        return clarify(understood.parse.ambiguities[0], request, catalog)
    for mention in understood.mentions:
        if mention.kind in {MentionKind.VAGUE, MentionKind.STRONG} and not mention.used:
            word = mention.words[0]
            category = VAGUE_WORDS.get(word, "value")
            return clarify_vague(mention.text or word, category, request, catalog)
    return None


def _any_catalog_word(mentions: list[Mention]) -> bool:
    return any(m.senses or m.kind in {MentionKind.TIME, MentionKind.QUANTITY} for m in mentions)


def dropped_phrases(mentions: list[Mention]) -> list[str]:
    """Runs of unknown words and unattached modifiers: what the parse did not use."""
    leftovers = {
        MentionKind.UNKNOWN,
        MentionKind.TIME,
        MentionKind.QUANTITY,
        MentionKind.SENSE,
        MentionKind.NEGATION,
    }
    runs: list[list[Mention]] = []
    for mention in mentions:
        if mention.kind in leftovers and not mention.used and not _subject(mention):
            if runs and runs[-1][-1].end == mention.start:
                runs[-1].append(mention)
            else:
                runs.append([mention])
    return [" ".join(m.text for m in run) for run in runs]


def _subject(mention: Mention) -> bool:
    return bool(mention.senses) and all(s.kind.value == "subject" for s in mention.senses)


def coverage_of(parse: Parse, mentions: list[Mention], paths: list[str]) -> list[CoverageItem]:
    """Phrase → rule path for every mention used, then the dropped phrases with no path."""
    items = [
        CoverageItem(phrase=mention.text, rule_path=path)
        for rule, path in zip(parse.rules, paths, strict=True)
        for mention in sorted(rule.mentions, key=lambda m: m.start)
    ]
    items += [CoverageItem(phrase=m.text, rule_path="channel") for m in parse.channel_mentions]
    items += [
        CoverageItem(phrase=phrase, rule_path=None, note="Not understood; not in the rules.")
        for phrase in dropped_phrases(mentions)
    ]
    return items


def proposal_from(
    request: str,
    parse: Parse,
    mentions: list[Mention],
    catalog: Catalog,
) -> Proposal:
    """The proposal for a fresh parse (refinements build theirs in ``offline.refine``)."""
    channel = parse.channel or None
    tree = RuleTree(
        root=Group(op="and", rules=[rule.node for rule in parse.rules]), channel=channel
    )
    paths = [f"root.rules[{index}]" for index in range(len(parse.rules))]
    language = request_language(request)
    return Proposal(
        rules=tree,
        explanation=explain_rules(tree, catalog, language),
        assumptions=tuple(parse.assumptions),
        coverage=tuple(coverage_of(parse, mentions, paths)),
    )
