"""What a reviewer reads: size flags with figures, the diff against the last approved version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.workflow import AudienceRecord, AudienceService
from schema_catalog import Catalog, ProfileKey, sorted_keys
from ui.components.submit_forms import flag_lines
from ui.components.text import plain

EXAMPLES = 3

LinesOf = Callable[[RuleTree], list[str]]


@dataclass(frozen=True)
class VersionDiff:
    """The current version against the last approved one: conditions and members."""

    approved_version: int
    conditions_removed: list[str]
    conditions_added: list[str]
    entering: list[ProfileKey]
    leaving: list[ProfileKey]


def queue_rows(audiences: list[AudienceRecord], user_name: str) -> list[dict[str, str | int]]:
    """One row per pending request; one's own are marked (they cannot be approved)."""
    return [
        {
            "id": a.audience_id,
            "audience": a.name,
            "channel": a.channel_label,
            "version": a.version,
            "requested by": _requester(a, user_name),
            "size flags": ", ".join(c.value for c in a.assessment.codes) if a.assessment else "",
            "count": a.assessment.count if a.assessment else "",
        }
        for a in audiences
    ]


def _requester(audience: AudienceRecord, user_name: str) -> str:
    name = audience.requested_by or ""
    return f"{name} (you)" if name == user_name else name


def render_flags(audience: AudienceRecord) -> None:
    """The size flags with their figures, and the requester's reason."""
    if audience.assessment is None or not audience.assessment.flags:
        st.success("No size flag tripped.", icon=":material/check:")
        return
    for line in flag_lines(audience.assessment):
        st.warning(plain(line), icon=":material/flag:")
    for recent in audience.assessment.recent:
        st.caption(
            f"Also approved for {plain(audience.requested_by)} on this channel: "
            f"“{plain(recent.name)}” ({recent.member_count:,} people, {recent.overlap:,} in "
            f"common) on {recent.approved_at[:10]}."
        )
    st.markdown(f"**Requester's reason:** {plain(audience.request_reason or '(none)')}")


def last_approval_id(workflow: AudienceService, audience: AudienceRecord) -> int | None:
    """The id of the last approval of an earlier version (from the audit history), or None."""
    for entry in reversed(workflow.history(audience.audience_id)):
        approval_id = entry.details.get("approval_id")
        if (
            entry.action == "approve"
            and isinstance(approval_id, int)
            and (entry.version is not None and entry.version < audience.version)
        ):
            return approval_id
    return None


def version_diff(
    workflow: AudienceService, audience: AudienceRecord, lines_of: LinesOf, engine: AudienceEngine
) -> VersionDiff | None:
    """The diff against the last approved version, or None when there is none."""
    approval_id = last_approval_id(workflow, audience)
    if approval_id is None:
        return None
    approval = workflow.approval(approval_id)
    before_tree = workflow.version(audience.audience_id, approval.version).rules
    current = workflow.version(audience.audience_id).rules
    before_lines, after_lines = set(lines_of(before_tree)), set(lines_of(current))
    before_members = set(workflow.approved_members(approval_id))
    after_members = set(engine.member_ids(current, segments=workflow.saved_segments()))
    return VersionDiff(
        approved_version=approval.version,
        conditions_removed=sorted(before_lines - after_lines),
        conditions_added=sorted(after_lines - before_lines),
        entering=sorted_keys(after_members - before_members),
        leaving=sorted_keys(before_members - after_members),
    )


def masked_examples(engine: AudienceEngine, keys: list[ProfileKey]) -> None:
    """A few of ``keys`` as masked profiles (the engine masks PII), whatever the key's type."""
    if not keys:
        return
    sample = engine.profiles(keys[:EXAMPLES])
    st.dataframe(list(sample.rows), column_order=list(sample.columns), hide_index=True)


def render_diff(diff: VersionDiff | None, engine: AudienceEngine, catalog: Catalog) -> None:
    """Conditions and members entering / leaving since the last approved version."""
    st.markdown("**Changes since the last approved version**")
    if diff is None:
        st.caption("First request: no earlier approved version to compare with.")
        return
    st.caption(f"Compared with approved version {diff.approved_version}.")
    for line in diff.conditions_removed:
        st.markdown(f"- :red[− {plain(line)}]")
    for line in diff.conditions_added:
        st.markdown(f"- :green[+ {plain(line)}]")
    if not diff.conditions_removed and not diff.conditions_added:
        st.caption("Same conditions.")
    enter_column, leave_column = st.columns(2)
    with enter_column:
        st.metric("Members entering", f"{len(diff.entering):,}")
        masked_examples(engine, diff.entering)
    with leave_column:
        st.metric("Members leaving", f"{len(diff.leaving):,}")
        masked_examples(engine, diff.leaving)
