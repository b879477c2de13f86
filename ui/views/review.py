"""Review page: the queue, the perimeter in plain words, flags, diff, approve / reject inline."""

from __future__ import annotations

import streamlit as st

from audience.rules import RuleTree, describe_rules
from audience.workflow import AudienceState
from ui.components import analysis_view, review_view, session
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import catalog, engine, service
from ui.state import app_state

st.title("Review")
state = app_state()
user = state.user
assert user is not None
review = state.review
if review.notice:  # shown once, after the action that set it
    st.success(review.notice, icon=":material/check_circle:")
    review.notice = None
with guarded("load the review queue"):
    workflow, current_catalog, current_engine = service(), catalog(), engine()
    queue = workflow.list_audiences(state=AudienceState.PENDING_REVIEW)
    if not queue:
        st.info("Nothing waits for review.")
        st.stop()
    st.dataframe(review_view.queue_rows(queue, user.name), hide_index=True)
    by_id = {a.audience_id: a for a in queue}
    ids = list(by_id)
    wanted = review.selected_id if review.selected_id in by_id else session.linked_audience()
    index = ids.index(wanted) if wanted in by_id else 0
    review.selected_id = st.selectbox(
        "Request to review",
        ids,
        index=index,
        key="review_pick",
        format_func=lambda i: f"#{i} {by_id[i].name} (by {by_id[i].requested_by})",
    )
    audience = by_id[review.selected_id]
    session.link_audience(audience.audience_id)
    tree = workflow.version(audience.audience_id).rules
    st.subheader(f"{plain(audience.name)} · v{audience.version} · {audience.channel_label}")
    st.caption(
        f"Requested by {plain(audience.requested_by)}; request: "
        f"{plain(audience.request_text or '—')}"
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("**Perimeter**")
        st.markdown(plain(describe_rules(tree, current_catalog).text))
        review_view.render_flags(audience)
    with right:
        if audience.channel:
            st.markdown(f"**Who can be reached by {audience.channel}**")
            analysis_view.render_waterfall(current_engine.waterfall(tree, audience.channel))

    def lines_of(rules: RuleTree) -> list[str]:
        return [line.text for line in describe_rules(rules, current_catalog).lines]

    diff = review_view.version_diff(workflow, audience, lines_of, current_engine)
    review_view.render_diff(diff, current_engine, current_catalog)
    own = user.name in (audience.requested_by, audience.version_author)
    if own:
        st.warning(
            "This is your own request: someone else must approve or reject it.",
            icon=":material/person_off:",
        )
    with st.form(f"decide_{audience.audience_id}_{audience.version}"):
        comment = st.text_area("Comment", key="review_comment")
        approve_column, reject_column = st.columns(2)
        approved = approve_column.form_submit_button("Approve", type="primary", disabled=own)
        rejected = reject_column.form_submit_button("Reject", disabled=own)
    if approved:
        with guarded("approve"):
            outcome = workflow.approve(
                user.name,
                audience.audience_id,
                comment=comment or None,
                expected_version=audience.version,
            )
            review.notice = (
                f"Approved “{audience.name}”."
                if outcome.approved
                else f"Vote recorded for “{audience.name}”: {len(outcome.votes)} of "
                f"{outcome.approvers_required} approvers."
            )
            st.rerun()
    if rejected:
        with guarded("reject"):
            workflow.reject(user.name, audience.audience_id, comment=comment or None)
            review.notice = f"Rejected “{audience.name}”."
            st.rerun()
