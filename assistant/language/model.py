"""The topics of a language pack, as written in ``languages/<code>/<topic>.yml``.

One pydantic model per topic file: unknown keys are errors, so a typo in a pack fails loudly when
the pack loads. Entries are written as people write them (accents, several words); ``pack``
compiles them into folded token tuples.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from audience.rules import Op, TimeUnit
from languages import LanguageInfo

Phrases = tuple[str, ...]


class Topic(BaseModel):
    """A topic file of a language pack."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FunctionWordsTopic(Topic):
    """``function_words.yml``: words that carry no constraint, and generic people nouns."""

    function_words: Phrases = ()
    population: Phrases = ()
    feminine_population: Phrases = ()
    women: Phrases = ()
    auxiliaries: Phrases = ()
    """Auxiliaries said between a noun and its participle ('the payment was declined', 'le
    paiement a été rejeté'): a catalog phrase 'noun participle' said with one or more of them
    between. One word each: a longer entry would hide a phrase starting on its last word."""


class MorphologyTopic(Topic):
    """``morphology.yml``: contractions, shorthand, compounds, endings, prefixes, elisions."""

    contractions: dict[str, str] = Field(default_factory=dict)
    shorthands: dict[str, str] = Field(default_factory=dict)
    compounds: dict[str, str] = Field(default_factory=dict)
    suffixes: Phrases = ()
    demonym_suffixes: Phrases = ()
    feminine_demonym_suffixes: Phrases = ()
    """Of ``demonym_suffixes``, those that make a place its women ('Parisiennes',
    'Berlinerinnen'): said of people, they name women as the feminine people nouns do."""
    demonym_stem_endings: dict[str, str] = Field(default_factory=dict)
    """How a place's last letters change before a demonym ending, as 'stem ending: place
    ending' ('n: en': 'Münchner' is München, 'Dresdner' Dresden) — besides the stem as it is,
    with an 'e' put back, or with a doubled last letter single ('Lyonnais')."""
    agent_suffixes: Phrases = ()
    """Endings that make a word its doers ('drive' → 'drivers', 'Fahrer'): a catalog word in
    one of them also names the people of the value it is made from ('drivers': drive users)."""
    demonyms: dict[str, str] = Field(default_factory=dict)
    """Demonyms no ending rule derives, written as said of men ('Bordelais': Bordeaux): their
    other forms follow from ``demonym_suffixes`` ('Bordelaises'). Read as the place only where
    the catalog has it as a value; otherwise the word stays reported."""
    adjective_endings: Phrases = ()
    """Endings an adjective takes before its noun ('eine fehlgeschlagene Zahlung', 'mit
    fehlgeschlagenen Zahlungen'): a catalog phrase of several words is also known with its
    modifiers bare. Empty: the language does not inflect adjectives before a noun."""
    negating_prefixes: Phrases = ()
    paid_states: Phrases = ()
    """Forms of 'paid' ('paid', 'payé', 'bezahlt'): a catalog value one of them names is the
    state whose rows' money was paid, what a spend counts. Compared with the catalog's value
    synonyms only, never a role of the request's words ('paid by card' stays a verb)."""
    elisions: Phrases = ()
    compound_links: Phrases = ()
    """Languages that write compounds as one word ('Filialbedingung'): the linking letters
    between the parts ('s' in 'Geburtstagsdatum'); a word may also join with none. Empty: the
    language writes no closed compounds, and unknown words are never split."""
    respellings: dict[str, str] = Field(default_factory=dict)
    """How a letter is spelled out on a keyboard without it ('ue' for 'ü' in 'fuer', 'naechste'):
    an unknown word that becomes a known one with the letter put back is read as that word."""
    letters: str = ""
    """Letters the language writes that the other packs' languages do not ('é', 'ß'): weak
    evidence of the language, read only when its grammar words do not tell it apart."""


class NumbersTopic(Topic):
    """``numbers.yml``: number words, counts, ordinals, scales and units."""

    cardinals: dict[str, int] = Field(default_factory=dict)
    multiplicatives: dict[str, int] = Field(default_factory=dict)
    ordinals: dict[str, int] = Field(default_factory=dict)
    ordinal_suffixes: Phrases = ()
    scales: dict[str, int] = Field(default_factory=dict)
    rough_sizes: dict[str, int] = Field(default_factory=dict)
    """How many people a phrase without a figure says ('a few hundred': 300): a stated size
    only when people follow ('a few hundred VIPs'), never an amount."""
    one: Phrases = ()
    count_units: Phrases = ()
    currency: Phrases = ()
    percent: Phrases = ()
    durations: dict[str, int] = Field(default_factory=dict)
    """Words for a length of time, in seconds ('minutes': 60): '20 minutes' is 1200 seconds."""
    whole_durations: dict[str, int] = Field(default_factory=dict)
    """Lengths of time said without a digit ('half an hour': 1800 seconds)."""
    decimal_separator: Literal[".", ","] = "."


