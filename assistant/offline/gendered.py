"""A people noun in its feminine form ('les clientes', 'Kundinnen') names women.

French and German say everyone with the masculine plural ('clients', 'Kunden'); the feminine
form is said of women. Which value of the catalog means women is the catalog's: the value its
words for women name ('femmes', 'women'). The reading is stated as an assumption the user sees
— a shop that calls its whole clientele 'nos clientes' says so in one word. A request that
names that column itself ('clientes hommes'), or a catalog without such a value, reads the word
as everyone, as before.
"""

from __future__ import annotations

from assistant.language import Role, available_codes, load_pack
from assistant.offline.draft import Draft
from assistant.offline.lexicon import Lexicon, Sense, SenseKind
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


def read_feminine_people(draft: Draft, catalog: Catalog) -> None:
    """Anchor the women's value on a feminine people noun, with the assumption stated."""
    pack = draft.pack
    at = next((i for i, m in enumerate(draft.mentions) if m.has(Role.FEMININE_POPULATION)), None)
    if at is None or draft.lexicon is None:
        return
    sense = women_value(draft.lexicon)
    if sense is None or sense.table != catalog.profile.table:
        return
    named = any(s.column == sense.column for m in draft.mentions for s in m.senses)
    if named:
        return
    mention = draft.mentions[at]
    anchor = draft.add(sense, at, mention)
    anchor.values.append(str(sense.value))
    _, column = catalog.column(sense.target)
    label = column.label_in(pack.code, column.name.replace("_", " "))
    value = f"{label}: {sense.value}"
    draft.assumptions.append(pack.say("assume_feminine", phrase=mention.text, value=value))
