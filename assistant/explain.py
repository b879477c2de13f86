"""Plain-language explanations of rule trees, in the request's language.

Uses ``audience.describe.describe_rules`` (the operator registry's phrases) when it is available;
otherwise a compact phrasing of its own, so the assistant never depends on its presence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from audience.rules import (
    Attribute,
    Behavior,
    Group,
    IndicatorRule,
    Node,
    Reachable,
    RuleTree,
    SegmentRef,
)
from schema_catalog import Catalog

Language = Literal["en", "fr"]


def request_language(request: str) -> Language:
    """'fr' when French grammar words outnumber English ones.

    >>> request_language("clients qui ont acheté en magasin"), request_language("VIP customers")
    ('fr', 'en')
    """
    from assistant.offline.text import split_words
    from assistant.offline.words import ENGLISH_MARKERS, FRENCH_MARKERS

    words = [token.text for token in split_words(request)]
    french = sum(word in FRENCH_MARKERS for word in words)
    english = sum(word in ENGLISH_MARKERS for word in words)
    return "fr" if french > english else "en"


def explain_rules(tree: RuleTree, catalog: Catalog, language: Language = "en") -> str:
    """One paragraph saying who the tree selects."""
    try:
        from audience.rules.describe import describe_rules
    except ImportError:
        return _own_explanation(tree, language)
    try:
        return str(describe_rules(tree, catalog, lang=language).text)
    except Exception:
        return _own_explanation(tree, language)


_INTRO = {
    "en": "Customers who match all of: ",
    "fr": "Clients qui remplissent toutes ces conditions : ",
}
_NOT = {"en": "not ", "fr": "pas "}


def _own_explanation(tree: RuleTree, language: Language) -> str:
    lines = [describe_node(node, language) for node in tree.root.rules]
    text = _INTRO[language] + "; ".join(lines) + "."
    if tree.channel:
        text += f" Channel: {tree.channel}."
    return text


def _attribute(node: Attribute, language: Language) -> str:
    unit = f" {node.unit.value}" if node.unit else ""
    return f"{node.field} {node.op.value} {node.value}{unit}"


def _behavior(node: Behavior, language: Language) -> str:
    filters = ", ".join(f"{c.field} {c.op.value} {c.value}" for c in node.filters)
    window = ""
    if node.window:
        w = node.window
        window = f", {w.type.value} {w.amount or ''} {w.unit.value if w.unit else ''}"
        window += f"{w.start or ''}{' – ' if w.start and w.end else ''}{w.end or ''}"
    aggregate = node.aggregate
    measure = f"({aggregate.measure})" if aggregate.measure else ""
    condition = f"{aggregate.func.value}{measure} {aggregate.op.value} {aggregate.value}"
    return f"{node.event} [{filters}]{window}, {condition}".replace(" []", "")


def _indicator(node: IndicatorRule, language: Language) -> str:
    key = f"[{node.key}]" if node.key else ""
    return f"{node.indicator}{key} {node.op.value} {node.value}"


def _reachable(node: Reachable, language: Language) -> str:
    return {"en": "reachable by ", "fr": "joignable par "}[language] + node.channel


def _segment(node: SegmentRef, language: Language) -> str:
    return f"segment {node.segment}"


def _group(node: Group, language: Language) -> str:
    joiner = {"or": {"en": " or ", "fr": " ou "}, "and": {"en": " and ", "fr": " et "}}
    return (
        "(" + joiner[node.op][language].join(describe_node(n, language) for n in node.rules) + ")"
    )


_DESCRIBERS: dict[type, Callable[..., str]] = {
    Attribute: _attribute,
    Behavior: _behavior,
    IndicatorRule: _indicator,
    Reachable: _reachable,
    SegmentRef: _segment,
    Group: _group,
}


def describe_node(node: Node, language: Language = "en") -> str:
    """A short phrase for one node (used for change notes and as a fallback explanation)."""
    text = _DESCRIBERS[type(node)](node, language)
    return _NOT[language] + text if node.negate else text
