"""Catalog checks of activation and targeting: channels, the suppression list, the policy.

Each check yields ``Issue`` objects with stable codes and paths (``channels.whatsapp.contact``,
``targeting.restrictions.minors.field``); ``check_catalog`` runs them with the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from languages import say
from schema_catalog.channels import Channel
from schema_catalog.errors import CatalogLookupError
from schema_catalog.issues import Issue, Severity, worded_issue
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
        message = say("unknown_channel_column", channel_name=channel.name, dotted=dotted)
        yield worded_issue("unknown_channel_column", path, message, say("use_table_column"))
        return
    if path.endswith(".consent") and column.type is not ColumnType.BOOLEAN:
        yield worded_issue("consent_not_boolean", path, say("consent_not_boolean", dotted=dotted))
    if not _one_per_profile(catalog, dotted):
        message = say("channel_column_not_one_to_one", channel_name=channel.name, dotted=dotted)
        hint = say("use_one_per_profile_column")
        yield worded_issue("channel_column_not_one_to_one", path, message, hint)


def check_suppression(catalog: Catalog) -> Iterator[Issue]:
    """The suppression table and its channel column exist; every channel's scope is a value."""
    suppression = catalog.suppression
    if suppression is None:
        return
    if not catalog.has_table(suppression.table):
        message = say("unknown_suppression_table", table_name=suppression.table)
        yield worded_issue("unknown_suppression_table", "suppression.table", message)
        return
    table = catalog.table(suppression.table)
    column = suppression.channel_column
    if column is None:
        return  # every row blocks every channel
    if not table.has_column(column):
        message = say("unknown_suppression_column", column_name=column, table_name=table.name)
        yield worded_issue(
            "unknown_suppression_column", "suppression.channel_column", message,
            say("name_suppression_column"),
        )  # fmt: skip
        return
    allowed = table.column(column).allowed_values
    if allowed is None:
        return
    for channel in catalog.channels:
        for value in channel.blocked_by(suppression.all_value):
            if value not in allowed:
                message = say(
                    "unknown_suppression_scope", channel_name=channel.name, value=value,
                    dotted=f"{table.name}.{column}",
                )  # fmt: skip
                yield worded_issue(
                    "unknown_suppression_scope", f"channels.{channel.name}.suppressed_by",
                    message, say("list_scope_values", allowed=", ".join(allowed)),
                    severity=Severity.WARNING,
                )  # fmt: skip


def check_restrictions(catalog: Catalog) -> Iterator[Issue]:
    """Each restriction names a known field, one value per profile, with a fitting bound."""
    names = Counter(r.name for r in catalog.targeting.restrictions)
    for restriction in catalog.targeting.restrictions:
        path = f"targeting.restrictions.{restriction.name}"
        if names[restriction.name] > 1:
            message = say("restriction_repeats", name=restriction.name)
            yield worded_issue("duplicate_name", path, message)
        yield from _restriction_field(catalog, restriction, path)
        for index, name in enumerate(restriction.age_indicators):
            yield from _age_indicator(catalog, name, f"{path}.age_indicators[{index}]")


def _restriction_field(catalog: Catalog, restriction: Restriction, path: str) -> Iterator[Issue]:
    field = restriction.field
    indicator = next((i for i in catalog.indicators if i.name == field), None)
    if indicator is not None:
        if indicator.dimension is not None:
            message = say(
                "restricted_field_has_dimension", name=field, dimension=indicator.dimension.column
            )
            yield worded_issue("restricted_field_has_dimension", f"{path}.field", message)
        kind = "number" if indicator.type is IndicatorType.NUMBER else "category"
        yield from _restriction_bound(restriction, path, kind, indicator.allowed_values)
        return
    try:
        column = catalog.column(field)[1]
    except CatalogLookupError:
        message = say("unknown_restricted_field", name=restriction.name, dotted=field)
        hint = say("use_indicator_or_column")
        yield worded_issue("unknown_restricted_field", f"{path}.field", message, hint)
        return
    if not _one_per_profile(catalog, field):
        message = say("restricted_field_not_one_to_one", dotted=field)
        hint = say("use_one_per_profile_column")
        yield worded_issue("restricted_field_not_one_to_one", f"{path}.field", message, hint)
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
        message = say(
            "restriction_type_mismatch", bound=bound, needed_kind=_BOUND_KINDS[bound],
            dotted=restriction.field, field_kind=kind,
        )  # fmt: skip
        hint = say("bound_per_type")
        yield worded_issue("restriction_type_mismatch", f"{path}.{bound}", message, hint)
    for value in restriction.values or ():
        if allowed is not None and value not in allowed:
            message = say("restriction_value_not_allowed", value=repr(value),
                          dotted=restriction.field)  # fmt: skip
            hint = say("allowed_values", allowed=", ".join(allowed))
            yield worded_issue("restriction_value_not_allowed", f"{path}.values", message, hint)


def _age_indicator(catalog: Catalog, name: str, path: str) -> Iterator[Issue]:
    indicator = next((i for i in catalog.indicators if i.name == name), None)
    if indicator is None or indicator.type is not IndicatorType.NUMBER:
        message = say("unknown_age_indicator", name=name)
        yield worded_issue("unknown_age_indicator", path, message, say("list_age_indicators"))


def check_sensitive_topics(catalog: Catalog) -> Iterator[Issue]:
    """Topics are named once, and list words."""
    names = Counter(t.name for t in catalog.targeting.sensitive_topics)
    for topic in catalog.targeting.sensitive_topics:
        path = f"targeting.sensitive_topics.{topic.name}"
        if names[topic.name] > 1:
            yield worded_issue("duplicate_name", path, say("topic_repeats", name=topic.name))
        if not any(word.strip() for word in topic.words):
            message = say("topic_without_words", name=topic.name)
            yield worded_issue("topic_without_words", f"{path}.words", message)
