"""The plain-language condition builder beside the chat.

Each top-level condition reads as a sentence (catalog labels, operators in words) with Include /
Exclude, Edit and Remove. Adding or editing opens one editor: a customer property, an activity the
customer has done ("placed an order 2 times in the last 6 months, in store") or a score. The
count of the changed tree is shown before Apply; Apply records an edit step in the same log the
chat writes to, through the rule tree's own edit methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from assistant import language_of
from audience.rules import (
    OPERATORS,
    AggregateFunc,
    Condition,
    ConditionDraft,
    ConditionKind,
    Node,
    Op,
    RuleTree,
    TimeUnit,
    Window,
    WindowKind,
    builder,
    column_label,
    describe_rules,
    draft_from_node,
    event_label,
    field_label,
    indicator_label,
    indicator_operand,
    new_draft,
    value_items,
)
from audience.validate import validate_rules
from schema_catalog import Catalog, has_errors
from ui.components import build_flow, conditions
from ui.components.app_words import number, words
from ui.components.build_flow import BuildContext
from ui.components.build_words import BuilderWords
from ui.components.errors import show_issues
from ui.components.text import plain
from ui.state import BuildState, app_state

KINDS: dict[ConditionKind, tuple[str, str]] = {
    ConditionKind.PROPERTY: ("property", "property_help"),
    ConditionKind.ACTIVITY: ("activity", "activity_help"),
    ConditionKind.INDICATOR: ("indicator", "indicator_help"),
}
"""Each kind's label and help: keys of the ``builder`` words."""
ANY_TIME = "any"


@dataclass(frozen=True)
class Editor:
    """What an editor's widgets need: the catalog, the page's words and language, a key."""

    catalog: Catalog
    said: BuilderWords
    lang: str
    key: str


def render_builder(build: BuildState, ctx: BuildContext, tree: RuleTree | None) -> None:
    """The conditions of the working tree, and the editor when one is open."""
    said = words().builder
    st.markdown(f"**{plain(said.title)}**")
    st.caption(said.help)
    current = tree or RuleTree.model_validate({"root": {"kind": "group"}})
    lines = [line.text for line in describe_rules(current, ctx.catalog, lang=_lang(build)).lines]
    for index, node in enumerate(current.root.rules):
        _row(build, ctx, current, index, node, lines[index])
    if not current.root.rules:
        st.caption(said.empty)
    if build.builder.draft is None:
        _add_buttons(build, ctx)
    else:
        _editor(build, ctx, current)


def _lang(build: BuildState) -> str:
    """The language of the conditions' sentences: the request's."""
    return language_of(build.language)


def _row(
    build: BuildState, ctx: BuildContext, tree: RuleTree, index: int, node: Node, line: str
) -> None:
    said = words().builder
    with st.container(border=True, key=f"condition_{index}"):
        st.markdown((f"~~{plain(said.excluded)}~~ " if node.negate else "") + plain(line))
        flip, edit, remove = st.columns(3)
        label, change = (
            (said.include, said.included_change) if node.negate
            else (said.exclude, said.excluded_change)
        )  # fmt: skip
        if flip.button(label, key=f"flip_{index}"):
            edited = tree.replace_rule(index, node.updated(negate=not node.negate))
            _apply(build, ctx, edited, change.format(line=line))
        editable = draft_from_node(node)
        if edit.button(said.edit, key=f"edit_{index}", disabled=editable is None):
            _open(build, editable, index)
        if remove.button(said.remove, key=f"remove_{index}"):
            _apply(build, ctx, tree.remove_rule(index), said.removed.format(line=line))


def _add_buttons(build: BuildState, ctx: BuildContext) -> None:
    said = words().builder
    columns = st.columns(len(KINDS))
    for column, (kind, (label, tip)) in zip(columns, KINDS.items(), strict=True):
        shown, help_text = getattr(said, label), getattr(said, tip)
        if column.button(f"+ {shown}", key=f"add_{kind.value}", help=help_text):
            _open(build, new_draft(ctx.catalog, kind), None)


def _open(build: BuildState, draft: ConditionDraft | None, index: int | None) -> None:
    build.builder.draft, build.builder.editing = draft, index
    build.builder.nonce += 1
    st.rerun()


def _editor(build: BuildState, ctx: BuildContext, tree: RuleTree) -> None:
    state = build.builder
    assert state.draft is not None
    said = words().builder
    editor = Editor(ctx.catalog, said, language_of(app_state().language), f"b{state.nonce}")
    with st.container(border=True, key="condition_editor"):
        title = said.change_title if state.editing is not None else said.add_title
        st.markdown(f"**{plain(title)}**")
        exclude = st.radio(
            said.keep, [False, True], horizontal=True, index=int(state.draft.exclude),
            key=f"{editor.key}_exclude",
            format_func=lambda out: said.do_not_match if out else said.match,
        )  # fmt: skip
        draft = _EDITORS[state.draft.kind](editor, state.draft)
        draft = draft.model_copy(update={"exclude": bool(exclude)})
        state.draft = draft
        edited = _edited_tree(tree, draft, state.editing)
        _preview(build, ctx, tree, edited)


