"""The reviewer's decision: votes already cast, the comment, and friction where it matters.

A rejection needs a comment; approving a flagged audience needs a comment and a ticked
confirmation that restates the figures ("You approve 85,473 people — 755 % above the expected
10,000"). The requester, the version's author and a reviewer who already voted cannot approve.
The workflow enforces the comments too; the confirmation is the screen's own friction.
"""

from __future__ import annotations

import streamlit as st

from assistant import language_of
from audience.workflow import AudienceRecord, AudienceService, confirmation_text
from ui.components.app_words import words
from ui.components.errors import guarded
from ui.components.text import plain
from ui.state import ReviewState, SignedInUser, app_state


def render_decision(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser, reach: int,
    review: ReviewState,
) -> None:  # fmt: skip
    """Votes so far, then the decision form for ``user``."""
    said = words()
    assessment = workflow.assess(audience, reach)
    votes = workflow.votes(audience.audience_id)
    needed = assessment.approvers_required
    st.markdown(said.review.approvals.format(votes=len(votes), needed=needed))
    for vote in votes:
        comment = f": “{vote.comment}”" if vote.comment else ""
        line = said.review.vote.format(approver=vote.approver, at=vote.at[:16], comment=comment)
        st.markdown(plain(line))
    own = user.name in (audience.requested_by, audience.version_author)
    voted = user.name in {vote.approver for vote in votes}
    if own:
        st.warning(said.review.own, icon=":material/person_off:")
    elif voted:
        st.info(said.review.you_voted)
    key = f"{audience.audience_id}_{audience.version}_{audience.review_round}"
    with st.form(f"decide_{key}"):
        comment = st.text_area(said.review.comment, key=f"comment_{key}")
        confirmed = True
        if assessment.flagged:
            statement = confirmation_text(assessment, language_of(app_state().language))
            st.warning(plain(statement), icon=":material/flag:")
            confirmed = st.checkbox(said.review.confirm, key=f"confirm_{key}")
        approve_column, reject_column = st.columns(2)
        approved = approve_column.form_submit_button(
            said.review.approve, type="primary", disabled=own or voted, icon=":material/check:"
        )
        rejected = reject_column.form_submit_button(said.review.reject, disabled=own)
    if approved:
        _approve(workflow, audience, user, comment, confirmed, review)
    if rejected:
        with guarded(said.actions.reject):
            workflow.reject(user.name, audience.audience_id, comment=comment)
            review.notice = said.review.rejected_notice.format(name=audience.name)
            st.rerun()


def _approve(
    workflow: AudienceService, audience: AudienceRecord, user: SignedInUser, comment: str,
    confirmed: bool, review: ReviewState,
) -> None:  # fmt: skip
    said = words()
    if not confirmed:
        st.error(said.review.tick, icon=":material/flag:")
        return
    with guarded(said.actions.approve):
        outcome = workflow.approve(
            user.name, audience.audience_id, comment=comment, expected_version=audience.version
        )
        review.notice = (
            said.review.approved_notice.format(name=audience.name)
            if outcome.approved
            else said.review.vote_notice.format(
                name=audience.name, votes=len(outcome.votes), needed=outcome.approvers_required
            )
        )
        st.rerun()