ComparisonOp = Literal["gt", "gte", "lt", "lte", "eq"]


class ComparisonsTopic(Topic):
    """``comparisons.yml``: comparison words before or after a number, ranges, approximations."""

    before_number: dict[str, ComparisonOp] = Field(default_factory=dict)
    after_number: dict[str, ComparisonOp] = Field(default_factory=dict)
    range_open: Phrases = ()
    range_join: Phrases = ()
    approximate: Phrases = ()


class NegationTopic(Topic):
    """``negation.yml``: negation, 'never', and exclusion words."""

    words: Phrases = ()
    never: Phrases = ()
    exclusion: Phrases = ()
    restriction: Phrases = ()
    """Words that turn a negation of their clause into 'only' (French 'ne … que')."""
    no_longer: Phrases = ()
    """Words that mean 'no longer' only after 'but' (a negation: 'mais plus depuis janvier') or
    inside an open negation of their clause ('n'ont plus appelé'); elsewhere they mean 'and' or
    'more'."""
    nothing: Phrases = ()
    """Negations of any object at all ('nothing', 'plus rien', 'nichts mehr'): '… but nothing
    since' lapses every event of that kind, not only the product the clause before named."""


class PeriodsTopic(Topic):
    """``periods.yml``: time units, calendar names and the words around them."""

    units: dict[str, TimeUnit] = Field(default_factory=dict)
    unit_multiples: dict[str, tuple[int, TimeUnit]] = Field(default_factory=dict)
    counted_units: Phrases = ()
    """Units of ``unit_multiples`` that say their own count ('half a year', 'anderthalb Jahre'):
    where a number would stand, they are one of themselves ('more than half a year ago')."""
    months: dict[str, int] = Field(default_factory=dict)
    seasons: dict[str, tuple[int, int]] = Field(default_factory=dict)
    named_days: dict[str, tuple[int, int]] = Field(default_factory=dict)
    """Days a holiday names as [month, day]: the day 'since Christmas' / 'avant Noël' count from
    (where a season reads the same word as a stretch of months: 'at Christmas' is December)."""
    quarter_letters: Phrases = ()
    half_letters: Phrases = ()
    quarter_words: Phrases = ()
    half_words: Phrases = ()
    past: Phrases = ()
    past_after_unit: Phrases = ()
    calendar_previous: Phrases = ()
    """'last month', 'le mois dernier', 'letzten Monat': with a bare unit (no count, no 'in the')
    these name the previous calendar period, not a rolling window."""
    future: Phrases = ()
    future_after_unit: Phrases = ()
    this: Phrases = ()
    since: Phrases = ()
    before: Phrases = ()
    during: Phrases = ()
    within: Phrases = ()
    ago_after: Phrases = ()
    ago_before: Phrases = ()
    older: Phrases = ()
    today: Phrases = ()
    yesterday: Phrases = ()
    tomorrow: Phrases = ()
    year_to_date: Phrases = ()
    start_of: Phrases = ()
    end_of: Phrases = ()
    year_words: Phrases = ()
    part_of: Phrases = ()
    """Words joining a part of a period to it ('the first two weeks of March', 'la première
    quinzaine de mars', 'die ersten zwei Wochen im März')."""
    by_end: Phrases = ()
    """Words before 'the end of' a period, besides ``before`` ('by the end of the month',
    "d'ici la fin de l'année", 'bis zum Ende des Jahres'): up to that period's last day."""
    articles: Phrases = ()
    anaphoric: Phrases = ()
    anaphoric_adverbs: Phrases = ()
    """Of ``anaphoric``, those pointing back wherever they stand, not only at a clause end
    ('seitdem' before a verb-last clause's verb)."""
    same_period: Phrases = ()
    """'that week', 'in that time', 'cette semaine-là', 'in derselben Woche': the period of an
    earlier clause or turn, itself (not what follows it, as 'since' says)."""
    upcoming: Phrases = ()
    pending_states: Phrases = ()
    ongoing_states: Phrases = ()
    end_verbs: Phrases = ()
    """'runs out', 'se termine', 'läuft aus' before a time: the time dates an end."""
    end_words: Phrases = ()
    """Words a date's label uses for an end ('Commitment end', 'Expiry date')."""
    weekend: Phrases = ()
    birthday: Phrases = ()
    """Words for the day a birth date comes round each year ('birthday', 'Geburtstag'): they
    name the catalog's date marked ``anniversaries: true``, and a time on them selects the
    month and day, any year."""
    tenure: Phrases = ()
    """Words saying someone has been a customer ('with us', 'client depuis', 'bei uns'): next
    to a length of time they bound the date the profile joined (``profile.since``)."""
    old_after: Phrases = ()
    """'60 days old', '3 Monate alt': after a length shorter than a year, as 'ago' ('30 years
    old' stays an age)."""
    turning: Phrases = ()
    """Verbs of reaching an age ('turning', 'auront', 'werden'): with an age and a period, the
    birth date lies that many years before the period."""
    anniversary: Phrases = ()
    """Words for the day any date comes round each year ('anniversary', 'Jahrestag'): a time
    on the date they go with selects its month and day, any year."""


