"""Explanations in the request's language: which language a request is in, and its rules in words.

The words come from the one describer of rule trees, ``audience.rules.describe_rules``; this
module adds only what the assistant knows and the describer does not: the language a request is
written in.
"""

from __future__ import annotations

from audience.rules import RuleTree, describe_rules
from languages import DEFAULT_LANG, Lang
from schema_catalog import Catalog


def request_language(request: str) -> Lang:
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


def explain_rules(tree: RuleTree, catalog: Catalog, language: Lang = DEFAULT_LANG) -> str:
    """One paragraph saying who the tree selects, in ``language``."""
    return describe_rules(tree, catalog, lang=language).text
