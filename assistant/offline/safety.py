"""Unsafe requests: SQL, instruction overrides, consent bypass, personal data, secrets, exports,
changes to the data.

SQL is a language of its own, read by patterns; everything else is phrases of the request's
language pack (``guardrails``, ``intents``) found near each other, and the catalog's own marks
(which columns hold personal data). Which data is too sensitive to target is catalog policy,
enforced by the validator — not a word list here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.contract import Refusal
from assistant.language import Pack, Role, fold
from assistant.offline.lexicon import phrase_key
from assistant.offline.numbers import number_at
from assistant.policy import sensitive_topic, spared_phrases
from schema_catalog import Catalog

_SQL = (
    re.compile(
        r"\b(drop|truncate|alter|delete|insert|update|grant|attach|copy|pragma)\b"
        r"\s+(table|from|into|database|schema|\w+\s+set|on)\b"
    ),
    re.compile(
        r"\bselect\b.+\bfrom\b|\bunion\s+select\b|;\s*--|\bwhere\s+1\s*=\s*1\b|"
        r"\bor\s+1\s*=\s*1\b|\bread_csv|\bexec(ute)?\s*\(|\bwhere\s+\w+\s*=\s*'"
    ),
)
NEAR = 6
"""How many words apart two phrases of one guardrail pattern may be."""
SCHEMA_NEAR = 4
"""A schema verb's object follows it closely ('add a new column'); further away, the noun
belongs to another clause ('add a condition on the city field' is an edit, not a schema change)."""
REVEAL_NEAR = 4
"""A verb that asks to show a field names it closely ('show me their last login'); further away
it asks for the audience ('show me customers whose last login was in May')."""


def _positions(pack: Pack, role: Role, words: Sequence[str]) -> list[int]:
    return [index for index in range(len(words)) if pack.has(role, words, index)]


def _near(pack: Pack, words: Sequence[str], first: Role, second: Role, span: int = NEAR) -> bool:
    """A ``first`` phrase followed within ``span`` words by a ``second`` phrase."""
    seconds = _positions(pack, second, words)
    return any(0 < s - f <= span for f in _positions(pack, first, words) for s in seconds)


def _either_way(pack: Pack, words: Sequence[str], one: Role, other: Role) -> bool:
    return _near(pack, words, one, other) or _near(pack, words, other, one)


def _opted_out_targeted(pack: Pack, words: Sequence[str]) -> bool:
    """People who said no, for a campaign ('who unsubscribed, for an email campaign'), unless a
    negation says the opposite ('who haven't unsubscribed')."""
    campaign = _positions(pack, Role.CAMPAIGN, words) or _positions(pack, Role.CAMPAIGN_FOR, words)
    negations = _positions(pack, Role.NEGATION, words)
    said_no = [
        at
        for at in _positions(pack, Role.OPTED_OUT, words)
        if not any(0 < at - n <= 3 for n in negations)
    ]
    return bool(campaign and said_no)


def _suppression_names(catalog: Catalog) -> frozenset[tuple[str, ...]]:
    """The catalog's words for its do-not-contact list ('Bloctel', 'Sperrliste')."""
    if catalog.suppression is None:
        return frozenset()
    table = catalog.table(catalog.suppression.table)
    names = (table.label, *table.labels.values(), *table.synonyms)
    return frozenset(key for name in names if name and (key := phrase_key(name)))


def _blocked_added(pack: Pack, words: Sequence[str], catalog: Catalog) -> bool:
    """'add the people on the blocklist too': an include verb near the catalog's own name for
    its do-not-contact list, with no negation just before the list ('not on the blocklist')."""
    names = _suppression_names(catalog)
    negations = _positions(pack, Role.NEGATION, words)
    listed = [
        index
        for index in range(len(words))
        for length in (3, 2, 1)
        if tuple(words[index : index + length]) in names
        and not any(0 < index - n <= 3 for n in negations)
    ]
    verbs = _positions(pack, Role.INCLUDE_VERBS, words)
    return any(0 < abs(at - verb) <= NEAR for at in listed for verb in verbs)


def _column_names(catalog: Catalog, *, pii_only: bool) -> frozenset[tuple[str, ...]]:
    """The catalog's columns (or only its personal-data ones), by name, label and synonym."""
    names: set[tuple[str, ...]] = set()
    for table in catalog.tables:
        for column in table.columns:
            if column.pii or not pii_only:
                names.add(phrase_key(column.name.replace("_", " ")))
                names.update(phrase_key(s) for s in column.synonyms)
                labels = () if pii_only else (column.label, *column.labels.values())
                names.update(phrase_key(label) for label in labels if label)
    return frozenset(name for name in names if name)


def _named_at(words: Sequence[str], names: frozenset[tuple[str, ...]]) -> set[int]:
    """Positions of ``words`` inside one of ``names`` (a plural 's' dropped also counts)."""
    plural = [w[:-1] if w.endswith("s") else w for w in words]
    found: set[int] = set()
    for sequence in (words, plural):
        for length in (3, 2, 1):
            for index in range(len(sequence) - length + 1):
                if tuple(sequence[index : index + length]) in names:
                    found.update(range(index, index + length))
    return found


def _sized_lists(pack: Pack, words: Sequence[str]) -> set[int]:
    """Positions of a size said with a list ('a list of 10,000 contacts', 'une liste de 3 000
    clients'): there 'list' is the audience's noun, not a request to show its members."""
    found: set[int] = set()
    for index in range(len(words)):
        length = pack.has(Role.SIZE_CUES, words, index)
        if length and number_at(words, index + length, pack) is not None:
            found.update(range(index, index + length))
    return found


def _names_personal(words: Sequence[str], catalog: Catalog) -> bool:
    return bool(_named_at(words, _column_names(catalog, pii_only=True)))


def _asks_secret(pack: Pack, words: Sequence[str], catalog: Catalog) -> bool:
    """A word for a secret ('login', 'token'), unless it is part of a field the catalog names
    ('last login', 'push token') and no verb asks to show it: then it is a condition."""
    secrets = _positions(pack, Role.SECRETS, words)
    if not secrets or _near(pack, words, Role.REVEAL_VERBS, Role.SECRETS, REVEAL_NEAR):
        return bool(secrets)
    fields = _named_at(words, _column_names(catalog, pii_only=False))
    return any(at not in fields for at in secrets)


def _unsafe_kind(words: Sequence[str], pack: Pack, catalog: Catalog) -> str | None:
    if _near(pack, words, Role.OVERRIDE_VERBS, Role.OVERRIDE_OBJECTS) or _positions(
        pack, Role.ROLEPLAY, words
    ):
        return "override"
    if (
        _near(pack, words, Role.BYPASS_VERBS, Role.CONSENT_WORDS)
        or _either_way(pack, words, Role.INCLUDE_VERBS, Role.OPTED_OUT)
        or _opted_out_targeted(pack, words)
        or _blocked_added(pack, words, catalog)
    ):
        return "consent"
    if _asks_secret(pack, words, catalog):
        return "secret"
    if _positions(pack, Role.EXPORT_VERBS, words) or _positions(pack, Role.EXPORT_FILES, words):
        return "export"
    said = _positions(pack, Role.PERSONAL_DATA, words)
    personal = _names_personal(words, catalog) or said
    sized = _sized_lists(pack, words)
    reveals = [at for at in _positions(pack, Role.REVEAL_VERBS, words) if at not in sized or said]
    if reveals and personal:
        return "personal"
    if _near(pack, words, Role.DATA_ACTIONS, Role.DATA_OBJECTS, 4) or _near(
        pack, words, Role.SCHEMA_ACTIONS, Role.SCHEMA_OBJECTS, SCHEMA_NEAR
    ):
        return "action"
    return None


def sensitive_refusal(words: Sequence[str], catalog: Catalog, pack: Pack) -> Refusal | None:
    """A refusal when the request names a topic the catalog's policy never targets (health,
    religion…): the words are the catalog's, in every language it serves, and a word the catalog
    defines elsewhere is never refused (``assistant.policy.sensitive_topic``)."""
    topic = sensitive_topic(" ".join(words), catalog, spared_phrases(pack))
    if topic is None:
        return None
    return Refusal(reason=topic.reason_in(pack.code), category="unsafe", language=pack.code)


def unsafe_refusal(
    request: str, words: Sequence[str], pack: Pack, catalog: Catalog
) -> Refusal | None:
    """A refusal (category 'unsafe') when the request tries to get around a guardrail."""
    folded = fold(request)
    kind = "sql" if any(pattern.search(folded) for pattern in _SQL) else None
    kind = kind or _unsafe_kind(words, pack, catalog)
    if kind is None:
        return sensitive_refusal(words, catalog, pack)
    return Refusal(reason=pack.say(f"unsafe_{kind}"), category="unsafe", language=pack.code)
