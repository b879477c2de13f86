"""The app's own words, per language: ``languages/<code>/app.yml`` (page names, sidebar, errors,
Build, Review, Audiences, Catalog, Evals; the answer card's are in ``answer.yml``), and the
page's language.

Which language a page speaks: the one the user picked in the sidebar, else the language of the
request on screen (Build: the conversation's last request; Review and Audiences: the open
audience's request), else the session's last one. The page names and the sidebar follow the
page: the app draws them after the page, in the language it ended up speaking (one run).
"""

from __future__ import annotations

from audience.workflow import AudienceState
from languages import DEFAULT_LANG, format_number, has_topic, load_topic
from ui.components.build_words import BuilderWords, ChatWords, FiguresWords, SubmitWords, Words
from ui.components.page_words import CatalogWords, Coded, EvalsWords
from ui.state import AppState, app_state

TOPIC = "app"


class PagesWords(Words):
    """``pages``: the page names (the navigation and each page's title)."""

    sign_in: str
    build: str
    review: str
    audiences: str
    catalog: str
    evals: str


class SidebarWords(Words):
    """``sidebar``: who is signed in, sign-out, the language picker."""

    signed_in_as: str
    sign_out: str
    language: str
    auto: str


class RolesWords(Words):
    """``roles``: the roles as people read them."""

    marketer: str
    reviewer: str
    admin: str


class ErrorsWords(Words):
    """``errors``: errors at the page boundary: what failed and what to do next."""

    could_not: str
    went_wrong: str
    next_catalog: str
    next_audience: str
    next_assistant: str
    next_demo_data: str
    next_database: str
    next_other: str
    raw_below: str
    raw_title: str


class ActionsWords(Words):
    """``actions``: what could not be done, after ``errors.could_not``."""

    sign_in: str
    workspace: str
    database: str
    count: str
    break_down: str
    save_segment: str
    submit: str
    queue: str
    reject: str
    approve: str
    library: str
    reopen: str
    withdraw: str
    roll_back: str
    export: str
    overlap: str
    catalog: str


class SignInWords(Words):
    """``sign_in``: the sign-in page."""

    tagline: str
    user: str
    password: str
    submit: str
    demo_users: str


class ReviewWords(Words):
    """``review``: the Review page, and a decision as the requester reads it."""

    nothing: str
    pick: str
    requested_by: str
    not_stated: str
    perimeter: str
    id: str
    audience: str
    channel: str
    version: str
    owner: str
    will_receive: str
    expected_column: str
    flags: str
    you: str
    no_flag: str
    also_approved: str
    reason: str
    none: str
    history: str
    not_a_conversation: str
    older_conversation: str
    step_count: str
    approved: str
    voted: str
    rejected: str
    decision: str
    revising: str
    changed: str
    first_version: str
    against_approved: str
    against_previous: str
    same_conditions: str
    entering: str
    leaving: str
    approvals: str
    vote: str
    own: str
    you_voted: str
    comment: str
    confirm: str
    approve: str
    reject: str
    rejected_notice: str
    tick: str
    approved_notice: str
    vote_notice: str


class AuditEvents(Coded):
    """``library.events``: what an audit entry records, as the history table says it."""

    create: str
    edit: str
    submit: str
    approve_vote: str
    approve: str
    reject: str
    withdraw: str
    rollback: str
    export: str
    approval_invalidated: str


class DetailKeys(Coded):
    """``library.detail_keys``: the names of an audit entry's details."""

    name: str
    channel: str
    fingerprint: str
    rules_fingerprint: str
    expected_size: str
    reason: str
    comment: str
    note: str
    approval_id: str
    votes: str
    required: str
    approvers: str
    state_changed: str
    from_state: str
    from_version: str
    based_on: str
    count: str
    member_count: str
    snapshot_id: str
    kind: str
    status: str
    expires_at: str
    flags: str
    failures: str


class LibraryWords(Words):
    """``library``: the Audiences page."""

    empty: str
    open: str
    id: str
    name: str
    kind: str
    segment: str
    audience: str
    channel: str
    state: str
    version: str
    owner: str
    updated: str
    author: str
    note: str
    based_on: str
    created: str
    fingerprint: str
    at: str
    who: str
    action: str
    details: str
    versions: str
    history: str
    export: str
    overlap: str
    segment_only: str
    not_approved: str
    no_permission: str
    revise: str
    revise_rejected: str
    withdraw: str
    withdrawn: str
    roll_back_to: str
    roll_back: str
    rolled_back: str
    format: str
    export_button: str
    exporting: str
    exported: str
    exported_contacts: str
    download: str
    pair: str
    counting: str
    share_in: str
    only_in: str
    in_both: str
    people: str
    events: AuditEvents
    detail_keys: DetailKeys


class StatesWords(Words):
    """``states``: an audience's states."""

    draft: str
    pending_review: str
    approved: str
    rejected: str
    exported: str

    def of(self, state: AudienceState) -> str:
        """``state`` in words."""
        return str(getattr(self, state.value))


class AppPhrases(Words):
    """``app.yml``: every section."""

    pages: PagesWords
    sidebar: SidebarWords
    roles: RolesWords
    errors: ErrorsWords
    actions: ActionsWords
    sign_in: SignInWords
    chat: ChatWords
    builder: BuilderWords
    figures: FiguresWords
    submit: SubmitWords
    review: ReviewWords
    library: LibraryWords
    states: StatesWords
    catalog: CatalogWords
    evals: EvalsWords


def app_words(language: str) -> AppPhrases:
    """The app's words in ``language`` (the default language when it has no ``app.yml``).

    Raises:
        languages.LanguagePackError: the file is incomplete or malformed (file and line).
    """
    chosen = language if has_topic(language, TOPIC) else DEFAULT_LANG
    return load_topic(chosen, TOPIC, AppPhrases)


def page_language(state: AppState, request_language: str | None) -> str:
    """The user's pick, else ``request_language``, else the session's current language."""
    return state.language_choice or request_language or state.language


def use_language(request_language: str | None) -> AppPhrases:
    """Make this page speak ``page_language`` and return its words (a page calls it first)."""
    state = app_state()
    state.language = page_language(state, request_language)
    return app_words(state.language)


def words() -> AppPhrases:
    """The words of the language this page speaks (``use_language``)."""
    return app_words(app_state().language)


def number(
    value: float,
    language: str | None = None,
    *,
    digits: int | None = None,
    unit: str | None = None,
    share: bool = False,
) -> str:
    """``value`` as ``language`` (default: the page's) writes it: ``languages.format_number``
    ('85,473' / '85 473'; a ``share`` as '12.5%'; an amount with its ``unit``: '€1,234.50')."""
    lang = language or app_state().language
    return format_number(value, lang, digits=digits, unit=unit, share=share)
