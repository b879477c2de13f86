"""Planning a ranked request: the rest of the request selects, the ranking keeps the best N.

The ranking's words ('top 1000 … by spend') are read by ``ranking.find_ranking``; the rest of
the request, without them, is planned as any request (an empty rest selects everyone). A measure
the request names with one catalog reading ranks the proposal; a measure with several readings
('spent' on baskets or on lines), or none at all ('our top 1,000 customers'), becomes a question
whose options are the complete ranked audiences — one per measure the catalog offers for what
the request is about. A single candidate is proposed with its reading stated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.contract import (
    Clarification,
    ClarificationOption,
    CoverageItem,
    Proposal,
    Refusal,
)
from assistant.explain import explain_rules, language_of
from assistant.language import Pack
from assistant.offline.choices import money_tables, money_words
from assistant.offline.events import paid_state, with_paid_state
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.ranking import RankPhrase, find_ranking
from audience.rules import (
    AggregateFunc,
    Behavior,
    BehaviorMeasure,
    Condition,
    FieldMeasure,
    Group,
    IndicatorMeasure,
    Op,
    Ranking,
    RankMeasure,
    RuleTree,
    Window,
    describe_ranking,
)
from audience.validate import validate_rules
from languages import format_number
from schema_catalog import Catalog, IndicatorType, Table, has_errors

Result = Proposal | Clarification | Refusal
PlanRest = Callable[[str], Result | None]
"""Plans the request without its ranking words; None when the rest names no condition."""

MAX_OPTIONS = 4


def plan_ranked(
    request: str, pack: Pack, catalog: Catalog, lexicon: Lexicon, plan_rest: PlanRest
) -> Result | None:
    """The plan of a ranked request, or None when ``request`` asks for no ranking."""
    found = find_ranking(request, pack, lexicon, catalog.as_of.date())
    if found is None:
        return None
    rest = plan_rest(found.rest_of(request))
    if isinstance(rest, Refusal):
        return rest
    if isinstance(rest, Clarification):
        return _ranked_options(rest, found, pack, catalog)
    base = rest.rules if rest is not None else RuleTree(root=Group())
    return _ranked_proposal(base, rest, found, pack, catalog)


def _ranked_proposal(
    base: RuleTree, rest: Proposal | None, found: RankPhrase, pack: Pack, catalog: Catalog
) -> Proposal | Clarification:
    said = said_measures(found, catalog, base)
    candidates = said or default_measures(found, catalog, base, pack)
    if len(candidates) != 1:
        return _measure_question(base, found, candidates, pack, catalog)
    tree = ranked(base, found, candidates[0])
    assumptions = () if said else (_assumed(tree, found, pack, catalog),)
    return _proposal(tree, rest, found, assumptions, pack, catalog)


def _proposal(
    tree: RuleTree,
    rest: Proposal | None,
    found: RankPhrase,
    assumptions: Sequence[str],
    pack: Pack,
    catalog: Catalog,
) -> Proposal:
    coverage = CoverageItem(phrase=found.text, rule_path="ranking")
    return Proposal(
        rules=tree,
        explanation=explain_rules(tree, catalog, language_of(pack.code)),
        assumptions=(*(rest.assumptions if rest else ()), *assumptions),
        coverage=(*(rest.coverage if rest else ()), coverage),
        expected_size=rest.expected_size if rest else None,
        language=pack.code,
    )


def _assumed(tree: RuleTree, found: RankPhrase, pack: Pack, catalog: Catalog) -> str:
    reading = describe_ranking(tree, catalog, lang=language_of(pack.code)) or ""
    return pack.say("assume_rank", phrase=found.text, reading=reading)


def _measure_question(
    base: RuleTree,
    found: RankPhrase,
    candidates: Sequence[RankMeasure],
    pack: Pack,
    catalog: Catalog,
) -> Clarification:
    lang = language_of(pack.code)
    options = []
    for measure in candidates[:MAX_OPTIONS]:
        tree = ranked(base, found, measure)
        label = describe_ranking(tree, catalog, lang=lang) or found.text
        options.append(ClarificationOption(label=label, rules=tree))
    return Clarification(
        question=pack.say("ask_rank_measure", size=format_number(found.size, pack.code)),
        term=found.text,
        options=tuple(options),
        language=pack.code,
    )


def _ranked_options(
    asked: Clarification, found: RankPhrase, pack: Pack, catalog: Catalog
) -> Clarification:
    """The rest asks a question: each of its audiences keeps the ranking (its measure said, or
    the first the catalog offers for that audience — its label says which)."""
    options = []
    for option in asked.options:
        if option.rules is None:
            options.append(option)
            continue
        candidates = said_measures(found, catalog, option.rules)
        candidates = candidates or default_measures(found, catalog, option.rules, pack)
        tree = ranked(option.rules, found, candidates[0]) if candidates else option.rules
        reading = describe_ranking(tree, catalog, lang=asked.language)
        label = f"{option.label} — {reading}" if reading else option.label
        options.append(option.model_copy(update={"rules": tree, "label": label}))
    return asked.model_copy(update={"options": tuple(options)})


def ranked(base: RuleTree, found: RankPhrase, measure: RankMeasure) -> RuleTree:
    """``base`` keeping its ``found.size`` best by ``measure``."""
    ranking = Ranking(by=measure, direction=found.direction)
    return base.updated(limit=found.size, ranking=ranking)


# -- measures -----------------------------------------------------------------------------------


def said_measures(found: RankPhrase, catalog: Catalog, base: RuleTree) -> list[RankMeasure]:
    """The measures the request's words name, valid on ``base``: amounts summed before events
    counted, unless it said 'number of'."""
    senses = found.senses
    sums = [s for s in senses if s.kind is SenseKind.MEASURE]
    counts = [s for s in senses if s.kind in (SenseKind.EVENT, SenseKind.EVENT_VALUE)]
    others = [s for s in senses if s.kind in (SenseKind.COLUMN, SenseKind.INDICATOR)]
    chosen = (counts or sums) if found.counted else (sums or counts)
    window, counted = found.window, found.counted
    measures = [_measure(sense, window, counted, catalog) for sense in [*chosen, *others]]
    return _valid(measures, base, found, catalog)


def _measure(
    sense: Sense, window: Window | None, counted: bool, catalog: Catalog
) -> RankMeasure | None:
    table, column = sense.table or "", sense.column or ""
    match sense.kind:
        case SenseKind.MEASURE if not counted:
            return summed(catalog.table(table), column, window)
        case SenseKind.MEASURE | SenseKind.EVENT:
            return BehaviorMeasure(event=table, window=window)
        case SenseKind.EVENT_VALUE if not counted and _paid(catalog, sense):
            # 'who paid us the most': the money of the paid rows, not how many there are
            (money,) = _money(catalog.table(table), catalog)
            return summed(catalog.table(table), money, window)
        case SenseKind.EVENT_VALUE:
            value = Condition(field=column, op=Op.EQ, value=sense.value)
            return BehaviorMeasure(event=table, filters=(value,), window=window)
        case SenseKind.COLUMN:
            return FieldMeasure(field=f"{table}.{column}")
        case SenseKind.INDICATOR:
            return IndicatorMeasure(indicator=sense.indicator or "")
        case _:
            return None


def default_measures(
    found: RankPhrase, catalog: Catalog, base: RuleTree, pack: Pack
) -> list[RankMeasure]:
    """What 'best' can rank by when the request does not say: for each event the audience is
    about (else each event with an amount), its amounts summed and its events counted, over the
    audience's own period on it; then the catalog's money scores."""
    events = _events_of(base, catalog) or [t for t in catalog.event_tables if _money(t, catalog)]
    measures: list[RankMeasure | None] = []
    for table in events:
        window = found.window or _window_on(base, table.name)
        measures += [summed(table, m, window) for m in _money(table, catalog)]
        measures.append(BehaviorMeasure(event=table.name, window=window))
    measures += [
        IndicatorMeasure(indicator=i.name)
        for i in catalog.indicators
        if i.type is IndicatorType.NUMBER
        and i.dimension is None
        and (i.unit or money_words(i.description or "", pack))
    ]
    return _valid(measures, base, found, catalog)


def summed(table: Table, measure: str, window: Window | None) -> BehaviorMeasure:
    """The total of ``measure`` over the events, of the paid ones when the catalog says which
    state is paid (as 'spent over …' reads it)."""
    filters = tuple(with_paid_state(table, ()))
    return BehaviorMeasure(event=table.name, func=AggregateFunc.SUM, measure=measure,
                           filters=filters, window=window)  # fmt: skip


def _paid(catalog: Catalog, sense: Sense) -> bool:
    table = catalog.table(sense.table or "")
    paid = paid_state(table)
    return paid == (sense.column, sense.value) and len(_money(table, catalog)) == 1


def _events_of(base: RuleTree, catalog: Catalog) -> list[Table]:
    names = dict.fromkeys(n.event for _, n in base.walk() if isinstance(n, Behavior))
    return [catalog.table(name) for name in names if catalog.has_table(name)]


def _window_on(base: RuleTree, event: str) -> Window | None:
    windows = [n.window for _, n in base.walk() if isinstance(n, Behavior) and n.event == event]
    return windows[0] if len(windows) == 1 else None


def _money(table: Table, catalog: Catalog) -> list[str]:
    """The event's money measure (its first decimal one), as the planner's other choices."""
    return [measure for name, measure in money_tables(catalog) if name == table.name]


def _valid(
    measures: Sequence[RankMeasure | None], base: RuleTree, found: RankPhrase, catalog: Catalog
) -> list[RankMeasure]:
    kept: list[RankMeasure] = []
    for measure in measures:
        if measure is None or measure in kept:
            continue
        if not has_errors(validate_rules(ranked(base, found, measure), catalog)):
            kept.append(measure)
    return kept
