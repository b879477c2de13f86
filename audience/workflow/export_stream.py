"""The export's recount and contacts, streamed in batches: never the whole member list at once.

The recount walks the engine's ``member_batches`` once (a server-side cursor on PostgreSQL, one
partition at a time on Spark, a cursor's ``fetchmany`` on DuckDB): the approved members still
selected are kept — a subset of the approval's frozen list, which the store holds anyway — and
every other member is only counted, which is all the drift needs. The kept members' contacts are
then read ``batch_size`` keys at a time, validated, and appended to the file batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audience.workflow.contacts import keep_valid_contacts
from audience.workflow.export_files import TableWriter
from audience.workflow.records import AudienceEngineLike
from schema_catalog import Channel, ProfileKey, sorted_keys

EXPORT_BATCH = 10_000
"""Members per batch: per database fetch of the member list, per contact query, per file write."""


@dataclass(frozen=True)
class DriftReport:
    """Approved (frozen) members versus today's recount."""

    approved: int
    current: int
    added: int
    removed: int
    tolerance: float

    @property
    def share(self) -> float:
        """``(added + removed) / max(approved, 1)``."""
        return (self.added + self.removed) / max(self.approved, 1)

    @property
    def blocked(self) -> bool:
        return self.share > self.tolerance


@dataclass(frozen=True)
class Recount:
    """Today's members against the approved ones: those still selected, and how many are new."""

    approved: int
    kept: list[ProfileKey]
    """The approved members still selected, in canonical order."""
    added: int

    def drift(self, tolerance: float) -> DriftReport:
        """The drift of this recount, measured against ``tolerance``."""
        return DriftReport(
            approved=self.approved, current=len(self.kept) + self.added, added=self.added,
            removed=self.approved - len(self.kept), tolerance=tolerance,
        )  # fmt: skip


def recount(approved: Sequence[ProfileKey], batches: Iterable[Iterable[ProfileKey]]) -> Recount:
    """Walk today's members batch by batch (distinct keys), keeping only the approved ones."""
    frozen = set(approved)
    kept: set[ProfileKey] = set()
    added = 0
    for batch in batches:
        for key in batch:
            if key in frozen:
                kept.add(key)
            else:
                added += 1
    return Recount(approved=len(frozen), kept=sorted_keys(kept), added=added)


def measure_drift(
    approved: Sequence[ProfileKey], current: Sequence[ProfileKey], tolerance: float
) -> DriftReport:
    """Compare two member lists.

    >>> measure_drift([1, 2, 3, 4], [2, 3, 4, 5], 0.02).share
    0.5
    """
    return recount(approved, [set(current)]).drift(tolerance)


@dataclass(frozen=True)
class Written:
    """What ``write_contacts`` put in the file."""

    columns: list[str]
    rows: int
    rejected: int
    """Contacts left out because they do not match the channel's ``contact_format``."""


def write_contacts(
    engine: AudienceEngineLike, channel: Channel, members: Sequence[ProfileKey], path: Path,
    fmt: str, batch_size: int = EXPORT_BATCH,
) -> Written:  # fmt: skip
    """Write the eligible contacts of ``members`` to ``path``, ``batch_size`` members at a time.

    Each batch is one ``eligible_contacts`` query, validated for the channel's contact format and
    appended to the file; an empty member list still writes the columns.
    """
    writer = TableWriter(path, fmt)
    rejected = 0
    column = channel.contact.split(".")[-1]
    try:
        for start in range(0, max(len(members), 1), batch_size):
            batch = engine.eligible_contacts(channel.name, members[start : start + batch_size])
            valid, dropped = keep_valid_contacts(batch, column, channel.contact_format.value)
            writer.write(valid)
            rejected += dropped
    finally:
        writer.close()
    names = writer.schema.names if writer.schema is not None else []
    return Written(columns=list(names), rows=writer.rows, rejected=rejected)
