"""The schema catalog: where customer data lives, what it means, and how it joins to the profile.

Every model is frozen and forbids unknown keys, so a typo in a YAML file is an error, not a silent
default. Look-ups by name go through the ``Catalog`` helpers; they raise ``CatalogLookupError`` with
the closest known name as a hint.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from languages import DEFAULT_LANG, Lang
from schema_catalog.channels import Channel, Suppression
from schema_catalog.errors import CatalogLookupError
from schema_catalog.issues import closest_hint
from schema_catalog.targeting import TargetingPolicy


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Labelled(_Frozen):
    """Something shown to people under a label, with translations per language code."""

    label: str | None = None
    """The name people read, e.g. 'Check-in date'; None shows the humanised name."""
    labels: dict[Lang, str] = Field(default_factory=dict)
    """The label per language code, e.g. {fr: "Date d'arrivée"}."""

    descriptions: dict[Lang, str] = Field(default_factory=dict)
    """The description per language code; a language without one reads ``description``."""

    def label_in(self, lang: Lang, fallback: str) -> str:
        """The label for ``lang``, else the default label, else ``fallback``.

        >>> Column(name="stay_start", type="date", labels={"fr": "arrivée"}).label_in("fr", "x")
        'arrivée'
        """
        return self.labels.get(lang) or self.label or fallback


class _ValueLabelled(_Frozen):
    """Something with categorical values, each shown to people under a label per language."""

    value_labels: dict[str, dict[Lang, str]] = Field(default_factory=dict)
    """Each value's label per language code, e.g. {store: {fr: magasin, de: Filiale}}; a value
    without a label in the page's language is shown as stored."""

    def value_label(self, value: str, lang: Lang) -> str:
        """How ``value`` reads in ``lang``: its label there, else the value as stored.

        >>> labels = {"store": {"fr": "magasin"}}
        >>> column = Column(name="channel", type="string", value_labels=labels)
        >>> column.value_label("store", "fr"), column.value_label("store", "de")
        ('magasin', 'store')
        """
        return self.value_labels.get(value, {}).get(lang) or value

    def value_labels_in(self, lang: Lang) -> dict[str, str]:
        """Every value that has a label in ``lang``, with that label."""
        labels = self.value_labels.items()
        return {value: by_lang[lang] for value, by_lang in labels if lang in by_lang}


class Cadence(StrEnum):
    """How often a source is refreshed or a snapshot is recomputed."""

    REALTIME = "realtime"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"

    @property
    def interval(self) -> timedelta:
        return _CADENCE_INTERVALS[self]


_CADENCE_INTERVALS = {
    Cadence.REALTIME: timedelta(0),
    Cadence.HOURLY: timedelta(hours=1),
    Cadence.DAILY: timedelta(days=1),
    Cadence.WEEKLY: timedelta(weeks=1),
    Cadence.MONTHLY: timedelta(days=30),
}


class ColumnType(StrEnum):
    """Logical column types; the drift check maps them to DuckDB types."""

    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    TIMESTAMP = "timestamp"


class Relationship(StrEnum):
    """How many rows of a table belong to one profile."""

    ONE_TO_ONE = "one_to_one"
    ONE_TO_MANY = "one_to_many"


class Scale(StrEnum):
    """What a number's range is, so that '70 %' can be read against it."""

    FRACTION = "fraction"
    """From 0 to 1 (a share, a probability): '70 %' is 0.7."""
    PERCENT = "percent"
    """From 0 to 100: '70 %' is 70."""


class TableKind(StrEnum):
    """``profile``: one row per customer; ``attribute``: extra facts; ``event``: behaviour."""

    PROFILE = "profile"
    ATTRIBUTE = "attribute"
    EVENT = "event"


class Source(_Frozen):
    """A system customer data comes from (CRM, POS, e-commerce, web analytics, email, app)."""

    name: str
    label: str
    labels: dict[Lang, str] = Field(default_factory=dict)
    """The label per language code, e.g. {fr: Caisses des magasins}."""
    description: str = ""
    descriptions: dict[Lang, str] = Field(default_factory=dict)
    """The description per language code; a language without one reads ``description``."""
    refresh: Cadence
    last_refreshed_at: datetime


