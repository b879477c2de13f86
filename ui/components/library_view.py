"""Rows and small renderers for the Audiences page (library, versions, history, overlap)."""

from __future__ import annotations

from dataclasses import dataclass

from audience.workflow import AudienceRecord, AuditEntry, VersionRecord
from schema_catalog import Catalog, ProfileKey
from ui.components.app_words import AppPhrases, LibraryWords, app_words, number
from ui.components.audience_page import channel_text

Row = dict[str, str | int | None]


def library_rows(
    audiences: list[AudienceRecord], words: AppPhrases, catalog: Catalog, lang: str
) -> list[Row]:
    """One row per segment or audience with its state and version, in ``words``' language
    (``lang``: the channel's label)."""
    said = words.library
    return [
        {
            said.id: a.audience_id,
            said.name: a.name,
            said.kind: said.segment if a.channel is None else said.audience,
            said.channel: channel_text(catalog, a.channel, lang),
            said.state: words.states.of(a.state),
            said.version: a.version,
            said.owner: a.owner,
            said.updated: a.updated_at[:19].replace("T", " "),
        }
        for a in audiences
    ]


def version_rows(versions: list[VersionRecord], said: LibraryWords) -> list[Row]:
    """One row per version: who made it, when, and from which earlier version."""
    return [
        {
            said.version: v.version,
            said.author: v.author,
            said.note: v.note,
            said.based_on: v.based_on,
            said.created: v.created_at[:19].replace("T", " "),
            said.fingerprint: v.fingerprint[:12],
        }
        for v in versions
    ]


def history_rows(entries: list[AuditEntry], said: LibraryWords) -> list[Row]:
    """One row per audit entry (details summarised)."""
    return [
        {
            said.at: e.at[:19].replace("T", " "),
            said.who: e.actor,
            said.action: said.events.of(e.action),
            said.version: e.version,
            said.details: _summary(e, said),
        }
        for e in entries
    ]


def _summary(entry: AuditEntry, said: LibraryWords) -> str:
    shown = {k: v for k, v in entry.details.items() if k != "rules" and v not in (None, "", [], {})}
    return ", ".join(f"{said.detail_keys.of(k)}={v}" for k, v in shown.items())[:200]


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


def _share(part: int, whole: int, language: str) -> str:
    return number(part / whole, language, share=True, digits=0) if whole else "—"


def overlap_sentences(result: Overlap, first: str, second: str, language: str = "en") -> list[str]:
    """'x % of A is already in B', both ways, with the counts, in ``language``.

    >>> overlap_sentences(overlap([1, 2, 3, 4], [3, 4]), "A", "B")[0]
    '50% of A (2 of 4) is already in B.'
    """
    said = app_words(language).library
    both = number(result.both, language)
    return [
        said.share_in.format(
            share=_share(result.both, result.first, language), first=first, both=both,
            total=number(result.first, language), second=second,
        ),
        said.share_in.format(
            share=_share(result.both, result.second, language), first=second, both=both,
            total=number(result.second, language), second=first,
        ),
    ]  # fmt: skip


def overlap_rows(
    result: Overlap, first: str, second: str, said: LibraryWords
) -> list[dict[str, str | int]]:
    """Rows for the overlap chart (columns ``said.who`` and ``said.people``): only in the
    first, in both, only in the second."""
    return [
        {said.who: said.only_in.format(name=first), said.people: result.first - result.both},
        {said.who: said.in_both, said.people: result.both},
        {said.who: said.only_in.format(name=second), said.people: result.second - result.both},
    ]
