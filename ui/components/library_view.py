"""Rows and small renderers for the Audiences page (library, versions, history, overlap)."""

from __future__ import annotations

from dataclasses import dataclass

from audience.workflow import AudienceRecord, AuditEntry, VersionRecord
from schema_catalog import ProfileKey

Row = dict[str, str | int | None]


def library_rows(audiences: list[AudienceRecord]) -> list[Row]:
    """One row per segment or audience with its state and version."""
    return [
        {
            "id": a.audience_id,
            "name": a.name,
            "kind": "segment" if a.channel is None else "audience",
            "channel": a.channel_label,
            "state": a.state.value,
            "version": a.version,
            "owner": a.owner,
            "updated": a.updated_at[:19].replace("T", " "),
        }
        for a in audiences
    ]


def version_rows(versions: list[VersionRecord]) -> list[Row]:
    """One row per version: who made it, when, and from which earlier version."""
    return [
        {
            "version": v.version,
            "author": v.author,
            "note": v.note,
            "based on": v.based_on,
            "created": v.created_at[:19].replace("T", " "),
            "fingerprint": v.fingerprint[:12],
        }
        for v in versions
    ]


def history_rows(entries: list[AuditEntry]) -> list[Row]:
    """One row per audit entry (details summarised)."""
    return [
        {
            "at": e.at[:19].replace("T", " "),
            "who": e.actor,
            "action": e.action,
            "version": e.version,
            "details": _summary(e),
        }
        for e in entries
    ]


def _summary(entry: AuditEntry) -> str:
    shown = {k: v for k, v in entry.details.items() if k not in {"rules"}}
    return ", ".join(f"{k}={v}" for k, v in shown.items() if v not in (None, "", [], {}))[:200]


@dataclass(frozen=True)
class Overlap:
    """How two audiences' members overlap."""

    first: int
    second: int
    both: int

    @property
    def jaccard(self) -> float:
        """Shared members over all members of either (0.0 when both are empty)."""
        union = self.first + self.second - self.both
        return self.both / union if union else 0.0


def overlap(first: list[ProfileKey], second: list[ProfileKey]) -> Overlap:
    """The overlap of two member lists.

    >>> overlap([1, 2, 3], [2, 3, 4]).both
    2
    """
    return Overlap(len(set(first)), len(set(second)), len(set(first) & set(second)))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def overlap_sentences(result: Overlap, first: str, second: str) -> list[str]:
    """'x % of A is already in B', both ways, with the counts.

    >>> overlap_sentences(overlap([1, 2, 3, 4], [3, 4]), "A", "B")[0]
    '50% of A (2 of 4) is already in B.'
    """
    return [
        f"{_share(result.both, result.first)} of {first} ({result.both:,} of {result.first:,}) "
        f"is already in {second}.",
        f"{_share(result.both, result.second)} of {second} ({result.both:,} of "
        f"{result.second:,}) is already in {first}.",
    ]


def overlap_rows(result: Overlap, first: str, second: str) -> list[dict[str, str | int]]:
    """Rows for the overlap chart: only in the first, in both, only in the second."""
    return [
        {"who": f"only in {first}", "people": result.first - result.both},
        {"who": "in both", "people": result.both},
        {"who": f"only in {second}", "people": result.second - result.both},
    ]