def _edited_tree(tree: RuleTree, draft: ConditionDraft, editing: int | None) -> RuleTree | None:
    try:
        node = draft.to_node()
    except ValueError:  # pydantic refuses a value of the wrong shape
        return None
    return tree.add_rule(node) if editing is None else tree.replace_rule(editing, node)


def _preview(build: BuildState, ctx: BuildContext, tree: RuleTree, edited: RuleTree | None) -> None:
    issues = [] if edited is None else validate_rules(edited, ctx.catalog)
    said = words().builder
    apply, cancel = st.columns(2)
    if edited is None or has_errors(issues):
        show_issues(issues, ctx.catalog)
        apply.button(said.apply, key="builder_apply", disabled=True)
    else:
        count = ctx.count(edited)
        before = build.log.last_count
        delta = None if before is None else _signed(count - before)
        st.metric(said.matching_with_change, number(count), delta=delta, delta_color="off")
        if apply.button(said.apply, key="builder_apply", type="primary"):
            lines = describe_rules(edited, ctx.catalog, lang=_lang(build)).lines
            line = lines[_index(build, edited)].text
            change = said.added if build.builder.editing is None else said.changed
            _apply(build, ctx, edited, change.format(line=line))
    if cancel.button(said.cancel, key="builder_cancel"):
        build.builder.draft = build.builder.editing = None
        st.rerun()


def _signed(delta: int) -> str:
    return ("+" if delta >= 0 else "−") + number(abs(delta))


def _index(build: BuildState, edited: RuleTree) -> int:
    editing = build.builder.editing
    return len(edited.root.rules) - 1 if editing is None else editing


def _apply(build: BuildState, ctx: BuildContext, edited: RuleTree, change: str) -> None:
    errors = build_flow.apply_edit(build, ctx, edited, change)
    show_issues(errors, ctx.catalog)
    if not errors:
        build.builder.draft = build.builder.editing = None
        st.rerun()


def _property(editor: Editor, draft: ConditionDraft) -> ConditionDraft:
    catalog, said, key = editor.catalog, editor.said, editor.key
    fields = builder.property_fields(catalog)
    field = st.selectbox(
        said.property, fields, index=_at(fields, draft.target), key=f"{key}_field",
        format_func=lambda name: field_label(catalog, name, editor.lang),
    )  # fmt: skip
    ops = builder.property_operators(catalog, field)
    op = _op(editor, ops, draft.op if field == draft.target else ops[0])
    value = draft.value if (field, op) == (draft.target, draft.op) else None
    value = conditions.value_widget(
        said, conditions.field_operand(catalog, field), OPERATORS[op].arity, value,
        f"{key}_{field}_{op}", editor.lang,
    )  # fmt: skip
    unit = (
        _unit(editor, draft.unit or TimeUnit.DAY, f"{key}_unit") if op is Op.WITHIN_LAST else None
    )
    return draft.model_copy(update={"target": field, "op": op, "value": value, "unit": unit})


def _indicator(editor: Editor, draft: ConditionDraft) -> ConditionDraft:
    catalog, said, key = editor.catalog, editor.said, editor.key
    names = builder.indicator_names(catalog)
    name = st.selectbox(
        said.score, names, index=_at(names, draft.target), key=f"{key}_indicator",
        format_func=lambda n: indicator_label(catalog, n, editor.lang),
    )  # fmt: skip
    dimension = catalog.indicator(name).dimension
    chosen_key = None
    if dimension is not None:
        keys = list(dimension.allowed_values)
        chosen_key = st.selectbox(
            said.for_key, keys, index=_at(keys, draft.key), key=f"{key}_dim",
            format_func=lambda value: dimension.value_label(value, editor.lang),
        )  # fmt: skip
    ops = builder.indicator_operators(catalog, name)
    op = _op(editor, ops, draft.op if name == draft.target else ops[0])
    value = draft.value if (name, op) == (draft.target, draft.op) else None
    operand = indicator_operand(catalog.indicator(name))
    arity = OPERATORS[op].arity
    value = conditions.value_widget(said, operand, arity, value, f"{key}_{name}_{op}", editor.lang)
    update = {"target": name, "op": op, "value": value, "key": chosen_key}
    return draft.model_copy(update=update)


