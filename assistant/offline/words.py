"""Generic English and French grammar words the offline parser relies on.

Nothing here names a catalog concept: tables, columns, values, indicators and channels come from the
catalog (see ``lexicon``). These are the words every request shares — numbers, comparisons, time
units, months, negation, conjunctions — written once, normalised (lower case, no accents).
"""

from __future__ import annotations

from audience.rules import Op, TimeUnit

# fmt: off

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
    "hundred": 100, "thousand": 1000, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
    "mille": 1000,
}
"""Number words; 'a'/'an'/'un'/'une' only count where a time unit or 'times' follows."""

TIMES_WORDS: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
"""Words that are a count on their own."""

COUNT_UNITS = frozenset({"times", "time", "fois", "x"})
CURRENCY = frozenset({"€", "eur", "euro", "euros", "$", "usd", "dollar", "dollars", "£"})
THOUSANDS = frozenset({"k"})

COMPARATORS: dict[tuple[str, ...], Op] = {
    ("at", "least"): Op.GTE, ("minimum",): Op.GTE, ("min",): Op.GTE, ("au", "moins"): Op.GTE,
    (">", "="): Op.GTE, ("no", "less", "than"): Op.GTE, ("pas", "moins", "de"): Op.GTE,
    ("more", "than"): Op.GT, ("over",): Op.GT, ("above",): Op.GT, ("greater", "than"): Op.GT,
    ("higher", "than"): Op.GT, (">",): Op.GT, ("plus", "de"): Op.GT, ("plus", "que"): Op.GT,
    ("superieur", "a"): Op.GT, ("superieure", "a"): Op.GT, ("au", "dela", "de"): Op.GT,
    ("less", "than"): Op.LT, ("fewer", "than"): Op.LT, ("under",): Op.LT, ("below",): Op.LT,
    ("<",): Op.LT, ("moins", "de"): Op.LT, ("moins", "que"): Op.LT, ("inferieur", "a"): Op.LT,
    ("at", "most"): Op.LTE, ("no", "more", "than"): Op.LTE, ("maximum",): Op.LTE,
    ("max",): Op.LTE, ("au", "plus"): Op.LTE, ("<", "="): Op.LTE, ("up", "to"): Op.LTE,
    ("exactly",): Op.EQ, ("exactement",): Op.EQ, ("only",): Op.EQ, ("just",): Op.EQ,
    ("une", "seule"): Op.EQ, ("un", "seul"): Op.EQ, ("precisely",): Op.EQ,
}

SUFFIX_COMPARATORS: dict[tuple[str, ...], Op] = {
    ("+",): Op.GTE, ("or", "more"): Op.GTE, ("ou", "plus"): Op.GTE, ("and", "more"): Op.GTE,
    ("or", "less"): Op.LTE, ("or", "fewer"): Op.LTE, ("ou", "moins"): Op.LTE,
    ("and", "over"): Op.GTE, ("and", "above"): Op.GTE, ("et", "plus"): Op.GTE,
}

RANGE_OPENERS = frozenset({"between", "entre", "from", "de", "du"})
RANGE_JOINERS = frozenset({"and", "et", "to", "a", "au"})

TIME_UNITS: dict[str, TimeUnit] = {
    "day": TimeUnit.DAY, "days": TimeUnit.DAY, "d": TimeUnit.DAY, "jour": TimeUnit.DAY,
    "jours": TimeUnit.DAY, "j": TimeUnit.DAY, "week": TimeUnit.WEEK, "weeks": TimeUnit.WEEK,
    "w": TimeUnit.WEEK, "wk": TimeUnit.WEEK, "wks": TimeUnit.WEEK, "semaine": TimeUnit.WEEK,
    "semaines": TimeUnit.WEEK, "month": TimeUnit.MONTH, "months": TimeUnit.MONTH,
    "m": TimeUnit.MONTH, "mo": TimeUnit.MONTH, "mos": TimeUnit.MONTH, "mois": TimeUnit.MONTH,
    "year": TimeUnit.YEAR, "years": TimeUnit.YEAR, "y": TimeUnit.YEAR, "yr": TimeUnit.YEAR,
    "yrs": TimeUnit.YEAR, "an": TimeUnit.YEAR, "ans": TimeUnit.YEAR, "annee": TimeUnit.YEAR,
    "annees": TimeUnit.YEAR,
}

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "janvier": 1, "february": 2, "feb": 2, "fevrier": 2, "march": 3,
    "mar": 3, "mars": 3, "april": 4, "apr": 4, "avril": 4, "may": 5, "mai": 5, "june": 6,
    "juin": 6, "july": 7, "juillet": 7, "august": 8, "aug": 8, "aout": 8, "september": 9,
    "sept": 9, "sep": 9, "septembre": 9, "october": 10, "oct": 10, "octobre": 10, "november": 11,
    "nov": 11, "novembre": 11, "december": 12, "dec": 12, "decembre": 12,
}

