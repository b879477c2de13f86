"""Catalog checks of activation and targeting: channels, the suppression list, the policy.

Each check yields ``Issue`` objects with stable codes and paths (``channels.whatsapp.contact``,
``targeting.restrictions.minors.field``); ``check_catalog`` runs them with the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from schema_catalog.channels import Channel
from schema_catalog.errors import CatalogLookupError
from schema_catalog.issues import Issue
from schema_catalog.issues import make_issue as _issue
from schema_catalog.model import Catalog, Column, ColumnType, IndicatorType, Relationship
from schema_catalog.targeting import Restriction

_NUMERIC = (ColumnType.INTEGER, ColumnType.DECIMAL)


def _one_per_profile(catalog: Catalog, dotted: str) -> bool:
    """True when ``dotted`` is a column of the profile table or of a table joined 1:1 to it."""
    table, _ = catalog.column(dotted)
    if table.name == catalog.profile.table:
        return True
    join = table.join
    return join is not None and join.relationship is Relationship.ONE_TO_ONE


def check_channels(catalog: Catalog) -> Iterator[Issue]:
    """Consent columns are known booleans; contact and export columns are one per profile."""
    for channel in catalog.channels:
        path = f"channels.{channel.name}"
        fields = [("consent", channel.consent), ("contact", channel.contact)]
        fields += [(f"export_columns[{i}]", c) for i, c in enumerate(channel.export_columns)]
        for field, dotted in fields:
            yield from _channel_column(catalog, channel, f"{path}.{field}", dotted)


def _channel_column(catalog: Catalog, channel: Channel, path: str, dotted: str) -> Iterator[Issue]:
    try:
        column = catalog.column(dotted)[1]
    except CatalogLookupError:
        yield _issue(
            "unknown_channel_column",
            path,
            f"Channel {channel.name!r} names unknown column {dotted!r}.",
            "Use 'table.column' of a catalog table.",
        )
        return
    if path.endswith(".consent") and column.type is not ColumnType.BOOLEAN:
        yield _issue("consent_not_boolean", path, f"Consent column {dotted!r} is not a boolean.")
    if not _one_per_profile(catalog, dotted):
        yield _issue(
            "channel_column_not_one_to_one",
            path,
            f"Channel {channel.name!r} reads {dotted!r}, which may hold several rows per profile.",
            "Use a column of the profile table or of a table joined one-to-one to it.",
        )


def check_suppression(catalog: Catalog) -> Iterator[Issue]:
    """The suppression table and its channel column exist; every channel's scope is a value."""
    suppression = catalog.suppression
    if suppression is None:
        return
    if not catalog.has_table(suppression.table):
        yield _issue(
            "unknown_suppression_table",
            "suppression.table",
            f"Suppression table {suppression.table!r} is not a catalog table.",
        )
        return
    table = catalog.table(suppression.table)
    column = suppression.channel_column
    if column is None:
        return  # every row blocks every channel
    if not table.has_column(column):
        yield _issue(
            "unknown_suppression_column",
            "suppression.channel_column",
            f"Column {column!r} is not in {table.name!r}.",
            "Name the column that says which channel a row blocks; if every row blocks every "
            "channel (a do-not-contact list), write 'channel_column: null'. See "
            "docs/catalog.md#suppression.",
        )
        return
    allowed = table.column(column).allowed_values
    if allowed is None:
        return
    for channel in catalog.channels:
        for value in channel.blocked_by(suppression.all_value):
            if value not in allowed:
                yield _issue(
                    "unknown_suppression_scope",
                    f"channels.{channel.name}.suppressed_by",
                    f"Channel {channel.name!r} is blocked by {value!r}, which "
                    f"{table.name}.{column} never holds.",
                    f"Allowed values: {', '.join(allowed)}; list the channel's in suppressed_by.",
                    warn=True,
                )


