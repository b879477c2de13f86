"""The answer as one card: what to read first, then who will receive it, then how fresh it is.

Order is the trust contract's: the planner's assumptions and warnings come before the count; the
headline is the number that will be contacted ("will receive N of M matching"); the time windows
show their dates; the data's as-of is checked against today and each snapshot indicator against
its cadence. Every phrase comes from the language pack of the request's language.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant import Proposal, language_of
from audience.engine import Waterfall
from audience.rules import (
    Behavior,
    IndicatorRule,
    RuleTree,
    event_label,
    indicator_label,
    window_text,
)
from schema_catalog import Catalog, Freshness, data_freshness, indicator_freshness
from ui.components.app_words import number
from ui.components.phrases import AnswerPhrases, answer_phrases
from ui.components.text import plain


def now() -> datetime:
    """Today, for the freshness checks (one place, so tests can fix the date)."""
    return datetime.now(UTC)


def notices(proposal: Proposal | None) -> list[str]:
    """What the user reads before the count: assumptions, then warnings, each once.

    Two checks may raise the same warning; it is shown once (first occurrence kept).
    """
    if proposal is None:
        return []
    seen: dict[str, None] = {}
    for assumption in proposal.assumptions:
        seen.setdefault(f"assumed:{assumption}")
    for issue in proposal.warnings:
        text = f"{issue.message} {issue.hint or ''}".strip()
        seen.setdefault(text)
    return list(seen)


def _notice_text(phrases: AnswerPhrases, notice: str) -> str:
    if notice.startswith("assumed:"):
        return phrases.assumed.format(text=notice.removeprefix("assumed:"))
    return notice


def render_answer(
    proposal: Proposal | None, tree: RuleTree, waterfall: Waterfall, *, catalog: Catalog,
    language: str, perimeter: str,
) -> None:  # fmt: skip
    """The card: the perimeter in words (the planner's explanation while the tree is its
    proposal), notices, the headline, windows, data and indicator freshness."""
    phrases = answer_phrases(language)
    with st.container(border=True, key="answer_card"):
        st.markdown(f"**{phrases.perimeter}**")
        st.markdown(plain(proposal.explanation if proposal is not None else perimeter))
        found = notices(proposal)
        if found:
            st.caption(phrases.notices)
        for notice in found:
            st.warning(plain(_notice_text(phrases, notice)), icon=":material/flag:")
        render_headline(waterfall, catalog=catalog, language=language)
        _windows(tree, catalog, language, phrases)
        _freshness(tree, catalog, phrases, now(), language_of(language))


def render_headline(waterfall: Waterfall, *, catalog: Catalog, language: str = "en") -> None:
    """'Will receive N' with 'of M matching · by <channel>' under it: the one number."""
    phrases = answer_phrases(language)
    st.metric(phrases.will_receive, number(waterfall.contactable, language))
    channel = catalog.channel_label(waterfall.channel, language_of(language))
    matched = number(waterfall.matched, language)
    st.caption(plain(phrases.of_matching.format(matched=matched, channel=channel)))


def _windows(tree: RuleTree, catalog: Catalog, language: str, phrases: AnswerPhrases) -> None:
    lines = [
        phrases.window_line.format(
            event=event_label(catalog, node.event, language_of(language)),
            window=window_text(node.window, catalog, language_of(language)),
        )
        for _, node in tree.walk()
        if isinstance(node, Behavior) and node.window is not None
    ]
    st.markdown(f"**{phrases.windows}**")
    if not lines:
        st.caption(phrases.no_window)
    for line in lines:
        st.markdown(f"- {plain(line)}")


def _freshness(
    tree: RuleTree, catalog: Catalog, phrases: AnswerPhrases, now: datetime, language: str
) -> None:
    data = data_freshness(catalog, now)
    st.caption(phrases.data_as_of.format(as_of=f"{data.at:%Y-%m-%d %H:%M}"))
    if data.stale:
        st.warning(_stale_data(phrases, data), icon=":material/history:")
    names = sorted({n.indicator for _, n in tree.walk() if isinstance(n, IndicatorRule)})
    if names:
        st.markdown(f"**{phrases.indicators}**")
    for name in names:
        _indicator(catalog, name, phrases, now, language)


def _stale_data(phrases: AnswerPhrases, data: Freshness) -> str:
    day = f"{data.at:%Y-%m-%d}"
    return phrases.data_stale.format(as_of=day, days=data.age.days, today=f"{data.now:%Y-%m-%d}")


def _indicator(
    catalog: Catalog, name: str, phrases: AnswerPhrases, now: datetime, language: str
) -> None:
    indicator = catalog.indicator(name)
    label = indicator_label(catalog, name, language)
    found = indicator_freshness(indicator, now)
    if found is None:
        st.caption(plain(phrases.indicator_dynamic.format(label=label)))
        return
    cadence = phrases.cadence.get(str(found.cadence), str(found.cadence))
    values = {"label": label, "at": f"{found.at:%Y-%m-%d}", "cadence": cadence}
    if found.stale:
        text = phrases.indicator_stale.format(days=found.age.days, **values)
        st.warning(plain(text), icon=":material/history:")
    else:
        st.caption(plain(phrases.indicator_fresh.format(**values)))
