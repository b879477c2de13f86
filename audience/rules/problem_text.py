"""A problem said on a page: its wording in the page's language, with the catalog's labels.

The English message of an issue or an error names things as the catalog's code does
(``customers.loyalty_tier``), which the command line and the model need. A page says the same
wording in its own language (``languages/<code>/problems.yml``) and names each thing the catalog
knows by its label in that language ('niveau de fidélité'). A name the catalog does not know (a
misspelt field) stays as written.
"""

from __future__ import annotations

from collections.abc import Callable

from audience.rules.labels import column_label, event_label, field_label, indicator_label
from languages import Lang, Param, Wording, word
from schema_catalog import Catalog

Labeller = Callable[[Catalog, Wording, str, Lang], str | None]
"""The label of one named value, or None when the catalog does not know it."""


def _field(catalog: Catalog, dotted: str, lang: Lang) -> str | None:
    table, _, column = dotted.partition(".")
    known = catalog.has_table(table) and catalog.table(table).has_column(column)
    return field_label(catalog, dotted, lang) if known else None


def _field_or_indicator(catalog: Catalog, name: str, lang: Lang) -> str | None:
    if "." in name:
        return _field(catalog, name, lang)
    return _indicator(catalog, name, lang)


def _table(catalog: Catalog, name: str, lang: Lang) -> str | None:
    return event_label(catalog, name, lang) if catalog.has_table(name) else None


def _indicator(catalog: Catalog, name: str, lang: Lang) -> str | None:
    known = any(indicator.name == name for indicator in catalog.indicators)
    return indicator_label(catalog, name, lang) if known else None


def _column(catalog: Catalog, wording: Wording, name: str, lang: Lang) -> str | None:
    table = str(wording.params.get("event") or wording.params.get("table") or "")
    if not (catalog.has_table(table) and catalog.table(table).has_column(name)):
        return None
    return column_label(catalog, table, name, lang)


def _channel(catalog: Catalog, name: str, lang: Lang) -> str | None:
    channel = next((c for c in catalog.channels if c.name == name), None)
    return channel.label_in(lang) if channel is not None else None


LABELLERS: dict[str, Labeller] = {
    "field": lambda catalog, _, name, lang: _field(catalog, name, lang),
    "operand": lambda catalog, _, name, lang: _field_or_indicator(catalog, name, lang),
    "event": lambda catalog, _, name, lang: _table(catalog, name, lang),
    "table": lambda catalog, _, name, lang: _table(catalog, name, lang),
    "indicator": lambda catalog, _, name, lang: _indicator(catalog, name, lang),
    "column": _column,
    "channel": lambda catalog, _, name, lang: _channel(catalog, name, lang),
}
"""Which parameters name something of the catalog, and how its label is found."""


def problem_text(wording: Wording, lang: Lang, catalog: Catalog | None = None) -> str:
    """``wording`` said in ``lang``, the catalog's names as their labels in that language.

    >>> from languages import say
    >>> from schema_catalog import load_catalog
    >>> problem_text(say("unknown_field", field="customers.loyalty_tier"), "fr", load_catalog())
    'Champ inconnu : « niveau de fidélité ».'
    """
    params = {
        name: _shown(wording, name, value, lang, catalog) for name, value in wording.params.items()
    }
    return word(Wording(key=wording.key, params=params), lang)


def _shown(wording: Wording, name: str, value: Param, lang: Lang, catalog: Catalog | None) -> Param:
    labeller = LABELLERS.get(name)
    if catalog is None or labeller is None or not isinstance(value, str):
        return value
    return labeller(catalog, wording, value, lang) or value
