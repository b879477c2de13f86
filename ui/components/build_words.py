"""The Build page's words, per language: the ``chat``, ``builder``, ``figures`` and ``submit``
sections of ``languages/<code>/app.yml`` (``app_words`` reads the file and holds the others).

Every phrase is a required field: a pack missing one, or carrying a misspelt one, fails when it
is read, naming its file and line.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Words(BaseModel):
    """One section of ``app.yml``: str.format templates (keep the {names})."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ChatWords(Words):
    """``chat``: the Build page's chat."""

    title: str
    placeholder: str
    limit: str
    or_word: str
    start: str
    undo: str
    new_conversation: str
    planning: str
    counting: str
    breaking_down: str
    edited_by_hand: str
    matching: str
    count_change: str
    answer_below: str
    cannot_build: str
    rephrase: str
    coverage: str
    coverage_title: str
    no_coverage: str
    mapped: str
    dropped: str
    invented: str
    no_phrase: str
    no_rule: str


class BuilderWords(Words):
    """``builder``: the condition builder beside the chat."""

    title: str
    help: str
    empty: str
    excluded: str
    include: str
    exclude: str
    edit: str
    remove: str
    property: str
    activity: str
    indicator: str
    property_help: str
    activity_help: str
    indicator_help: str
    add_title: str
    change_title: str
    keep: str
    match: str
    do_not_match: str
    value: str
    value_from: str
    value_to: str
    comma_separated: str
    no_value: str
    true_value: str
    false_value: str
    score: str
    for_key: str
    how_often: str
    times: str
    total: str
    measure: str
    how_many_times: str
    when: str
    any_time: str
    window_last: str
    window_next: str
    how_many: str
    only_where: str
    condition: str
    unit: str
    matching_with_change: str
    apply: str
    cancel: str
    added: str
    changed: str
    removed: str
    excluded_change: str
    included_change: str


class FiguresWords(Words):
    """``figures``: channel, waterfall, weights, sample, breakdowns, SQL."""

    no_channel: str
    channel: str
    channel_help: str
    reachable_by: str
    step: str
    people: str
    matched: str
    consented: str
    not_suppressed: str
    contactable: str
    weights: str
    weights_note: str
    condition: str
    count_without: str
    removes: str
    sample: str
    breakdowns: str
    breakdown: str
    sql: str
    nobody: str
    masked: str
    none_value: str
    no_members: str
    value: str
    members: str
    share: str
    another_field: str
    dialect: str
    runs_here: str


class SubmitWords(Words):
    """``submit``: save as segment, submit for review."""

    segment_kind: str
    audience_kind: str
    untitled: str
    segment_title: str
    segment_note: str
    segment_name: str
    save_segment: str
    saved_segment: str
    submit_title: str
    submit_version: str
    resubmit: str
    second_person: str
    by_channel: str
    audience_name: str
    expected: str
    no_expected: str
    expected_input: str
    reason: str
    submit: str
    give_reason: str
    submitted: str
    flag_line: str
