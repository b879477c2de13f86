"""The head of the Review and Audiences pages, one component for both: which audience is open
(the one just picked, the one open before, a deep link's, else the first), the page's language
(that audience's request's), the title, a fixed notice slot, and the picker.

The notice slot is drawn on every run, notice or not, so a notice never shifts what follows (the
tabs below would be drawn anew and show their first tab, not the one the user just used).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import streamlit as st

from assistant import request_language, version_chat
from audience.workflow import AudienceRecord, AudienceService
from schema_catalog import Catalog
from ui.components.app_words import AppPhrases, use_language
from ui.components.build_flow import log_language
from ui.components.session import link_audience, linked_audience
from ui.components.text import plain


class PageChoice(Protocol):
    """A page's remembered choice: the open audience and a notice to show once."""

    selected_id: int | None
    notice: str | None


def open_page(
    workflow: AudienceService,
    records: Sequence[AudienceRecord],
    choice: PageChoice,
    pick_key: str,
    title: Callable[[AppPhrases], str],
) -> tuple[AppPhrases, AudienceRecord | None]:
    """Title and notice slot, in the language of the audience to open; that audience (None when
    ``records`` is empty) and the page's words.

    Args:
        workflow: the audience service.
        records: the audiences the page lists.
        choice: the page's state (``selected_id``, ``notice``).
        pick_key: the widget key of the page's picker (``pick``).
        title: the page's title among the words.
    """
    by_id = {record.audience_id: record for record in records}
    opened = open_audience(by_id, st.session_state.get(pick_key), choice.selected_id)
    said = use_language(audience_language(workflow, opened))
    st.title(title(said))
    slot = st.empty()
    if choice.notice:  # shown once, after the action that set it
        slot.success(plain(choice.notice), icon=":material/check_circle:")
        choice.notice = None
    return said, opened


def pick(
    records: Sequence[AudienceRecord],
    opened: AudienceRecord,
    choice: PageChoice,
    pick_key: str,
    label: str,
) -> AudienceRecord:
    """The picker (``label``) opened on ``opened``; the picked audience, also put in the URL."""
    by_id = {record.audience_id: record for record in records}
    ids = list(by_id)
    choice.selected_id = st.selectbox(
        label, ids, index=ids.index(opened.audience_id), key=pick_key,
        format_func=lambda i: pick_label(by_id[i]),
    )  # fmt: skip
    audience = by_id[choice.selected_id]
    link_audience(audience.audience_id)
    return audience


def channel_text(catalog: Catalog, channel: str | None, lang: str) -> str:
    """An audience's channel by its label in ``lang``; '—' for a segment (no channel).

    >>> from schema_catalog import load_catalog
    >>> channel_text(load_catalog(), "email", "de"), channel_text(load_catalog(), None, "de")
    ('E-Mail', '—')
    """
    return "—" if channel is None else catalog.channel_label(channel, lang)


def pick_label(audience: AudienceRecord) -> str:
    """How an audience reads in a picker, the same in every language: the browser keeps the
    picked option as text, which must still match once the page changes language."""
    return f"#{audience.audience_id} {audience.name} · {audience.requested_by or audience.owner}"


def open_audience(
    by_id: dict[int, AudienceRecord], picked: object, selected: int | None
) -> AudienceRecord | None:
    """The request to open: the one just picked, else the one open before, else a deep link's,
    else the first of the queue (None for an empty queue)."""
    for wanted in (picked, selected, linked_audience()):
        if isinstance(wanted, int) and wanted in by_id:
            return by_id[wanted]
    return next(iter(by_id.values()), None)


def audience_language(workflow: AudienceService, audience: AudienceRecord | None) -> str | None:
    """The language ``audience`` was requested in: its conversation's, else its request text's;
    None when it has neither (or there is no audience)."""
    if audience is None:
        return None
    found = version_chat(workflow.store, audience.audience_id, audience.version)
    if found is not None and found[1].steps:
        return log_language(found[1])
    return request_language(audience.request_text) if audience.request_text else None