NEGATIONS: dict[tuple[str, ...], str] = {
    ("not",): "not", ("never",): "not", ("no",): "not", ("without",): "not", ("non",): "not",
    ("excluding",): "not", ("exclude",): "not", ("except",): "not", ("but", "not"): "not",
    ("other", "than"): "not", ("apart", "from"): "not", ("outside",): "not", ("nor",): "not",
    ("pas",): "not", ("jamais",): "not", ("rien",): "not", ("aucun",): "not", ("aucune",): "not",
    ("sans",): "not", ("sauf",): "not", ("hors",): "not", ("excepte",): "not", ("hormis",): "not",
    ("exclure",): "not", ("none",): "not", ("excluant",): "not", ("nothing",): "not",
    ("excluded",): "not",
    ("leave", "out"): "not", ("leaving", "out"): "not", ("minus",): "not", ("omit",): "not",
    ("en", "dehors", "de"): "not",
}

OR_WORDS = frozenset({"or", "ou", "either", "/"})
BREAK_WORDS = frozenset(
    {
        "and", "et", ",", ";", ":", "who", "whom", "whose", "that", "which", "qui", "que",
        "ayant", "dont", "but", "mais", "while", "also", "aussi", "with", "avec",
    }
)
"""Clause boundaries: modifiers attach to the behaviour of their own clause first."""

REACH_CUES = frozenset(
    {
        "reachable", "contactable", "joignable", "joignables", "contactables", "reach", "contact",
        "send", "envoyer", "reached", "contacted", "can", "peut", "peux", "pouvons", "able",
    }
)
"""Words before a channel that ask for reachability ('reachable by SMS', 'we can text')."""


CAMPAIGN_CUES = frozenset(
    {
        "campaign", "campaigns", "campagne", "campagnes", "blast", "send", "sending", "mailing",
        "activation", "operation", "envoi",
    }
)

AVERAGE_WORDS = frozenset({"average", "avg", "moyen", "moyenne", "mean", "aov"})
AVERAGE_PHRASES = frozenset(
    {
        ("average", "basket"),
        ("average", "order"),
        ("average", "order", "value"),
        ("average", "spend"),
        ("average", "cart"),
        ("panier", "moyen"),
        ("basket", "size"),
        ("avg", "basket"),
        ("avg", "order"),
        ("montant", "moyen"),
        ("commande", "moyenne"),
    }
)
"""Retail phrases for the average amount per order; 'basket' here is not a web page."""
SINGLE_WORDS = frozenset({"single", "one", "an", "une", "un", "seule", "seul"})
STRONG_WORDS = frozenset({"strong", "high", "forte", "fort", "elevee", "eleve", "big", "great"})
LIKELY_WORDS = frozenset(
    {"likely", "probable", "probables", "prone", "susceptible", "susceptibles"}
)
"""'likely to churn': a likelihood named without its band means the high band."""
LAST_WORDS = frozenset({"last", "latest", "most", "recent", "dernier", "derniere"})

