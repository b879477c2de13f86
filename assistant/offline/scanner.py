"""First pass: a request becomes an ordered tuple of recognised spans (``spans.Span``).

Each step below tries to read the words at one position (an audience size, a time, a quantity,
a catalog term, a negation, a connector, a known word); the first that recognises something
wins, otherwise the word is a known word of the language or an unknown word. French 'ne … que'
is found first: its two words mean 'only', not a negation and a new clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from assistant.language import Pack, Role, Token, all_packs
from assistant.offline.counted_values import counted_at
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.numbers import (
    Quantity,
    is_year,
    number_at,
    scan_quantity,
    trailing_comparison,
)
from assistant.offline.only import (
    exact_counts,
    exactly,
    no_longer_words,
    restriction,
    restrictive_negations,
)
from assistant.offline.spans import Connector, Negation, Span, SpanKind
from assistant.offline.times import scan_time
from audience.rules import Op


@dataclass(frozen=True)
class ScanContext:
    pack: Pack
    lexicon: Lexicon
    as_of: date
    capitals: frozenset[int] = frozenset()
    """Indexes of words the user wrote in capitals ('BE', 'IT')."""
    terms: tuple[str, ...] = ()
    """The catalog form of each word (its inflection as the catalog writes it)."""
    names: frozenset[int] = frozenset()
    """Indexes of words capitalised inside a sentence ('the Plus plan')."""
    said: tuple[str, ...] = ()
    """Each word as the user wrote it, folded (before it was mapped onto the catalog's words:
    'allemand' stays the language's name, not 'Allemagne')."""


Step = Callable[[Sequence[str], int, ScanContext], Span | None]


def _size(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'around 10,000 people', 'about 5k', 'a list of 2000 contacts': the audience size wanted."""
    pack = context.pack
    rough = pack.rough_sizes.match(words, index)
    if rough is not None:  # 'a few hundred VIPs': a size only when people follow
        end = index + rough[0]
        noun = pack.has(Role.SIZE_NOUNS, words, end)
        if noun or people_follow(words, end, context):
            return Span(SpanKind.SIZE, index, end + noun, (), size=rough[1])
    capped = _size_cap(words, index, context)
    if capped is not None:
        return capped
    approximate = pack.has(Role.APPROXIMATE, words, index)
    found = number_at(words, index + approximate, pack)
    if found is None or (isinstance(found[1], float) and not found[1].is_integer()):
        return None
    end = index + approximate + found[0]
    noun = pack.has(Role.SIZE_NOUNS, words, end)
    if noun and found[1] >= 50:
        return Span(SpanKind.SIZE, index, end + noun, (), size=int(found[1]))
    if pack.has(Role.FEMININE_POPULATION, words, end) and found[1] >= 50:
        # '800 clientes', '500 Kundinnen': a size, and the noun left to say it means women
        return Span(SpanKind.SIZE, index, end, (), size=int(found[1]))
    people = people_follow(words, end, context)
    if approximate and found[1] >= 100 and (people or not _unit_follows(words, end, context)):
        return Span(SpanKind.SIZE, index, end, (), size=int(found[1]))
    bare = found[1] >= 100 and not is_year(found[1])
    if bare and people_follow(words, end, context, named=True):
        # 'I need 2500 gold customers': values, then the people they describe
        return Span(SpanKind.SIZE, index, end, (), size=int(found[1]))
    return None


_CAPS = frozenset({Op.LT, Op.LTE})


def _size_cap(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'at most 20k customers', 'no more than 1,000 people', 'pas plus de 500 clients',
    'höchstens 2.000 Kunden': an upper bound said of people bounds the audience's size, never a
    count of their events."""
    pack = context.pack
    bound = pack.before_number.match(words, index)
    if bound is None or bound[1] not in _CAPS:
        return None
    found = number_at(words, index + bound[0], pack)
    if found is None or not float(found[1]).is_integer() or found[1] < 50:
        return None
    end = index + bound[0] + found[0]
    noun = pack.has(Role.SIZE_NOUNS, words, end)
    if noun or people_follow(words, end, context):
        return Span(SpanKind.SIZE, index, end + noun, (), size=int(found[1]))
    return None


_PROFILE = frozenset({SenseKind.VALUE, SenseKind.INDICATOR_VALUE})
"""Values that alone name people: a profile's ('VIP') or a segment's ('budget-conscious')."""
_DESCRIBING = _PROFILE | {SenseKind.SUBJECT, SenseKind.EVENT_VALUE}


def people_follow(
    words: Sequence[str], index: int, context: ScanContext, *, named: bool = False
) -> bool:
    """'about 2000 VIP customers', 'around 10k women in Paris', 'about 500 shoe buyers': profile
    values (alone, they name people) or a product before people — the number counts people.
    ``named``: the people must be named by their noun, profile values alone are not enough."""
    profile = False
    for _ in range(3):
        length, senses = context.lexicon.lookup(context.terms, index, context.pack)
        if not length:
            return profile or _people_noun(words, index, context.pack)
        phrase = words[index : index + length]
        people = any(context.pack.has(Role.SIZE_NOUNS, phrase, i) for i in range(len(phrase)))
        if people or any(sense.kind is SenseKind.SUBJECT for sense in senses):
            return True
        kinds = {sense.kind for sense in senses}
        if not kinds <= _DESCRIBING:
            return False
        profile = profile or (bool(kinds & _PROFILE) and not named)
        index += length
    return False


def _people_noun(words: Sequence[str], index: int, pack: Pack) -> bool:
    """'customers', or a noun the language names people with ('EV drivers', 'wine lovers')."""
    return bool(pack.has(Role.SIZE_NOUNS, words, index) or pack.has(Role.POPULATION, words, index))


def _unit_follows(words: Sequence[str], index: int, context: ScanContext) -> bool:
    pack = context.pack
    if index >= len(words):
        return False
    roles = (Role.CURRENCY, Role.COUNT_UNITS, Role.PERCENT)
    if any(pack.has(role, words, index) for role in roles) or pack.units.match(words, index):
        return True
    length, senses = context.lexicon.lookup(context.terms, index, pack)
    return bool(length) and not all(s.kind is SenseKind.SUBJECT for s in senses)


def _counted_value(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'a 2-year contract', 'engagement de 24 mois', 'Vertrag über 24 Monate': a number and a
    time unit beside a name of a column that holds a value of that length ('24_months') is the
    value, not a window or a comparison; a word linking the column to it ('de', 'über', 'of')
    goes with it."""
    values = context.lexicon.counted
    if not values:
        return None  # the catalog has no value named by a length: nothing to read here
    found = counted_at(words, index, context.pack, values)
    linked = found is None and index > 0 and number_at(words, index, context.pack) is None
    if linked:
        found = counted_at(words, index + 1, context.pack, values)
    if found is None:
        return None
    end, senses = found
    named = _columns_before(index, context, senses)
    if not named and not linked:
        named = _columns_at(end, context, senses)
    return Span(SpanKind.TERM, index, end, (), senses=named) if named else None


def _counted_follows(index: int, context: ScanContext, senses: Sequence[Sense]) -> bool:
    """A value of a column of ``senses`` said by its length at ``index``, or one word later."""
    words, values = context.terms, context.lexicon.counted
    return any(
        _of_columns(found[1], senses)
        for at in (index, index + 1)
        if (found := counted_at(words, at, context.pack, values)) is not None
    )


def _columns_at(index: int, context: ScanContext, senses: Sequence[Sense]) -> tuple[Sense, ...]:
    """The ``senses`` whose column is named by the catalog phrase at ``index``."""
    if index >= len(context.terms):
        return ()
    length, named = context.lexicon.lookup(context.terms, index, context.pack)
    return _of_columns(senses, named) if length else ()


def _columns_before(index: int, context: ScanContext, senses: Sequence[Sense]) -> tuple[Sense, ...]:
    """The ``senses`` whose column is named by a catalog phrase ending at ``index``."""
    for start in range(max(0, index - 3), index):
        length, named = context.lexicon.lookup(context.terms, start, context.pack)
        if start + length == index:
            return _of_columns(senses, named)
    return ()


def _of_columns(senses: Sequence[Sense], named: Sequence[Sense]) -> tuple[Sense, ...]:
    columns = {(s.table, s.column) for s in named if s.kind is SenseKind.COLUMN}
    return tuple(s for s in senses if (s.table, s.column) in columns)


def _time(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    found = scan_time(words, index, context.as_of, context.pack)
    if not found or _aged(words, index + found[0], context.pack):
        return None
    return Span(SpanKind.TIME, index, index + found[0], (), time=found[1])


def _aged(words: Sequence[str], end: int, pack: Pack) -> bool:
    """'over 55 years old': the length's unit starts an age phrase ('years old'), or one
    follows it ('55 Jahre alt') — an age, not a window."""
    return pack.has(Role.AGE_WORDS, words, end - 1) > 1 or bool(
        pack.has(Role.AGE_WORDS, words, end)
    )


def _quantity(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    found = scan_quantity(words, index, context.pack)
    if not found or _catalog_writes(words, index, found[0], context):
        return None
    if _move_end(words, index, index + found[0], context):
        return None
    end = index + found[0]
    if _at_least_one(found[1]) and _one_event_follows(words, end, context):
        # 'at least one order above €90': one order is above 90, not the orders' total; the
        # 'one' reads like 'a single' (at least one such order is what any event rule says)
        return Span(SpanKind.WORD, index, end, (), roles=frozenset({Role.SINGLE}))
    return Span(SpanKind.QUANTITY, index, end, (), quantity=found[1])


def _catalog_writes(words: Sequence[str], index: int, length: int, context: ScanContext) -> bool:
    """'24m contracts': a number glued to a unit the language also scales by ('m': months or
    millions) that a catalog value spells whole (the telecom '24m' commitment) is that value."""
    pack = context.pack
    scaled = number_at(words, index, pack)
    plain = number_at(words, index, pack, scaled=False)
    if scaled is None or plain is None or scaled[0] == plain[0]:
        return False
    if not pack.units.match(words, index + plain[0]):
        return False
    named, senses = context.lexicon.lookup(context.terms, index, pack)
    return named >= scaled[0] and any(sense.kind is SenseKind.VALUE for sense in senses)


def _move_end(words: Sequence[str], index: int, end: int, context: ScanContext) -> bool:
    """'passés du forfait Essentiel au Plus 100 Go': after a verb of moving, an end word ('au')
    before a value whose name holds a number is the end of the move, not a comparison ('au plus
    100', at most 100)."""
    pack = context.pack
    if not pack.is_word(Role.MOVE_TO, words[index]):
        return False
    if not any(pack.is_word(Role.MOVE_VERBS, word) for word in words[:index]):
        return False
    named, senses = context.lexicon.lookup(context.terms, index + 1, pack)
    return index + 1 + named >= end and any(sense.kind is SenseKind.VALUE for sense in senses)


def _at_least_one(quantity: Quantity) -> bool:
    return quantity.op is Op.GTE and quantity.value == 1 and quantity.unit is None


def _one_event_follows(words: Sequence[str], index: int, context: ScanContext) -> bool:
    """An event named in the singular at ``index`` ('order', not 'orders')."""
    span = term_at(words, index, context) if index < len(words) else None
    if span is None or span.kind is not SpanKind.TERM or words[span.end - 1].endswith("s"):
        return False
    return any(sense.kind is SenseKind.EVENT for sense in span.senses)


def _average(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'average basket': the mean amount per event — unless the catalog defines an indicator
    by that phrase and the request gives no window of its own (the indicator's window and
    definition win over a computed mean; 'panier moyen depuis janvier' is the mean since
    January)."""
    length = context.pack.has(Role.AVERAGE_PHRASES, words, index)
    if not length:
        return None
    named, senses = context.lexicon.lookup(context.terms, index, context.pack)
    indicator = named >= length and any(sense.kind is SenseKind.INDICATOR for sense in senses)
    if indicator and not _time_after(words, index + length, context):
        return None
    return Span(SpanKind.AVERAGE, index, index + length, ())


_TIME_REACH = 6
"""Words after an average phrase where its own window may stand ('panier moyen depuis janvier',
'average basket over the last 3 months')."""


def _time_after(words: Sequence[str], start: int, context: ScanContext) -> bool:
    return any(
        scan_time(words, at, context.as_of, context.pack)
        for at in range(start, min(len(words), start + _TIME_REACH))
    )


def term_at(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """The catalog phrase at ``index`` (through the glossary), or a vague word, as a span."""
    pack = context.pack
    length, senses = context.lexicon.lookup(
        context.terms, index, pack, context.capitals, context.names
    )
    if length == 1 and context.terms[index] != words[index] and words[index] in pack.vocabulary:
        counted = _counted_column(words, index, senses, pack)
        if counted:
            return Span(SpanKind.TERM, index, index + 1, (), senses=counted)
        # 'lower' (a word of the language) is not the catalog's 'low'; inflections only count
        # inside a longer catalog phrase ('newsletter subscribers').
        length, senses = context.lexicon.lookup(words, index, pack, context.capitals, context.names)
    glossed = _glossary_term(words, index, context)
    if glossed is not None and glossed[0] > length:
        length, senses = glossed
    verb = _split_phoning(words, index, context) if length == 1 else None
    if verb:
        senses = verb
    vague = pack.vague.match(words, index)
    if vague is not None and _counted_follows(index + length, context, senses):
        vague = None  # 'engagement de 24 mois': the commitment of that length, not activity
    wins = vague is not None and _vague_wins(vague, length, senses)
    if vague is not None and wins and not _strong_cue(words, index, context):
        return Span(SpanKind.VAGUE, index, index + vague[0], (), senses=senses, vague=vague[1])
    if not length:
        return None
    return Span(SpanKind.TERM, index, index + length, (), senses=senses)


def _vague_wins(vague: tuple[int, str], length: int, senses: tuple[Sense, ...]) -> bool:
    """Whether the vague word at a position is read as vague rather than as the catalog's phrase
    there. An unmeasured word ('low', 'günstig', 'Stammkunden') has no reading of its own: when
    the catalog holds the same words (an indicator's synonym, a band's value) they are the
    catalog's definition and win; other vague kinds keep their question on a tie."""
    if vague[1] == "unmeasured":
        return vague[0] > length or not senses
    return vague[0] >= length


STRONG_REACH = 4
"""How far (in words) an indicator may be from a strong cue ('risque de churn élevé')."""


def _strong_cue(words: Sequence[str], index: int, context: ScanContext) -> bool:
    """'high churn risk', 'a high affinity for clothing', 'risque de churn élevé': a vague word
    that is the language's strong cue, with an indicator near it, qualifies that indicator (its
    strong band or a high score). Without one ('a high bill', 'mit hohem Wert') it stays vague,
    and the planner asks what is high."""
    if words[index] not in context.pack.table(Role.STRONG).words():
        return False
    low, high = max(0, index - STRONG_REACH), min(len(context.terms), index + STRONG_REACH + 1)
    for at in (*range(low, index), *range(index + 1, high)):
        _, near = context.lexicon.lookup(
            context.terms, at, context.pack, context.capitals, context.names
        )
        glossed = _glossary_term(words, at, context)
        near += glossed[1] if glossed else ()
        if any(s.kind is SenseKind.INDICATOR for s in near):
            return True
    return False


def _counted_column(
    words: Sequence[str], index: int, senses: tuple[Sense, ...], pack: Pack
) -> tuple[Sense, ...]:
    """'households of 5', 'households of at least 4': a noun the language counts people with
    ('10,000 households'), in the plural of a catalog column's word, followed by a number —
    that column (and not the people, nor another sense of the catalog word)."""
    if set(pack.roles_at(words, index)) != {Role.SIZE_NOUNS}:
        return ()
    numbered = any(scan_quantity(words, at, pack) for at in (index + 1, index + 2))
    return tuple(s for s in senses if s.kind is SenseKind.COLUMN) if numbered else ()


def _spoken(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'who speak German', 'who prefer English', 'Spanish speakers' → the catalog's 'German
    speaking' (a language's speakers are its language, not its country)."""
    pack = context.pack
    if index + 1 >= len(words):
        return None
    if pack.is_word(Role.SPEAKERS, words[index + 1]):
        language = context.terms[index]
    elif pack.is_word(Role.SPEAKING, words[index]) or pack.is_word(Role.PREFER, words[index]):
        language = context.terms[index + 1]
    else:
        return None
    for (suffix,) in (key for key in pack.table(Role.SPEAKING).entries if len(key) == 1):
        found = context.lexicon.entries.match((language, suffix), 0)
        if found is not None and found[0] == 2:
            return Span(SpanKind.TERM, index, index + 2, (), senses=found[1])
    return None


LANGUAGE_REACH = 4
"""How far before a language's name the catalog's word for the language column may stand
('preferred language is Dutch', 'Sprache: Niederländisch')."""


def _language_named(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'rather hear from us in English', 'qu'on leur écrive en allemand', 'preferred language is
    Dutch', 'bevorzugen Niederländisch': a language's name (``cues.language_names``) said as a
    language — after a word saying what language something is in, after a verb of preferring,
    or after the catalog's word for the language column — is the catalog's '<name> speaking'
    value, not the country of its people."""
    pack = context.pack
    said = context.said if len(context.said) == len(words) else words
    named = pack.language_names.match(said, index)
    if named is None:
        return None
    length, english = named
    senses = _language_senses(english, context)
    if not senses:
        return None
    span = Span(SpanKind.TERM, index, index + length, (), senses=senses)
    if index and pack.is_word(Role.IN_LANGUAGE, words[index - 1]):
        return span
    after = words[index + length] if index + length < len(words) else ""
    if pack.is_word(Role.PREFER, after):
        return span  # 'die Niederländisch bevorzugen'
    targets = {sense.target for sense in senses}
    for at in range(max(0, index - LANGUAGE_REACH), index):
        if pack.is_word(Role.PREFER, words[at]):
            return span  # 'prefer Dutch', 'préfèrent le néerlandais'
        _, near = context.lexicon.lookup(
            context.terms, at, context.pack, context.capitals, context.names
        )
        if any(s.kind is SenseKind.COLUMN and s.target in targets for s in near):
            return span
    return None


def _language_senses(english: Sequence[str], context: ScanContext) -> tuple[Sense, ...]:
    """The catalog's value for a language by its English name ('Dutch speaking')."""
    for pack in (context.pack, *all_packs()):
        for (suffix,) in (key for key in pack.table(Role.SPEAKING).entries if len(key) == 1):
            found = context.lexicon.entries.match((*english, suffix), 0)
            if found is not None and found[0] == len(english) + 1:
                return tuple(s for s in found[1] if s.kind is SenseKind.VALUE)
    return ()


PHONING_GAP = 3
"""How far a verb of phoning may stand after its auxiliary ('n'ont jamais téléphoné')."""


def _split_phoning(
    words: Sequence[str], index: int, context: ScanContext
) -> tuple[Sense, ...] | None:
    """'ont déjà téléphoné', 'n'ont pas téléphoné': a verb of phoning whose auxiliary stands a
    few function or negation words before it is that verb (a phone contact), not a noun it is
    spelled like ('téléphone', the device)."""
    pack = context.pack
    for phrase in pack.table(Role.PHONING).entries:
        if (
            len(phrase) != 2
            or phrase[1] != words[index]
            or (phrase[1],) in pack.table(Role.PHONING).entries
        ):
            continue
        for at in range(max(0, index - PHONING_GAP), index - 1):
            between = words[at + 1 : index]
            if words[at] == phrase[0] and all(_grammar(pack, word) for word in between):
                length, senses = context.lexicon.lookup(phrase, 0, pack)
                return senses if length == 2 else None
    return None


def _grammar(pack: Pack, word: str) -> bool:
    return (
        pack.is_word(Role.FUNCTION, word)
        or pack.is_word(Role.NEGATION, word)
        or (pack.is_word(Role.NEVER, word))
    )


def _glossary_term(
    words: Sequence[str], index: int, context: ScanContext
) -> tuple[int, tuple[Sense, ...]] | None:
    """A word of the request's language that stands for a catalog word ('gekauft' → bought)."""
    found = context.pack.glossary.match(words, index)
    if found is None:
        return None
    # The translation is in the catalog's words: each takes the catalog's inflection.
    default = all_packs()[0]
    translated = tuple(context.lexicon.normalise(word, default)[0][1] for word in found[1])
    length, senses = context.lexicon.lookup(translated, 0, context.pack)
    return (found[0], senses) if length == len(translated) and senses else None


def _interjection(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'no, I meant …', 'no sorry, Belgium' opening a turn: an interjection before a comma or
    another interjection, not a negation."""
    opening = index == 0 or words[index - 1] in {",", ";", ":"}
    following = words[index + 1] if index + 1 < len(words) else ""
    follows = following in {",", ";", ":", "!", "."} or (
        context.pack.is_word(Role.EDIT_INTERJECTION, following)
    )
    if opening and follows and context.pack.is_word(Role.EDIT_INTERJECTION, words[index]):
        return Span(SpanKind.WORD, index, index + 1, (), roles=frozenset({Role.EDIT_INTERJECTION}))
    return None


K = TypeVar("K")

_NEGATIONS = (
    (Role.NEVER, Negation.NEVER),
    (Role.EXCLUSION, Negation.EXCLUDE),
    (Role.NEGATION, Negation.NOT),
    (Role.NOTHING, Negation.NOT),  # 'nothing at all', 'rien du tout': one negation, not two words
)


def _longest(
    table: tuple[tuple[Role, K], ...], words: Sequence[str], index: int, context: ScanContext
) -> tuple[int, K]:
    """The longest phrase of ``table``'s roles at ``index`` (0 when none), with its kind."""
    found = [(context.pack.has(role, words, index), kind) for role, kind in table]
    return max(found, key=lambda pair: pair[0])


def _negation(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'not', 'never', 'except'; not the start of a longer phrase that any value will do ('no
    matter the channel')."""
    length, kind = _longest(_NEGATIONS, words, index, context)
    anything = (Role.EDIT_ANY, Role.EDIT_ANYWHERE)
    if max(context.pack.has(role, words, index) for role in anything) > length:
        return None
    return Span(SpanKind.NEGATION, index, index + length, (), negation=kind) if length else None


_CONNECTORS = (
    (Role.UNION, Connector.OR),  # a whole other group: its role is kept on the span (grouping)
    (Role.OR, Connector.OR),
    (Role.EITHER, Connector.EITHER),
    (Role.BUT, Connector.BUT),
    (Role.AND, Connector.AND),
    (Role.RELATIVE, Connector.RELATIVE),
    (Role.SEPARATORS, Connector.SEPARATOR),
)


def _trailing(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """'or lower' of '2 stars or lower': the number's comparison, read with it (a word of no
    role here), never a connector starting another condition."""
    length = trailing_comparison(words, index, context.pack)
    return Span(SpanKind.WORD, index, index + length, ()) if length else None


def _connector(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    length, kind = _longest(_CONNECTORS, words, index, context)
    return Span(SpanKind.CONNECTOR, index, index + length, (), connector=kind) if length else None


def _recognised(words: Sequence[str], index: int, context: ScanContext) -> Span | None:
    """The first step's span, unless a longer catalog phrase starts here: a time or a number
    inside a value's name ('24-month contract', '5 GB plan') is that value."""
    found = next((s for s in (step(words, index, context) for step in STEPS) if s), None)
    if found is None or found.kind not in {SpanKind.TIME, SpanKind.QUANTITY}:
        return found
    term = term_at(words, index, context)
    return term if term is not None and term.end > found.end else found


_CONTENT = frozenset({SpanKind.TIME, SpanKind.QUANTITY, SpanKind.SIZE, SpanKind.TERM})


def _swallowed(words: Sequence[str], index: int, context: ScanContext) -> bool:
    found = _recognised(words, index, context)
    return found is not None and found.kind in _CONTENT


def _word(words: Sequence[str], index: int, context: ScanContext) -> Span:
    """A known word of the language (with every role it has here) or an unknown word. A phrase
    of several words never swallows the start of a time, a number or a catalog term ('de plus'
    in 'de plus de 50 ans' is two words, not 'moreover')."""
    pack = context.pack
    lengths = pack.roles_at(words, index)
    longest = max(lengths.values(), default=0)
    whole = lengths.get(Role.ONE_GO) == longest  # 'in one go': 'one' is no count here
    if (
        longest > 1
        and not whole
        and any(_swallowed(words, inner, context) for inner in range(index + 1, index + longest))
    ):
        lengths = {role: 1 for role, length in lengths.items() if pack.is_word(role, words[index])}
        longest = 1 if lengths else 0
    if not longest:
        known = not any(char.isalnum() for char in words[index])
        kind = SpanKind.WORD if known else SpanKind.UNKNOWN
        return Span(kind, index, index + 1, ())
    roles = frozenset(role for role, length in lengths.items() if length == longest)
    return Span(SpanKind.WORD, index, index + longest, (), roles=roles)


def _one_go(
    words: Sequence[str], index: int, context: ScanContext, before: Sequence[Span]
) -> Span | None:
    """'over 80 GB in at least one month', 'über 100 GB in einem Monat': after an amount of the
    same clause, a phrase saying the threshold holds for one event is that cue, not a window
    ('in einem Monat' alone, with no amount before it, stays 'within a month')."""
    length = context.pack.has(Role.ONE_GO, words, index)
    if not length or not (_amount_in(before) or _amount_ahead(words, index + length, context)):
        return None
    found = _recognised(words, index, context)
    if found is not None and found.end > index + length:
        return None
    return Span(SpanKind.WORD, index, index + length, (), roles=frozenset({Role.ONE_GO}))


def _amount_ahead(words: Sequence[str], index: int, context: ScanContext) -> bool:
    """'seit Oktober in einem Monat mehr als 80 GB': an amount just after the cue."""
    for at in range(index, min(index + 3, len(words))):
        found = scan_quantity(words, at, context.pack)
        if found:
            return found[1].unit != "times"
    return False


def _amount_in(before: Sequence[Span]) -> bool:
    """An amount (not a count of times) said in the clause that ends ``before``."""
    for span in reversed(before):
        if span.kind is SpanKind.CONNECTOR:
            return False
        if span.quantity is not None and span.quantity.unit != "times":
            return True
    return False


STEPS: tuple[Step, ...] = (
    _counted_value,
    _size,
    _time,
    _quantity,
    _average,
    _spoken,
    _language_named,
    term_at,
    _interjection,
    _negation,
    _trailing,
    _connector,
)
"""Tried in order at each position; the first that recognises something wins. A position none
of them recognises is a known word of the language or an unknown word (``_word``)."""

CLAUSE_BREAKS = frozenset({SpanKind.CONNECTOR})


def scan(tokens: Sequence[Token], request: str, context: ScanContext) -> tuple[Span, ...]:
    """Spans of a tokenised request, in order, with clause numbers, roles and the user's text."""
    words = [token.text for token in tokens]
    restrictive = restrictive_negations(words, context.pack)
    no_longer = {
        at: negates
        for at, negates in no_longer_words(words, context.pack).items()
        if not negates or _ends_on_time(words, at + 1, context)
    }
    spans: list[Span] = []
    index, clause = 0, 0
    while index < len(words):
        span = (
            restriction(index)
            if index in restrictive
            else _no_longer(index, no_longer[index])
            if index in no_longer
            else _one_go(words, index, context, spans)
            or _recognised(words, index, context)
            or _word(words, index, context)
        )
        if index - 1 in restrictive and spans and Role.RESTRICTION in spans[-1].roles:
            span = exactly(span)
        if span.kind is SpanKind.CONNECTOR:
            clause += 1
        spans.append(_finished(span, words, tokens, request, clause, context))
        index = span.end
    return exact_counts(tuple(spans), context.pack)


def _ends_on_time(words: Sequence[str], index: int, context: ScanContext) -> bool:
    """'mais plus depuis janvier', '… mais plus.': a window or the end follows — not 'mais plus
    souvent' (more often)."""
    if index >= len(words) or context.pack.is_word(Role.SEPARATORS, words[index]):
        return True
    return bool(scan_time(words, index, context.as_of, context.pack))


def _no_longer(index: int, negates: bool) -> Span:
    """'plus' of 'mais plus depuis' (a negation) or of 'n'ont plus' (its negation said)."""
    if negates:
        return Span(SpanKind.NEGATION, index, index + 1, (), negation=Negation.NOT)
    return Span(SpanKind.WORD, index, index + 1, (), roles=frozenset({Role.FUNCTION}))


def _finished(
    span: Span,
    words: Sequence[str],
    tokens: Sequence[Token],
    request: str,
    clause: int,
    context: ScanContext,
) -> Span:
    first, last = tokens[span.start], tokens[span.end - 1]
    catalog_word = span.kind in {SpanKind.TERM, SpanKind.VAGUE}
    own = tuple((context.terms if catalog_word else words)[span.start : span.end])
    width = span.end - span.start
    roles = span.roles or frozenset(
        role for role, length in context.pack.roles_at(words, span.start).items() if length == width
    )
    return Span(
        kind=span.kind,
        start=span.start,
        end=span.end,
        words=own,
        text=request[first.start : last.end],
        char_start=first.start,
        char_end=last.end,
        clause=clause,
        senses=span.senses,
        time=span.time,
        quantity=span.quantity,
        size=span.size,
        negation=span.negation,
        connector=span.connector,
        vague=span.vague,
        roles=roles,
    )