class ConnectorsTopic(Topic):
    """``connectors.yml``: words that join or separate the parts of a request."""

    and_: Phrases = Field(default=(), alias="and")
    or_: Phrases = Field(default=(), alias="or")
    union: Phrases = ()
    """'plus anyone who …', 'ainsi que ceux qui …', 'sowie diejenigen, die …': a whole other
    group of people joins the audience — an 'or' between everything said before and after."""
    either: Phrases = ()
    but: Phrases = ()
    relative: Phrases = ()
    separators: Phrases = ()


class CuesTopic(Topic):
    """``cues.yml``: words that change how a nearby catalog term is read."""

    reach: Phrases = ()
    campaign: Phrases = ()
    campaign_for: Phrases = ()
    send_words: Phrases = ()
    """A channel's name also said of any send ('an email push', 'un push SMS', 'E-Mail-Push'):
    next to another channel's name it is the send, and that other channel the campaign's."""
    consent: Phrases = ()
    occasion: Phrases = ()
    any_channel: Phrases = ()
    every_channel: Phrases = ()
    purpose: Phrases = ()
    average: Phrases = ()
    average_phrases: Phrases = ()
    single: Phrases = ()
    one_go: Phrases = ()
    strong: Phrases = ()
    likely: Phrases = ()
    recency: Phrases = ()
    lapse: Phrases = ()
    comeback: Phrases = ()
    pause: Phrases = ()
    interest: Phrases = ()
    speaking: Phrases = ()
    speakers: Phrases = ()
    prefer: Phrases = ()
    in_language: Phrases = ()
    """Words before a language's name that make it the language something is said in ('in
    English', 'en allemand', 'auf Deutsch')."""
    language_names: dict[str, str] = Field(default_factory=dict)
    """A language's name in this language → its English name, the catalog's form of a language
    value ('<English name> speaking')."""
    object_anaphora: Phrases = ()
    object_pronoun: Phrases = ()
    size_nouns: Phrases = ()
    size_cues: Phrases = ()
    age_words: Phrases = ()
    residence: Phrases = ()
    origin: Phrases = ()
    people_pronouns: Phrases = ()
    naming: Phrases = ()
    place_anaphora: Phrases = ()
    via: Phrases = ()
    move_verbs: Phrases = ()
    """Verbs of moving from one value to another ('moved', 'passés', 'gewechselt')."""
    move_from: Phrases = ()
    """Words before the value a move started from ('from', 'de', 'von')."""
    move_to: Phrases = ()
    """Words before the value a move ended on ('to', 'à', 'auf')."""
    phoning: Phrases = ()
    """Verbs of phoning ('called', 'rang', 'appelé', 'angerufen'): a contact by phone."""
    phone: Phrases = ()
    """Names of the phone as a way of getting in touch ('phone', 'téléphone', 'Telefon'): the
    catalog value a verb of phoning stands for is the one named so."""
    both: Phrases = ()
    """'both … and …', 'à la fois … et …', 'sowohl … als auch …': the values joined are each
    required — one behaviour per value, not one behaviour with either value."""
    returning: Phrases = ()
    """Verbs of coming back to a place, with the words that make them a verb ('pas revenus',
    'sont revenus'): a visit there (the glossary reads them), never a sensitive word they are
    spelled like ('revenus', income)."""


class IntentsTopic(Topic):
    """``intents.yml``: what a request asks for."""

    audience_verbs: Phrases = ()
    write_verbs: Phrases = ()
    texts: Phrases = ()
    metrics: Phrases = ()
    question_openers: Phrases = ()
    count_openers: Phrases = ()
    superlatives: Phrases = ()
    data_actions: Phrases = ()
    data_objects: Phrases = ()
    schema_actions: Phrases = ()
    schema_objects: Phrases = ()
    export_verbs: Phrases = ()
    export_files: Phrases = ()
    chat: Phrases = ()


VagueKind = Literal["activity", "recency", "value", "frequency", "loyalty", "age", "unmeasured"]


class RecencyWindow(Topic):
    amount: int = Field(gt=0)
    unit: TimeUnit


