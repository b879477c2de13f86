"""Refusals that come from the catalog's targeting policy, for every planner.

Two sources, both declared by the catalog (``targeting`` and the ``pii`` / ``sensitive`` flags),
none a word list in the code:

- a proposal whose rules break the policy (``audience.validate.POLICY_CODES``: personal data
  compared to values, sensitive fields, rules aimed only at protected profiles) is refused with
  the validator's message, which carries the catalog's reason — never "repaired" by silently
  dropping the condition the person asked for;
- a request that names a ``sensitive_topics`` word is refused before any planning, unless the
  catalog itself defines that word (a column, value, indicator or channel that is not
  sensitive): a word of the business is never refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.contract import Refusal
from assistant.explain import request_language
from assistant.language import Pack, Role, detect_language, fold
from audience.validate import POLICY_CODES
from schema_catalog import Catalog, Issue, SensitiveTopic


def policy_refusal(issues: Iterable[Issue]) -> Refusal | None:
    """A refusal carrying the first policy error's message, or None when there is none."""
    for issue in issues:
        if issue.is_error and issue.code in POLICY_CODES:
            return Refusal(reason=issue.message, category="unsafe")
    return None


def topic_refusal(request: str, catalog: Catalog) -> Refusal | None:
    """A refusal when ``request`` names one of the catalog's sensitive topics.

    >>> from schema_catalog import load_catalog
    >>> topic_refusal("customers with diabetes", load_catalog()).category
    'unsafe'
    >>> topic_refusal("VIP customers in Paris", load_catalog()) is None
    True
    """
    topic = sensitive_topic(request, catalog, spared_phrases(detect_language(request)))
    if topic is None:
        return None
    lang = request_language(request)
    return Refusal(reason=topic.reason_in(lang), category="unsafe", language=lang)


def spared_phrases(pack: Pack) -> tuple[str, ...]:
    """The phrases of ``pack`` spelled like a sensitive word but meaning something else: verbs
    of coming back ('pas revenus sur le site')."""
    return tuple(" ".join(key) for key in pack.table(Role.RETURNING).entries)


def sensitive_topic(
    request: str, catalog: Catalog, spared: Iterable[str] = ()
) -> SensitiveTopic | None:
    """The first catalog sensitive topic ``request`` names, unless the catalog defines the word
    or it is inside one of the ``spared`` phrases of the request's language (a verb spelled like
    the topic: 'pas revenus sur le site' is coming back, not income)."""
    text = fold(request)
    defined = business_words(catalog) | {" ".join(fold(phrase).split()) for phrase in spared}
    for topic in catalog.targeting.sensitive_topics:
        for match in _pattern(topic).finditer(text):
            if not _defined_at(match, text, defined):
                return topic
    return None


def _defined_at(match: re.Match[str], text: str, defined: frozenset[str]) -> bool:
    """Whether a phrase the catalog defines covers the matched words ('country of origin')."""
    words = set(match.group(0).split())
    for phrase in (p for p in defined if words <= set(p.split())):
        for found in re.finditer(rf"\b{re.escape(phrase)}\w*", text):  # plurals too
            if found.start() <= match.start() and match.end() <= found.end():
                return True
    return False


def _pattern(topic: SensitiveTopic) -> re.Pattern[str]:
    """``word`` matches the word; ``stem*`` any word starting with ``stem``; spaces any spacing."""
    parts = []
    for word in topic.words:
        folded = fold(word.strip())
        stem = folded.endswith("*")
        body = r"\s+".join(re.escape(piece) for piece in folded.rstrip("*").split())
        if body:
            parts.append(body + (r"\w*" if stem else ""))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b") if parts else re.compile(r"(?!x)x")


def business_words(catalog: Catalog) -> frozenset[str]:
    """Every word and phrase the catalog defines outside sensitive columns and indicators."""
    return frozenset(" ".join(fold(w).replace("_", " ").split()) for w in _catalog_words(catalog))


def _catalog_words(catalog: Catalog) -> Iterator[str]:
    for table in catalog.tables:
        yield from (table.name, *table.synonyms)
        for column in table.columns:
            if not column.sensitive:
                yield from (column.name, *column.synonyms, *(column.allowed_values or ()))
                yield from (word for words in column.value_synonyms.values() for word in words)
    for indicator in catalog.indicators:
        if not indicator.sensitive:
            yield from (indicator.name, indicator.label or "", *indicator.synonyms)
            yield from (word for words in indicator.value_synonyms.values() for word in words)
    for channel in catalog.channels:
        yield from (channel.name, channel.label, *channel.synonyms)