def _activity(editor: Editor, draft: ConditionDraft) -> ConditionDraft:
    catalog, said, key = editor.catalog, editor.said, editor.key
    events = builder.activity_events(catalog)
    event = st.selectbox(
        said.activity, events, index=_at(events, draft.target), key=f"{key}_event",
        format_func=lambda e: event_label(catalog, e, editor.lang),
    )  # fmt: skip
    func, measure = _measure(editor, event, draft)
    ops = builder.activity_operators()
    op = st.selectbox(
        said.how_often, ops, index=_at(ops, draft.op), key=f"{key}_count_op",
        format_func=lambda o: builder.quantity_words(o, editor.lang),
    )  # fmt: skip
    start = draft.value if isinstance(draft.value, int | float) else 1
    label = (
        said.times if measure is None
        else said.total.format(measure=column_label(catalog, event, measure, editor.lang))
    )  # fmt: skip
    amount = st.number_input(label, min_value=0, value=int(start), step=1, key=f"{key}_times")
    filters = _filters(editor, event, draft.filters if event == draft.target else ())
    update = {"target": event, "op": op, "value": int(amount), "func": func, "measure": measure,
              "window": _window(editor, draft.window), "filters": filters}  # fmt: skip
    return draft.model_copy(update=update)


def _measure(editor: Editor, event: str, draft: ConditionDraft) -> tuple[AggregateFunc, str | None]:
    catalog, said = editor.catalog, editor.said
    choices: list[str | None] = [None, *builder.measures(catalog, event)]
    current = draft.measure if draft.func is AggregateFunc.SUM else None

    def shown(measure: str | None) -> str:
        if measure is None:
            return said.how_many_times
        return said.total.format(measure=column_label(catalog, event, measure, editor.lang))

    measure = st.radio(
        said.measure, choices, index=_at(choices, current), horizontal=True,
        key=f"{editor.key}_measure", format_func=shown,
    )  # fmt: skip
    return (AggregateFunc.COUNT, None) if measure is None else (AggregateFunc.SUM, measure)


def _window(editor: Editor, window: Window | None) -> Window | None:
    said, key = editor.said, editor.key
    kinds = [ANY_TIME, *(kind.value for kind in builder.relative_windows())]
    chosen = st.radio(
        said.when, kinds, index=_at(kinds, window.type.value if window else ANY_TIME),
        horizontal=True, key=f"{key}_when",
        format_func={ANY_TIME: said.any_time, "last": said.window_last,
                     "next": said.window_next}.__getitem__,
    )  # fmt: skip
    if chosen == ANY_TIME:
        return None
    start = window.amount if window and window.amount else 30
    amount = st.number_input(said.how_many, min_value=1, value=start, step=1, key=f"{key}_amount")
    unit = _unit(editor, window.unit if window and window.unit else TimeUnit.DAY, f"{key}_unit")
    return Window(type=WindowKind(chosen), amount=int(amount), unit=unit)


def _filters(editor: Editor, event: str, current: tuple[Condition, ...]) -> tuple[Condition, ...]:
    catalog = editor.catalog
    table = catalog.table(event)
    chosen: list[Condition] = []
    for name in builder.filter_fields(catalog, event):
        column = table.column(name)
        allowed = column.allowed_values
        if not allowed:
            continue
        before = next((c for c in current if c.field == name), None)
        default = [v for v in (value_items(before.value) if before else ()) if v in allowed]
        label = editor.said.only_where.format(field=column_label(catalog, event, name, editor.lang))
        picked = st.multiselect(
            label, list(allowed), default=default, key=f"{editor.key}_{event}_{name}",
            format_func=partial(column.value_label, lang=editor.lang),
        )  # fmt: skip
        if len(picked) == 1:
            chosen.append(Condition(field=name, op=Op.EQ, value=picked[0]))
        elif picked:
            chosen.append(Condition(field=name, op=Op.IN, value=tuple(picked)))
    return tuple(chosen)


def _op(editor: Editor, ops: list[Op], current: Op) -> Op:
    return st.selectbox(
        editor.said.condition, ops, index=_at(ops, current), key=f"{editor.key}_op",
        format_func=lambda op: builder.op_words(op, editor.lang),
    )  # fmt: skip


def _unit(editor: Editor, current: TimeUnit, key: str) -> TimeUnit:
    units = list(TimeUnit)
    return st.selectbox(
        editor.said.unit, units, index=_at(units, current), key=key,
        format_func=lambda unit: builder.unit_words(unit, editor.lang),
    )  # fmt: skip


def _at(options: list, value: object) -> int:  # type: ignore[type-arg]
    return options.index(value) if value in options else 0


_EDITORS = {
    ConditionKind.PROPERTY: _property,
    ConditionKind.ACTIVITY: _activity,
    ConditionKind.INDICATOR: _indicator,
}