class VagueTopic(Topic):
    """``vague.yml``: words that need a threshold or a choice, by kind."""

    words: dict[str, VagueKind] = Field(default_factory=dict)
    recency_window: RecencyWindow = RecencyWindow(amount=90, unit=TimeUnit.DAY)


class EditsTopic(Topic):
    """``edits.yml``: words of follow-up turns."""

    openers: Phrases = ()
    remove: Phrases = ()
    widen: Phrases = ()
    replace: Phrases = ()
    time_words: Phrases = ()
    rule_words: Phrases = ()
    swap: Phrases = ()
    restate: Phrases = ()
    threshold: Phrases = ()
    keep: Phrases = ()
    only: Phrases = ()
    interjections: Phrases = ()
    restore: Phrases = ()
    """'put Paris back', 'remets Paris', 'nimm Paris wieder rein': people the audience excludes
    are let back in (the exclusion goes, nothing is added)."""
    apologies: Phrases = ()
    """Of ``interjections``, those saying the previous turn was wrong ('sorry, Belgium'): the
    value after them replaces the one of its field, as after 'no,'."""
    correction: Phrases = ()
    undo: Phrases = ()
    undone: Phrases = ()
    any_value: Phrases = ()
    """'whatever the type', 'peu importe le canal': the condition on what follows is dropped."""
    anywhere: Phrases = ()
    """'wherever they live', 'où qu'ils habitent': the condition on where people live goes."""


class GuardrailsTopic(Topic):
    """``guardrails.yml``: phrases that try to get around the guardrails."""

    override_verbs: Phrases = ()
    override_objects: Phrases = ()
    roleplay: Phrases = ()
    bypass_verbs: Phrases = ()
    consent_words: Phrases = ()
    opted_out: Phrases = ()
    include_verbs: Phrases = ()
    reveal_verbs: Phrases = ()
    personal_data: Phrases = ()
    secrets: Phrases = ()


class MessagesTopic(Topic):
    """``messages.yml``: what the assistant says in this language (placeholders in braces)."""

    messages: dict[str, str] = Field(default_factory=dict)
    unit_names: dict[TimeUnit, str] = Field(default_factory=dict)


class GlossaryTopic(Topic):
    """``glossary.yml``: words of this language → the catalog words (English) they stand for."""

    terms: dict[str, str] = Field(default_factory=dict)


class RankingTopic(Topic):
    """``ranking.yml``: words of a ranked request ('the top 1,000 customers by spend')."""

    top: Phrases = ()
    """Next to the number: 'top 1000', 'les 200 top'."""
    best: Phrases = ()
    """Superlatives that rank highest first without saying by what: 'best', 'biggest'."""
    worst: Phrases = ()
    """Superlatives that rank lowest first without saying by what: 'bottom', 'smallest'."""
    most: Phrases = ()
    """Highest first, by the measure said next to it: 'the most orders', 'who spent the most'."""
    least: Phrases = ()
    """Lowest first, by the measure said next to it: 'the fewest orders'."""
    by: Phrases = ()
    """Before the measure: 'by spend', 'par chiffre d'affaires', 'nach Umsatz'."""
    number_of: Phrases = ()
    """Before an event: 'by number of orders' counts them."""
    totals: Phrases = ()
    """Before an amount, saying it is summed: 'by total spend', 'nach Gesamtumsatz'."""
    measured: dict[str, str] = Field(default_factory=dict)
    """Superlatives that say their measure → a word of that measure ('highest-spending' →
    'spent', 'umsatzstärksten' → 'umsatz'), read through the glossary and the catalog."""


class PackFiles(Topic):
    """Every topic of one language pack."""

    language: LanguageInfo
    function_words: FunctionWordsTopic = FunctionWordsTopic()
    morphology: MorphologyTopic = MorphologyTopic()
    numbers: NumbersTopic = NumbersTopic()
    comparisons: ComparisonsTopic = ComparisonsTopic()
    negation: NegationTopic = NegationTopic()
    periods: PeriodsTopic = PeriodsTopic()
    connectors: ConnectorsTopic = ConnectorsTopic()
    cues: CuesTopic = CuesTopic()
    intents: IntentsTopic = IntentsTopic()
    vague: VagueTopic = VagueTopic()
    edits: EditsTopic = EditsTopic()
    guardrails: GuardrailsTopic = GuardrailsTopic()
    glossary: GlossaryTopic = GlossaryTopic()
    messages: MessagesTopic = MessagesTopic()
    ranking: RankingTopic = RankingTopic()


COMPARISON_OPS: dict[ComparisonOp, Op] = {
    "gt": Op.GT,
    "gte": Op.GTE,
    "lt": Op.LT,
    "lte": Op.LTE,
    "eq": Op.EQ,
}