def check_restrictions(catalog: Catalog) -> Iterator[Issue]:
    """Each restriction names a known field, one value per profile, with a fitting bound."""
    names = Counter(r.name for r in catalog.targeting.restrictions)
    for restriction in catalog.targeting.restrictions:
        path = f"targeting.restrictions.{restriction.name}"
        if names[restriction.name] > 1:
            yield _issue("duplicate_name", path, f"Restriction {restriction.name!r} repeats.")
        yield from _restriction_field(catalog, restriction, path)
        for index, name in enumerate(restriction.age_indicators):
            yield from _age_indicator(catalog, name, f"{path}.age_indicators[{index}]")


def _restriction_field(catalog: Catalog, restriction: Restriction, path: str) -> Iterator[Issue]:
    field = restriction.field
    indicator = next((i for i in catalog.indicators if i.name == field), None)
    if indicator is not None:
        if indicator.dimension is not None:
            yield _issue(
                "restricted_field_has_dimension",
                f"{path}.field",
                f"Indicator {field!r} has one value per {indicator.dimension.column}; a "
                "restriction needs one value per profile.",
            )
        kind = "number" if indicator.type is IndicatorType.NUMBER else "category"
        yield from _restriction_bound(restriction, path, kind, indicator.allowed_values)
        return
    try:
        column = catalog.column(field)[1]
    except CatalogLookupError:
        yield _issue(
            "unknown_restricted_field",
            f"{path}.field",
            f"Restriction {restriction.name!r} names {field!r}, neither an indicator nor a column.",
            "Use an indicator name or 'table.column' of the profile or a one-to-one table.",
        )
        return
    if not _one_per_profile(catalog, field):
        yield _issue(
            "restricted_field_not_one_to_one",
            f"{path}.field",
            f"{field!r} may hold several rows per profile.",
            "Use a column of the profile table or of a table joined one-to-one to it.",
        )
    yield from _restriction_bound(restriction, path, _kind(column), column.allowed_values)


def _kind(column: Column) -> str:
    if column.type in _NUMERIC:
        return "number"
    return "date" if column.type in (ColumnType.DATE, ColumnType.TIMESTAMP) else "category"


_BOUND_KINDS = {"below": "number", "min_years": "date", "values": "category"}


def _restriction_bound(
    restriction: Restriction, path: str, kind: str, allowed: tuple[str, ...] | None
) -> Iterator[Issue]:
    bound = next(name for name in _BOUND_KINDS if getattr(restriction, name) is not None)
    if _BOUND_KINDS[bound] != kind:
        yield _issue(
            "restriction_type_mismatch",
            f"{path}.{bound}",
            f"{bound!r} needs a {_BOUND_KINDS[bound]} field; {restriction.field!r} is a {kind}.",
            "Use 'below' on numbers, 'min_years' on dates, 'values' on categories or booleans.",
        )
    for value in restriction.values or ():
        if allowed is not None and value not in allowed:
            yield _issue(
                "restriction_value_not_allowed",
                f"{path}.values",
                f"{value!r} is not an allowed value of {restriction.field!r}.",
                f"Allowed values: {', '.join(allowed)}.",
            )


def _age_indicator(catalog: Catalog, name: str, path: str) -> Iterator[Issue]:
    indicator = next((i for i in catalog.indicators if i.name == name), None)
    if indicator is None or indicator.type is not IndicatorType.NUMBER:
        yield _issue(
            "unknown_age_indicator",
            path,
            f"{name!r} is not a numeric indicator of the catalog.",
            "List the indicators that give the same measure in whole years, e.g. 'age'.",
        )


def check_sensitive_topics(catalog: Catalog) -> Iterator[Issue]:
    """Topics are named once, and list words."""
    names = Counter(t.name for t in catalog.targeting.sensitive_topics)
    for topic in catalog.targeting.sensitive_topics:
        path = f"targeting.sensitive_topics.{topic.name}"
        if names[topic.name] > 1:
            yield _issue("duplicate_name", path, f"Sensitive topic {topic.name!r} repeats.")
        if not any(word.strip() for word in topic.words):
            yield _issue(
                "topic_without_words",
                f"{path}.words",
                f"Sensitive topic {topic.name!r} lists no words, so no request can name it.",
            )