class Column(_Labelled, _ValueLabelled):
    """A column with its meaning. ``allowed_values`` only on categorical (string) columns."""

    name: str
    type: ColumnType
    description: str = ""
    synonyms: tuple[str, ...] = ()
    allowed_values: tuple[str, ...] | None = None
    value_synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    pii: bool = False
    """Personal data: masked in samples; rules may only test it with is_set / is_not_set."""
    sensitive: bool = False
    """A special category of personal data (health, religion…): never used in rules."""
    unit: str | None = None
    """What a number of this column counts in, shown beside it: '€' for an amount in euros."""
    scale: Scale | None = None
    """Number columns holding a share: 'fraction' (0 to 1) or 'percent' (0 to 100); a request's
    '70 %' is compared through it (and flagged when it is not set)."""
    nullable: bool = True
    anniversaries: bool = False
    """A personal date (``pii``) whose month and day rules may still target, for birthday
    campaigns: the anniversary operators are allowed on it, every other comparison stays
    refused. Dates that are not personal data take anniversary rules without this flag."""
    future_dates: bool = False
    """Date columns whose values may lie after as_of (a contract's end, a coupon's expiry): a
    month named without its year may then mean the next one. Every date column of a
    ``future_events`` table is read so already."""

    @property
    def is_categorical(self) -> bool:
        return self.allowed_values is not None


class Join(_Frozen):
    """How a table reaches the profile: ``column`` here equals the profile key."""

    column: str
    relationship: Relationship = Relationship.ONE_TO_ONE
    to_table: str | None = None
    """The table joined to; None means the profile table."""


class Table(_Labelled):
    """A table of the customer database."""

    name: str
    kind: TableKind
    sources: tuple[str, ...]
    description: str = ""
    synonyms: tuple[str, ...] = ()
    key: str | None = None
    join: Join | None = None
    columns: tuple[Column, ...]
    timestamp: str | None = None
    """Event tables: the column that says when the event happened."""
    dimensions: tuple[str, ...] = ()
    """Event tables: columns one can filter events on (channel, category)."""
    measures: tuple[str, ...] = ()
    """Event tables: numeric columns one can aggregate (amount)."""
    future_events: bool = False
    """Event tables: timestamps may lie after as_of (bookings, renewals, appointments), so
    windows ahead of as_of ('in the next 30 days') are allowed on this table."""

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise CatalogLookupError(
            f"Unknown column {name!r} in table {self.name!r}.",
            hint=closest_hint(name, [c.name for c in self.columns]),
        )

    def has_column(self, name: str) -> bool:
        return any(column.name == name for column in self.columns)


class IndicatorMode(StrEnum):
    """``dynamic``: computed in SQL at query time; ``snapshot``: materialised on a cadence."""

    DYNAMIC = "dynamic"
    SNAPSHOT = "snapshot"


class IndicatorType(StrEnum):
    BOOLEAN = "boolean"
    NUMBER = "number"
    CATEGORY = "category"


class IndicatorDimension(_ValueLabelled):
    """An indicator with one value per key, e.g. appetite per product category."""

    column: str
    allowed_values: tuple[str, ...]
    synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class Indicator(_ValueLabelled):
    """A business status or score.

    Dynamic indicators carry ``sql``: a SELECT over catalog tables returning the profile key column
    and a ``value`` column; it may use the placeholder ``:as_of`` for the dataset's now. One row
    per key, except that boolean indicators may repeat a key (they are used as semi-joins, and
    profiles absent from the result are false).
    Snapshot indicators name their ``table``, ``value_column``, ``computed_at`` and ``cadence``.
    """

    name: str
    label: str
    labels: dict[Lang, str] = Field(default_factory=dict)
    """The label per language code, e.g. {fr: Client actif}."""
    description: str = ""
    descriptions: dict[Lang, str] = Field(default_factory=dict)
    """The description per language code; a language without one reads ``description``."""
    synonyms: tuple[str, ...] = ()
    type: IndicatorType
    allowed_values: tuple[str, ...] | None = None
    value_synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    mode: IndicatorMode
    sources: tuple[str, ...] = ()
    sql: str | None = None
    table: str | None = None
    value_column: str = "value"
    dimension: IndicatorDimension | None = None
    cadence: Cadence | None = None
    computed_at: datetime | None = None
    unit: str | None = None
    """What the indicator's number counts in, shown beside it: '€' for a value in euros."""
    scale: Scale | None = None
    """Number indicators holding a share or a probability: 'fraction' (0 to 1) or 'percent'
    (0 to 100); a request's '70 %' is compared through it (and flagged when it is not set)."""
    sensitive: bool = False
    """Derived from a special category of personal data: never used in rules."""


