"""What a reviewer (and a requester) reads about a request: the queue, the size flags with their
figures, the request's history step by step, the decisions taken, and the diff against the
last approved version — or, after a rejection, against the version that was rejected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from assistant import version_chat
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.workflow import AudienceRecord, AudienceService, Decision, Segments
from schema_catalog import Catalog, ProfileKey, sorted_keys
from ui.components import analysis_view
from ui.components.build_flow import SAMPLE_SIZE, breakdown_defaults
from ui.components.errors import guarded
from ui.components.submit_forms import flag_lines
from ui.components.text import plain
from ui.state import ReviewState

EXAMPLES = 3
DECISION_WORDS = {"approve": "Approved", "approve_vote": "Voted to approve", "reject": "Rejected"}

LinesOf = Callable[[RuleTree], list[str]]


@dataclass(frozen=True)
class VersionDiff:
    """The current version against an earlier one: conditions and members."""

    version: int
    """The version compared with."""
    basis: str
    """Why that one: 'approved' (the last approval) or 'previous' (no approval yet)."""
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
            "will receive": a.assessment.count if a.assessment else "",
            "expected": a.expected_size or "",
            "size flags": ", ".join(c.value for c in a.assessment.codes) if a.assessment else "",
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


def render_history(workflow: AudienceService, audience: AudienceRecord) -> None:
    """The request step by step as the requester built it (undone steps are not in it)."""
    st.markdown("**How the request was built**")
    found = version_chat(workflow.store, audience.audience_id, audience.version)
    if found is None:
        st.caption(plain(f"Request: {audience.request_text or '—'} (not built in a conversation)"))
        return
    recorded, log = found
    if recorded != audience.version:
        st.caption(f"Conversation of version {recorded}; later versions were edited elsewhere.")
    for number, item in enumerate(log.history(), start=1):
        mark = "✎ " if item.kind == "edit" else ("☑ " if item.kind == "choice" else "")
        count = "" if item.count is None else f" — {item.count:,} matching"
        st.markdown(f"{number}. {mark}{plain(item.text)}{count}")


def decision_line(decision: Decision) -> str:
    """'Rejected by reviewer on 2026-11-30 (v1): “too broad”'."""
    head = f"{DECISION_WORDS[decision.kind]} by {decision.reviewer} on {decision.at[:10]}"
    version = f" (v{decision.version})" if decision.version is not None else ""
    comment = f": “{decision.comment}”" if decision.comment else ""
    return f"{head}{version}{comment}"


def render_decisions(workflow: AudienceService, audience: AudienceRecord) -> None:
    """The latest decision on the audience, its comment in full, for the requester to act on."""
    decisions = workflow.decisions(audience.audience_id)
    if not decisions:
        return
    latest = decisions[-1]
    show = st.error if latest.kind == "reject" else st.success
    show(plain(decision_line(latest)), icon=":material/gavel:")


def render_revision_banner(workflow: AudienceService, audience: AudienceRecord) -> None:
    """On Build: which audience this conversation revises, and what the reviewer said."""
    st.info(
        plain(
            f"Revising “{audience.name}” (now v{audience.version}, {audience.state.value}): "
            f"submitting makes version {audience.version + 1} of the same audience."
        ),
        icon=":material/edit_note:",
    )
    render_decisions(workflow, audience)


def version_diff(
    workflow: AudienceService, audience: AudienceRecord, lines_of: LinesOf, engine: AudienceEngine
) -> VersionDiff | None:
    """The diff against the last approved version, else against the previous version; None for
    a first version."""
    approved = _last_approval(workflow, audience)
    if approved is not None:
        version, before_members = approved
        basis = "approved"
    elif audience.version > 1:
        version, basis = audience.version - 1, "previous"
        before_members = None
    else:
        return None
    segments = workflow.saved_segments()
    before_tree = workflow.version(audience.audience_id, version).rules
    current = workflow.version(audience.audience_id).rules
    if before_members is None:
        before_members = engine.member_ids(before_tree, segments=segments)
    before, after = set(lines_of(before_tree)), set(lines_of(current))
    old, new = set(before_members), set(engine.member_ids(current, segments=segments))
    return VersionDiff(
        version=version, basis=basis, conditions_removed=sorted(before - after),
        conditions_added=sorted(after - before), entering=sorted_keys(new - old),
        leaving=sorted_keys(old - new),
    )  # fmt: skip


def _last_approval(
    workflow: AudienceService, audience: AudienceRecord
) -> tuple[int, list[ProfileKey]] | None:
    for entry in reversed(workflow.history(audience.audience_id)):
        approval_id = entry.details.get("approval_id")
        if entry.action == "approve" and isinstance(approval_id, int) and (
            entry.version is not None and entry.version < audience.version
        ):  # fmt: skip
            approval = workflow.approval(approval_id)
            return approval.version, workflow.approved_members(approval_id)
    return None


def masked_examples(engine: AudienceEngine, keys: list[ProfileKey]) -> None:
    """A few of ``keys`` as masked profiles (the engine masks PII), whatever the key's type."""
    if not keys:
        return
    sample = engine.profiles(keys[:EXAMPLES])
    st.dataframe(list(sample.rows), column_order=list(sample.columns), hide_index=True)


def render_diff(diff: VersionDiff | None, engine: AudienceEngine, catalog: Catalog) -> None:
    """Conditions and members entering / leaving since the version compared with."""
    st.markdown("**What changed**")
    if diff is None:
        st.caption("First version: nothing earlier to compare with.")
        return
    what = "the last approved version" if diff.basis == "approved" else "the previous version"
    st.caption(f"Compared with {what}, v{diff.version}.")
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


@dataclass(frozen=True)
class Figures:
    """What the reviewer's figures are drawn from: the open request's tree on its channel."""

    engine: AudienceEngine
    catalog: Catalog
    tree: RuleTree
    channel: str | None
    segments: Segments


@st.fragment
def render_figures(figures: Figures, review: ReviewState) -> None:
    """Sample, breakdown and SQL, each drawn only while its expander is open (the breakdowns
    counted when first opened, then kept for this tree); opening one reruns this fragment."""
    engine, tree, segments = figures.engine, figures.tree, figures.segments

    def sample() -> None:
        analysis_view.render_sample(engine.sample(tree, SAMPLE_SIZE, segments=segments))

    def breakdowns() -> None:
        kept = review.kept_breakdowns(tree, figures.channel)
        with guarded("break the audience down"):
            for name in breakdown_defaults(figures.catalog, figures.channel or ""):
                if name not in kept:
                    kept[name] = list(engine.breakdown(tree, name, segments=segments))
                analysis_view.render_breakdown(name, kept[name])

    def sql() -> None:
        st.code(engine.count(tree, segments=segments).sql, language="sql")

    analysis_view.render_folded(
        [
            ("Sample (masked)", "review_sample", sample),
            ("Breakdown", "review_breakdowns", breakdowns),
            ("SQL", "review_sql", sql),
        ]
    )
