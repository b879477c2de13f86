"""A people noun in its feminine form ('les clientes', 'Kundinnen') names women.

French and German say everyone with the masculine plural ('clients', 'Kunden'); the feminine
form is said of women. Which value of the catalog means women is the catalog's: the value its
words for women name ('femmes', 'women'). The reading is stated as an assumption the user sees
— a shop that calls its whole clientele 'nos clientes' says so in one word. A request that
names that column itself ('clientes hommes'), or a catalog without such a value, reads the word
as everyone, as before. So does a feminine form said beside its general form ('Kundinnen und
Kunden', 'clients et clientes', 'Kunden/Kundinnen') or written inclusively with a capital I
inside the word ('KundInnen'): both say everyone.
"""

from __future__ import annotations

import re

from assistant.language import Role, available_codes, fold, load_pack
from assistant.offline.draft import Draft, Mention
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
from assistant.offline.spans import SpanKind
from schema_catalog import Catalog


def women_value(lexicon: Lexicon) -> Sense | None:
    """The one profile value that the languages' words for women name, or None (a catalog may
    list its value's words in one language only: 'women, femmes')."""
    found: set[Sense] = set()
    for pack in (load_pack(code) for code in available_codes()):
        for phrase in pack.table(Role.WOMEN).entries:
            length, senses = lexicon.lookup(phrase, 0, pack)
            if length == len(phrase):
                found |= {sense for sense in senses if sense.kind is SenseKind.VALUE}
    return found.pop() if len(found) == 1 else None


_INNER_CAPITAL = re.compile(r"[^\W\d_A-Z][A-Z]")
"""A capital letter right after a small one inside a word: the inclusive 'KundInnen'."""


def _said_of_everyone(draft: Draft, index: int) -> bool:
    """A feminine people noun said with its own general form, joined by 'and' / 'or'
    ('Kundinnen und Kunden', 'clients et clientes', 'Kunden/Kundinnen'), or with an inner
    capital I ('KundInnen'). Another noun beside it ('Kundinnen und Mitglieder') is not one."""
    if _INNER_CAPITAL.search(draft.mentions[index].text):
        return True
    mentions = draft.mentions
    for step in (-2, 2):
        joined = index + step // 2
        other = index + step
        if not (0 <= other < len(mentions) and 0 <= joined < len(mentions)):
            continue
        joiner, noun = mentions[joined], mentions[other]
        general = noun.has(Role.POPULATION) and not noun.has(Role.FEMININE_POPULATION)
        same = _stem(noun.text) == _stem(mentions[index].text)
        if general and same and (joiner.has(Role.AND) or joiner.has(Role.OR)):
            return True
    return False


def _stem(text: str) -> str:
    """The first letters two forms of one people noun share ('kund', 'client', 'utilisat')."""
    return fold(text)[:_STEM]


_STEM = 4


def _feminine_people(draft: Draft, index: int, mention: Mention) -> bool:
    """A feminine people noun ('clientes'), or a place's women said as the people
    ('Parisiennes qui…', 'Berlinerinnen, die…'): a feminine demonym with no noun before it in
    its clause (in 'les commandes parisiennes' the ending agrees with 'commandes')."""
    if mention.has(Role.FEMININE_POPULATION):
        return not _said_of_everyone(draft, index)
    text = fold(mention.text)
    demonym = len(mention.words) == 1 and text != mention.words[0]
    feminine = any(text.endswith(suffix) for suffix in draft.pack.feminine_demonym_suffixes)
    if not (demonym and feminine and _place(mention)):
        return False
    before = draft.mentions[:index]
    return not any(m.kind is SpanKind.TERM and m.clause == mention.clause for m in before)


def _place(mention: Mention) -> bool:
    return any(sense.kind is SenseKind.VALUE for sense in mention.senses)


def read_feminine_people(draft: Draft, catalog: Catalog) -> None:
    """Anchor the women's value on a feminine people noun, with the assumption stated (a
    feminine demonym stays for its place too: 'Parisiennes' are women of Paris)."""
    pack = draft.pack
    at = next((i for i, m in enumerate(draft.mentions) if _feminine_people(draft, i, m)), None)
    if at is None or draft.lexicon is None:
        return
    sense = women_value(draft.lexicon)
    if sense is None or sense.table != catalog.profile.table:
        return
    named = any(s.column == sense.column for m in draft.mentions for s in m.senses)
    if named:
        return
    mention = draft.mentions[at]
    people = mention.has(Role.FEMININE_POPULATION)
    anchor = draft.add(sense, at, mention if people else None)
    anchor.values.append(str(sense.value))
    _, column = catalog.column(sense.target)
    label = column.label_in(pack.code, column.name.replace("_", " "))
    value = f"{label}: {sense.value}"
    draft.assumptions.append(pack.say("assume_feminine", phrase=mention.text, value=value))
