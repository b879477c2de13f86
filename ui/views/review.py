"""Review page: the queue; for the open request, who will receive it, the perimeter, how it was
built, flags, what changed, sample, breakdown and SQL; then the decision. The page speaks the
language of the open request (unless the user picked one)."""

from __future__ import annotations

import streamlit as st

from assistant import language_of
from audience.rules import RuleTree, describe_rules
from audience.workflow import AudienceState
from ui.components import analysis_view, answer_card, audience_page, review_decision, review_view
from ui.components.app_words import number, words
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import catalog, engine, service
from ui.state import app_state

PICK_KEY = "review_pick"

state = app_state()
user = state.user
assert user is not None
review = state.review
with guarded(words().actions.queue):
    workflow, current_catalog, current_engine = service(), catalog(), engine()
    queue = workflow.list_audiences(state=AudienceState.PENDING_REVIEW)
    said, opened = audience_page.open_page(
        workflow, queue, review, PICK_KEY, lambda said: said.pages.review
    )
    if not queue:
        st.info(said.review.nothing)
    elif opened is not None:
        lang = language_of(state.language)
        rows = review_view.queue_rows(queue, user.name, said.review, current_catalog, lang)
        st.dataframe(rows, hide_index=True)
        audience = audience_page.pick(queue, opened, review, PICK_KEY, said.review.pick)
        tree = workflow.version(audience.audience_id).rules
        segments = workflow.saved_segments()
        channel = audience_page.channel_text(current_catalog, audience.channel, lang)
        st.subheader(plain(f"{audience.name} · v{audience.version} · {channel}"))
        stated = number(audience.expected_size) if audience.expected_size else None
        requested = said.review.requested_by.format(
            owner=audience.requested_by, expected=stated or said.review.not_stated
        )
        st.caption(plain(requested))
        left, right = st.columns([3, 2], gap="large")
        reach = workflow.reach(tree, audience.channel, segments=segments)
        with left:
            st.markdown(f"**{plain(said.review.perimeter)}**")
            st.markdown(plain(describe_rules(tree, current_catalog, lang=lang).text))
            review_view.render_history(workflow, audience)
            review_view.render_decisions(workflow, audience)
            review_view.render_flags(audience)
        with right:
            if audience.channel:
                waterfall = current_engine.waterfall(tree, audience.channel, segments=segments)
                answer_card.render_headline(waterfall, catalog=current_catalog, language=lang)
                analysis_view.render_waterfall(waterfall)

        def lines_of(rules: RuleTree) -> list[str]:
            return [line.text for line in describe_rules(rules, current_catalog, lang=lang).lines]

        diff = review_view.version_diff(workflow, audience, lines_of, current_engine)
        review_view.render_diff(diff, current_engine, current_catalog)
        figures = review_view.Figures(
            current_engine, current_catalog, tree, audience.channel, segments
        )
        review_view.render_figures(figures, review)
        review_decision.render_decision(workflow, audience, user, reach, review)