class GuardrailPolicy(_Frozen):
    """Size policy defaults the approval step uses; a workspace may override them."""

    max_audience_size: int = 250_000
    max_share_of_base: float = 0.5
    max_jump_factor: float = 3.0
    expected_size_tolerance: float = 0.5
    hard_ceiling: int = 1_000_000
    drift_tolerance: float = 0.02
    cumulative_window_days: int = 30
    """Approvals by the same requester on the same channel within this many days count
    together against ``max_audience_size`` and ``max_share_of_base`` (no splitting)."""


class Profile(_Frozen):
    """The entity audiences are made of."""

    table: str
    key: str
    label: str = "customer"
    """What one member is called, singular: 'guest', 'subscriber', 'patient'."""
    plural: str | None = None
    """The plural when it is not ``label`` + 's', e.g. 'people'."""
    labels: dict[Lang, str] = Field(default_factory=dict)
    """The singular per language code, e.g. {fr: client}."""
    plurals: dict[Lang, str] = Field(default_factory=dict)
    """The plural per language code, e.g. {fr: clients}."""
    since: str | None = None
    """The profile table's date column saying when each profile joined (sign-up, account
    opened, card issued): tenure ('with us for 5 years') bounds it."""

    def people(self, lang: Lang = "en") -> str:
        """What members are called in ``lang``, plural.

        >>> Profile(table="guests", key="guest_ref", label="guest").people()
        'guests'
        """
        if lang in self.plurals:
            return self.plurals[lang]
        if lang in self.labels:
            return self.labels[lang] + ("" if self.labels[lang].endswith(("s", "x")) else "s")
        return self.plural or self.label + ("" if self.label.endswith("s") else "s")


class AsOfMode(StrEnum):
    """Where the dataset's 'now' comes from.

    ``fixed``: the instant written in the catalog. ``latest``: the newest event of the data,
    read when the data is opened. ``now``: the clock when the data is opened.
    """

    FIXED = "fixed"
    LATEST = "latest"
    NOW = "now"


def instant_text(moment: datetime) -> str:
    """An instant as shown to people: to the minute, with seconds only when there are some.

    >>> instant_text(datetime(2026, 11, 30, 21, 50, 1))
    '2026-11-30 21:50:01'
    """
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")


