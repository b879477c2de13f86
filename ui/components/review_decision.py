"""The reviewer's decision: votes already cast, the comment, and friction where it matters.

A rejection needs a comment; approving a flagged audience needs a comment and a ticked
confirmation that restates the figures ("You approve 85,473 people — 755 % above the expected
10,000"). The requester, the version's author and a reviewer who already voted cannot approve.
The workflow enforces the comments too; the confirmation is the screen's own friction.
"""

from __future__ import annotations

import streamlit as st

from audience.workflow import AudienceRecord, AudienceService, confirmation_text
from ui.components.errors import guarded
from ui.components.text import plain
from ui.state import ReviewState, SignedInUser


def render_decision(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser, reach: int,
    review: ReviewState,
) -> None:  # fmt: skip
    """Votes so far, then the decision form for ``user``."""
    assessment = workflow.assess(audience, reach)
    votes = workflow.votes(audience.audience_id)
    st.markdown(f"**Approvals: {len(votes)} of {assessment.approvers_required} needed**")
    for vote in votes:
        comment = f": “{vote.comment}”" if vote.comment else ""
        st.markdown(plain(f"- {vote.approver} approved on {vote.at[:16]}{comment}"))
    own = user.name in (audience.requested_by, audience.version_author)
    voted = user.name in {vote.approver for vote in votes}
    if own:
        st.warning(
            "This is your own request: someone else must decide.", icon=":material/person_off:"
        )
    elif voted:
        st.info("You have approved this version; another reviewer must approve it too.")
    key = f"{audience.audience_id}_{audience.version}_{audience.review_round}"
    with st.form(f"decide_{key}"):
        comment = st.text_area(
            "Comment (required to reject, and to approve a flagged audience)", key=f"comment_{key}"
        )
        confirmed = True
        if assessment.flagged:
            st.warning(plain(confirmation_text(assessment)), icon=":material/flag:")
            confirmed = st.checkbox("I confirm these figures", key=f"confirm_{key}")
        approve_column, reject_column = st.columns(2)
        approved = approve_column.form_submit_button(
            "Approve", type="primary", disabled=own or voted, icon=":material/check:"
        )
        rejected = reject_column.form_submit_button("Reject", disabled=own)
    if approved:
        _approve(workflow, audience, user, comment, confirmed, review)
    if rejected:
        with guarded("reject"):
            workflow.reject(user.name, audience.audience_id, comment=comment)
            review.notice = f"Rejected “{audience.name}”; the requester sees your comment."
            st.rerun()


def _approve(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser, comment: str,
    confirmed: bool, review: ReviewState,
) -> None:  # fmt: skip
    if not confirmed:
        st.error(
            "Tick “I confirm these figures” to approve a flagged audience.", icon=":material/flag:"
        )
        return
    with guarded("approve"):
        outcome = workflow.approve(
            user.name, audience.audience_id, comment=comment, expected_version=audience.version
        )
        review.notice = (
            f"Approved “{audience.name}”."
            if outcome.approved
            else f"Vote recorded for “{audience.name}”: {len(outcome.votes)} of "
            f"{outcome.approvers_required} approvers."
        )
        st.rerun()
