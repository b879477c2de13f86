"""Explanations in the request's language: which language a request is in, and its rules in words.

The words come from the one describer of rule trees, ``audience.rules.describe_rules``; this
module adds only what the assistant knows and the describer does not: the language a request is
written in (detected by the parser's language packs).
"""

from __future__ import annotations

from audience.rules import RuleTree, describe_rules
from languages import DEFAULT_LANG, Lang, has_topic
from schema_catalog import Catalog


def request_language(request: str) -> Lang:
    """The language explanations are written in for ``request``: the detected language when its
    pack can describe rules, else the default.

    >>> request_language("clients qui ont acheté en magasin"), request_language("VIP customers")
    ('fr', 'en')
    """
    from assistant.language import detect_language

    return language_of(detect_language(request).code)


def language_of(code: str) -> Lang:
    """The language explanations are written in for a request in language ``code``: ``code`` when
    its pack has the describe words (``languages/<code>/describe.yml``), else the default."""
    return code if has_topic(code, "describe") else DEFAULT_LANG


def explain_rules(tree: RuleTree, catalog: Catalog, language: Lang = DEFAULT_LANG) -> str:
    """One paragraph saying who the tree selects, in ``language``."""
    return describe_rules(tree, catalog, lang=language).text