class Catalog(_Frozen):
    """The whole catalog. Build with ``schema_catalog.load_catalog``.

    ``as_of`` is always a datetime. With ``as_of: latest`` or ``as_of: now`` in the YAML the
    loaded catalog holds the load moment as a stand-in (``as_of_pending`` is True) until
    ``schema_catalog.resolve_as_of`` replaces it where the data is opened; ``as_of_note`` then
    says where the instant came from, for every screen that shows it.
    """

    name: str
    description: str = ""
    descriptions: dict[Lang, str] = Field(default_factory=dict)
    """The description per language code; a language without one reads ``description``."""
    language: Lang = DEFAULT_LANG
    """The language the catalog's own words are written in (``label``, ``description``,
    ``reason``): a page in another language marks them where the catalog has no translation."""
    as_of: datetime
    as_of_mode: AsOfMode = AsOfMode.FIXED
    """Written by the loader from ``as_of: latest|now``; not written by hand."""
    as_of_note: str | None = None
    """How the instant was obtained, e.g. 'newest event (stays.checked_out_on)'."""
    timezone: str = "UTC"
    profile: Profile
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    indicators: tuple[Indicator, ...] = ()
    channels: tuple[Channel, ...] = ()
    suppression: Suppression | None = None
    policy: GuardrailPolicy = GuardrailPolicy()
    targeting: TargetingPolicy = TargetingPolicy()

    @model_validator(mode="before")
    @classmethod
    def _as_of_mode(cls, data: object) -> object:
        """``as_of: latest`` / ``as_of: now`` become the mode, with the clock as a stand-in."""
        if not isinstance(data, dict):
            return data
        word = data.get("as_of")
        if isinstance(word, str) and word.strip().lower() in (AsOfMode.LATEST, AsOfMode.NOW):
            now = datetime.now(UTC).replace(microsecond=0)
            return {**data, "as_of": now, "as_of_mode": word.strip().lower()}
        return data

    @property
    def as_of_pending(self) -> bool:
        """True until a ``latest``/``now`` catalog has been resolved against its data."""
        return self.as_of_mode != AsOfMode.FIXED and self.as_of_note is None

    def as_of_text(self) -> str:
        """The instant as shown to people, with where it came from.

        >>> Catalog.model_validate(_MINIMAL).as_of_text()
        '2026-10-01 00:00 UTC (fixed in the catalog)'
        """
        moment = self.as_of.astimezone(UTC) if self.as_of.tzinfo else self.as_of
        note = (
            self.as_of_note
            or {
                AsOfMode.FIXED: "fixed in the catalog",
                AsOfMode.LATEST: "latest, not yet read from the data",
                AsOfMode.NOW: "now, not yet read from the clock",
            }[self.as_of_mode]
        )
        return f"{instant_text(moment)} UTC ({note})"

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise CatalogLookupError(
            f"Unknown table {name!r}.", hint=closest_hint(name, [t.name for t in self.tables])
        )

    def has_table(self, name: str) -> bool:
        return any(table.name == name for table in self.tables)

    def column(self, dotted: str) -> tuple[Table, Column]:
        """Resolve ``table.column``.

        Raises:
            CatalogLookupError: unknown table or column, with the closest ``table.column`` as hint.
        """
        table_name, _, column_name = dotted.partition(".")
        table = next((t for t in self.tables if t.name == table_name), None)
        if table is None or not table.has_column(column_name):
            raise CatalogLookupError(
                f"Unknown field {dotted!r}.", hint=closest_hint(dotted, self.field_names())
            )
        return table, table.column(column_name)

    def field_names(self) -> list[str]:
        return [f"{t.name}.{c.name}" for t in self.tables for c in t.columns]

    @property
    def profile_table(self) -> Table:
        return self.table(self.profile.table)

    @property
    def integer_keys(self) -> bool:
        """True when the profile key is an integer; else keys are text (codes, UUIDs)."""
        return self.profile_table.column(self.profile.key).type is ColumnType.INTEGER

    @property
    def event_tables(self) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.kind is TableKind.EVENT)

    def indicator(self, name: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator
        raise CatalogLookupError(
            f"Unknown indicator {name!r}.",
            hint=closest_hint(name, [i.name for i in self.indicators]),
        )

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        names = [c.name for c in self.channels]
        known = f"Channels of this catalog: {', '.join(names) or 'none'}."
        raise CatalogLookupError(
            f"Unknown channel {name!r}.", hint=closest_hint(name, names) or known
        )

    def channel_label(self, name: str, lang: Lang) -> str:
        """How channel ``name`` reads in ``lang`` (its label there, else its default label); a
        name the catalog does not declare (an old audience's) as written."""
        found = next((channel for channel in self.channels if channel.name == name), None)
        return found.label_in(lang) if found is not None else name

    @property
    def channel_names(self) -> tuple[str, ...]:
        """The names of the catalog's channels, in declaration order."""
        return tuple(channel.name for channel in self.channels)

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise CatalogLookupError(
            f"Unknown source {name!r}.", hint=closest_hint(name, [s.name for s in self.sources])
        )

    def fingerprint(self) -> str:
        """sha256 over the canonical JSON of the catalog; evals and approvals record it."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


_MINIMAL: dict[str, object] = {
    "name": "doc",
    "as_of": "2026-10-01T00:00:00Z",
    "profile": {"table": "people", "key": "ref"},
    "sources": [],
    "tables": [],
}
"""A minimal catalog document, for doctests."""
