"""Review page: the queue; for the open request, who will receive it, the perimeter, how it was
built, flags, what changed, sample, breakdown and SQL; then the decision."""

from __future__ import annotations

import streamlit as st

from audience.rules import RuleTree, describe_rules
from audience.workflow import AudienceState
from ui.components import analysis_view, answer_card, review_decision, review_view, session
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
    st.success(plain(review.notice), icon=":material/check_circle:")
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
    segments = workflow.saved_segments()
    st.subheader(plain(f"{audience.name} · v{audience.version} · {audience.channel_label}"))
    expected = f"{audience.expected_size:,}" if audience.expected_size else "not stated"
    st.caption(plain(f"Requested by {audience.requested_by}; expected size: {expected}."))
    left, right = st.columns([3, 2], gap="large")
    reach = workflow.reach(tree, audience.channel, segments=segments)
    with left:
        st.markdown("**Perimeter**")
        st.markdown(plain(describe_rules(tree, current_catalog).text))
        review_view.render_history(workflow, audience)
        review_view.render_decisions(workflow, audience)
        review_view.render_flags(audience)
    with right:
        if audience.channel:
            waterfall = current_engine.waterfall(tree, audience.channel, segments=segments)
            answer_card.render_headline(waterfall, catalog=current_catalog)
            analysis_view.render_waterfall(waterfall)

    def lines_of(rules: RuleTree) -> list[str]:
        return [line.text for line in describe_rules(rules, current_catalog).lines]

    diff = review_view.version_diff(workflow, audience, lines_of, current_engine)
    review_view.render_diff(diff, current_engine, current_catalog)
    figures = review_view.Figures(current_engine, current_catalog, tree, audience.channel, segments)
    review_view.render_figures(figures, review)
    review_decision.render_decision(workflow, audience, user, reach, review)
