"""One request read end to end: language → tokens → spans → anchors → attachments → rules.

``understand`` decides nothing about the outcome (proposal, question, refusal): the planner and
the refinement edits read the ``Understanding`` it returns. Passes, in order:

1. the language is detected from the packs; the request is tokenised with that pack only;
2. each word is normalised against the catalog and the pack (stems, negating prefixes, typos);
3. ``spans`` recognises catalog terms, times, quantities, sizes, negations, connectors…;
4. forced readings (a clarification option) anchor first, then ``anchors`` seeds and places terms,
   ``tenure`` reads how long people have been customers, ``attach`` attaches modifiers,
   ``vague`` assumes or asks, ``clauses`` lends across clauses;
5. ``build`` makes the rules and groups them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.language import Pack, Role, Token, detect_language, fold, tokenize
from assistant.offline.anchors import place_senses, seed_anchors
from assistant.offline.build import Parse, build_parse
from assistant.offline.clauses import lend_across_clauses
from assistant.offline.column_cues import absorb_value_nouns, say_grammar_columns
from assistant.offline.comeback import read_comeback
from assistant.offline.dateless import ask_dateless
from assistant.offline.draft import Choice, Draft, Mention
from assistant.offline.ends import date_ends, date_seen_verbs
from assistant.offline.event_words import absorb_event_words
from assistant.offline.gendered import read_feminine_people
from assistant.offline.held_parts import read_held_parts
from assistant.offline.lexicon import Lexicon
from assistant.offline.modifiers import attach_modifiers
from assistant.offline.moves import read_moves
from assistant.offline.negation import note_gaps
from assistant.offline.numbers import parse_number
from assistant.offline.one_state import one_state
from assistant.offline.purpose import set_purpose_aside
from assistant.offline.qualifiers import absorb_lapse_words
from assistant.offline.scanner import ScanContext, scan
from assistant.offline.spans import Span
from assistant.offline.state_dates import date_states
from assistant.offline.tenure import read_tenure
from assistant.offline.turning import read_turning
from assistant.offline.vague import (
    place_vague,
    settle_by_catalog,
    settle_by_column,
    settle_vague,
)
from assistant.offline.wordforms import unit_typo
from audience.rules import Attribute, Behavior, IndicatorRule, RuleTree
from schema_catalog import Catalog


@dataclass(frozen=True)
class Understanding:
    """Everything one request yields: its language, spans, the parse, and which spans it used."""

    request: str
    pack: Pack
    spans: tuple[Span, ...]
    parse: Parse
    used: frozenset[int] = field(default_factory=frozenset)
    """Indexes of the spans a rule, the channel or the expected size consumed."""

    def unused(self) -> tuple[tuple[int, Span], ...]:
        return tuple((i, s) for i, s in enumerate(self.spans) if i not in self.used)


def _hyphened(request: str, token: Token) -> bool:
    return token.start > 0 and request[token.start - 1] == "-"


def _left_open(request: str, token: Token) -> bool:
    """'12-' in '12- or 24-month': the word ends on a hyphen followed by a space."""
    return request[token.end : token.end + 2] == "- "


def suspended(request: str, tokens: list[Token], pack: Pack) -> list[Token]:
    """'Bio-Obst oder -Gemüse', 'pre- or post-paid', '12- or 24-month': a part written with a
    hyphen only, beside 'or' / 'and', shares the other part of the compound next to it — read
    as written in full (the shared part is read again at the hyphen's place)."""

    def joiner(index: int) -> bool:
        text = tokens[index].text
        return pack.is_word(Role.OR, text) or pack.is_word(Role.AND, text)

    found: list[Token] = []
    for index, token in enumerate(tokens):
        joined = index >= 3 and _hyphened(request, token) and _hyphened(request, tokens[index - 2])
        if joined and joiner(index - 1):
            shared = tokens[index - 3]
            found.append(Token(shared.text, token.start - 1, token.start))
        found.append(token)
        tail = tokens[index + 3] if index + 3 < len(tokens) else None
        if (
            tail is not None
            and _left_open(request, token)
            and joiner(index + 1)
            and _hyphened(request, tail)
            and tail.start == tokens[index + 2].end + 1
        ):
            found.append(Token(tail.text, token.end, token.end + 1))
    return found


def normalised_tokens(request: str, pack: Pack, lexicon: Lexicon) -> tuple[list[Token], list[str]]:
    """Tokens of ``request`` in ``pack``'s language mapped onto the known vocabulary, and the
    catalog form of each (what catalog look-ups read)."""
    tokens: list[Token] = []
    terms: list[str] = []
    for token in suspended(request, tokenize(request, pack.morphology), pack):
        counted = bool(tokens) and parse_number(tokens[-1].text) is not None
        unit = unit_typo(lexicon, token.text, pack) if counted else None
        for word, term in unit or lexicon.normalise(token.text, pack):
            tokens.append(Token(word, token.start, token.end))
            terms.append(term)
    return tokens, terms


def _capitals(tokens: list[Token], request: str) -> frozenset[int]:
    """Words written in capitals ('BE', 'IT')."""
    return frozenset(
        index
        for index, token in enumerate(tokens)
        if len(text := request[token.start : token.end]) > 1 and text.isupper()
    )


def _names(tokens: list[Token], request: str) -> frozenset[int]:
    """Words capitalised inside a sentence ('the Plus plan'): names, so a catalog value even
    when the language has the word ('plus')."""
    return frozenset(
        index
        for index, token in enumerate(tokens)
        if index > 0
        and not _opens(tokens, index)
        and len(text := request[token.start : token.end]) > 1
        and text[0].isupper()
        and text[1:].islower()
    )


def _opens(tokens: list[Token], index: int) -> bool:
    return tokens[index - 1].text in {".", "!", "?", ":", ";", "//"}


def _events(tree: RuleTree | None) -> frozenset[str]:
    if tree is None:
        return frozenset()
    return frozenset(node.event for _, node in tree.walk() if isinstance(node, Behavior))


def constrained_fields(tree: RuleTree | None) -> frozenset[str]:
    """Every 'table.column' ``tree`` constrains: its attributes' fields, its filters' columns."""
    if tree is None:
        return frozenset()
    fields = {node.field for _, node in tree.walk() if isinstance(node, Attribute)}
    for _, node in tree.walk():
        if isinstance(node, Behavior):
            fields |= {f"{node.event}.{condition.field}" for condition in node.filters}
    return frozenset(fields)


def constrained_values(tree: RuleTree | None) -> frozenset[tuple[str, str]]:
    """Every ('table.column', value) ``tree`` requires by equality or a list of values."""
    if tree is None:
        return frozenset()
    pairs: set[tuple[str, str]] = set()
    for _, node in tree.walk():
        if isinstance(node, Attribute) and not node.negate:
            pairs |= {(node.field, str(value)) for value in _listed(node.value)}
        elif isinstance(node, Behavior) and not node.negate:
            for condition in node.filters:
                field = f"{node.event}.{condition.field}"
                pairs |= {(field, str(value)) for value in _listed(condition.value)}
    return frozenset(pairs)


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else [value]


def indicator_keys(tree: RuleTree | None) -> dict[str, str]:
    """Indicator → key chosen in ``tree`` ('tighten it to strong' keeps 'bags')."""
    if tree is None:
        return {}
    return {
        node.indicator: str(node.key)
        for _, node in tree.walk()
        if isinstance(node, IndicatorRule) and node.key is not None
    }


def read_spans(request: str, catalog: Catalog, lexicon: Lexicon, pack: Pack) -> tuple[Span, ...]:
    """The first passes alone: ``request`` in ``pack``'s language as spans (what a check on
    the words needs, without building rules)."""
    tokens, terms = normalised_tokens(request, pack, lexicon)
    context = ScanContext(
        pack,
        lexicon,
        catalog.as_of.date(),
        _capitals(tokens, request),
        tuple(terms),
        names=_names(tokens, request),
        said=tuple(fold(request[token.start : token.end]) for token in tokens),
    )
    return tuple(scan(tokens, request, context))


def understand(
    request: str,
    catalog: Catalog,
    lexicon: Lexicon,
    *,
    previous: RuleTree | None = None,
    choices: Mapping[int, Choice] | None = None,
    pack: Pack | None = None,
    earlier: Sequence[str] = (),
) -> Understanding:
    """Read ``request`` (see the module docstring).

    Args:
        request: the user's words.
        catalog: the catalog the words are read against.
        lexicon: the catalog's lexicon.
        previous: the tree a follow-up edits (lends the indicator keys it already chose).
        choices: readings forced on spans by index (a clarification option).
        pack: the language, when already known; detected from the request otherwise.
        earlier: the user's earlier turns (a follow-up's word may complete a name said there).
    """
    pack = pack or detect_language(request)
    spans = read_spans(request, catalog, lexicon, pack)
    spans = read_held_parts(spans, previous, catalog, pack, earlier)
    mentions = [Mention(span) for span in spans]
    draft = Draft(mentions=mentions, pack=pack, lexicon=lexicon, choices=dict(choices or {}))
    draft.earlier_events = _events(previous)
    draft.earlier_targets = constrained_fields(previous)
    draft.earlier_values = constrained_values(previous)
    for index, choice in draft.choices.items():
        draft.choose(index, choice)
    settle_vague(draft)
    settle_by_column(draft, catalog)
    settle_by_catalog(draft)
    set_purpose_aside(draft)
    read_feminine_people(draft, catalog)
    read_tenure(draft, catalog)
    read_turning(draft, catalog)
    read_moves(draft, catalog)
    seed_anchors(draft)
    place_senses(draft)
    date_ends(draft, catalog)
    date_seen_verbs(draft, catalog)
    attach_modifiers(draft, catalog, pack)
    read_comeback(draft)
    absorb_lapse_words(draft)
    one_state(draft, catalog)  # 'expired unused in May': one state, which dates its own column
    date_states(draft, catalog)
    absorb_value_nouns(draft, catalog)
    absorb_event_words(draft, catalog)
    place_vague(draft, pack)
    lend_across_clauses(draft, catalog)
    note_gaps(draft)
    ask_dateless(draft, catalog)
    say_grammar_columns(draft, catalog)
    parse = build_parse(draft, catalog, pack, indicator_keys(previous))
    used = frozenset(i for i, mention in enumerate(draft.mentions) if mention.used)
    return Understanding(request, pack, spans, parse, used)