STOPWORDS = frozenset(
    {
        "the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "from", "is", "are", "was",
        "were", "be", "been", "have", "has", "had", "having", "do", "does", "did", "done", "who",
        "whose", "that", "which", "those", "these", "this", "them", "they", "their", "there",
        "our", "my", "me", "us", "we", "you", "your", "i", "it", "its", "all", "any", "some",
        "each", "every", "and", "or", "with", "via", "as", "also", "too", "only", "just",
        "please", "can", "could", "would", "will", "want", "need", "find", "show", "give", "get",
        "list", "select", "target", "audience", "segment", "ones", "one", "marked", "flagged",
        "tagged", "labelled", "labeled", "least", "than", "site", "website", "page", "pages",
        "times", "time", "ever", "anything", "something", "still", "already", "yet", "here",
        "then", "so", "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "en", "au",
        "aux", "dans", "sur", "par", "pour", "avec", "et", "ou", "qui", "que", "qu", "ont", "ai",
        "avons", "avez", "est", "sont", "etre", "ete", "ayant", "ce", "ces", "cet", "cette",
        "leur", "leurs", "nos", "notre", "vos", "votre", "tous", "toutes", "tout", "n", "ne",
        "se", "s", "y", "il", "ils", "elles", "nous", "moi", "donne", "trouve", "montre", "liste",
        "seulement", "uniquement", "ceux", "celles", "fois", "same", "people", "marques", "both",
        "either", "plus", "fait", "made", "placed", "passe", "passed", "like", "using", "use",
        "speak", "speaks", "everyone", "everybody", "anyone", "anybody", "users", "user",
    "monde", "parlent", "live", "lives", "living", "habitent", "vivent", "based",
    "pls", "plz", "stp", "svp", "hmm", "ok", "okay", "thanks", "merci", "part", "bit",
    "about", "around", "roughly", "approximately", "what", "how", "sorry", "pardon",
    }
)
"""Words that carry no constraint; an uncovered word outside this set is a dropped phrase."""

BLOCKED_SYNONYMS = frozenset(
    {
        "or", "ou", "and", "et", "other", "autre", "a", "an", "the", "in", "on", "to", "de", "le",
        "la", "en", "plus", "not", "no", "all", "any", "one",
    }
)
"""Single-word catalog synonyms too close to grammar to trust alone ('or' is gold in French)."""

SHORTHANDS: dict[str, str] = {
    "ppl": "people", "custs": "customers", "cust": "customer", "cx": "customers", "w/": "with",
    "w/o": "without", "wo": "without", "&": "and", "+": "+", "thru": "through",
    "didnt": "did not", "dont": "do not", "havent": "have not", "hasnt": "has not",
    "doesnt": "does not", "wasnt": "was not", "werent": "were not", "arent": "are not",
    "isnt": "is not", "wont": "will not", "cant": "can not", "hv": "have", "yo": "years old",
    "y/o": "years old", "yrs": "years", "mths": "months", "mnths": "months", "pts": "points",
}

FRENCH_MARKERS = frozenset(
    {
        "les", "des", "qui", "ont", "clients", "ayant", "depuis", "derniers", "dernieres", "dans",
        "avec", "sont", "pas", "personnes", "au", "aux", "du", "et", "en", "une", "fois", "moins",
        "mois", "jours", "acheté", "achete", "cliente", "femmes", "hommes", "ces", "sur", "pour",
    }
)
ENGLISH_MARKERS = frozenset(
    {
        "the", "who", "have", "has", "customers", "people", "in", "and", "with", "last", "months",
        "days", "bought", "least", "times", "of", "are", "for", "by", "not", "or", "since",
    }
)

VAGUE_WORDS: dict[str, str] = {
    "active": "activity", "actif": "activity", "actifs": "activity", "actives": "activity",
    "engaged": "activity", "engage": "activity", "engages": "activity", "engagement": "activity",
    "recent": "activity", "recents": "activity", "recentes": "activity", "valuable": "value",
    "best": "value", "meilleurs": "value", "big": "value", "gros": "value", "lot": "value",
    "beaucoup": "value", "frequent": "value", "frequents": "value", "spenders": "value",
    "loyal": "loyalty", "fidele": "loyalty", "fideles": "loyalty", "young": "age",
    "jeunes": "age", "old": "age", "older": "age", "senior": "age", "seniors": "age",
    "elderly": "age", "ages": "age", "agees": "age",
}
"""Generic marketing words that need a threshold or a choice before they can become a rule."""
# fmt: on
