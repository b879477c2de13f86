"""The plain-language condition builder beside the chat.

Each top-level condition reads as a sentence (catalog labels, operators in words) with Include /
Exclude, Edit and Remove. Adding or editing opens one editor: a customer property, an activity the
customer has done ("placed an order 2 times in the last 6 months, in store") or a score. The
count of the changed tree is shown before Apply; Apply records an edit step in the same log the
chat writes to, through the rule tree's own edit methods.
"""

from __future__ import annotations

import streamlit as st

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
    indicator_operand,
    new_draft,
    value_items,
)
from audience.validate import validate_rules
from schema_catalog import Catalog, has_errors
from ui.components import build_flow, conditions
from ui.components.build_flow import BuildContext
from ui.components.text import plain
from ui.state import BuildState

KIND_LABELS = {
    ConditionKind.PROPERTY: "Property",
    ConditionKind.ACTIVITY: "Has done",
    ConditionKind.INDICATOR: "Score",
}
KIND_HELP = {
    ConditionKind.PROPERTY: "A customer property: city, loyalty tier, consent…",
    ConditionKind.ACTIVITY: "Something the customer did: placed orders, visited the site, opened "
    "emails… N times, in a time window, with filters.",
    ConditionKind.INDICATOR: "A business score or status: churn risk, predicted value…",
}
UNIT_LABELS = {TimeUnit.DAY: "days", TimeUnit.WEEK: "weeks", TimeUnit.MONTH: "months",
               TimeUnit.YEAR: "years"}  # fmt: skip
ANY_TIME = "any time"


def render_builder(build: BuildState, ctx: BuildContext, tree: RuleTree | None) -> None:
    """The conditions of the working tree, and the editor when one is open."""
    st.markdown("**Conditions**")
    st.caption("Edit, exclude or remove a condition, or add one; the count updates before Apply.")
    current = tree or RuleTree.model_validate({"root": {"kind": "group"}})
    lines = [line.text for line in describe_rules(current, ctx.catalog).lines]
    for index, node in enumerate(current.root.rules):
        _row(build, ctx, current, index, node, lines[index])
    if not current.root.rules:
        st.caption("No condition yet: ask in the chat or add one.")
    if build.builder.draft is None:
        _add_buttons(build, ctx)
    else:
        _editor(build, ctx, current)


def _row(
    build: BuildState, ctx: BuildContext, tree: RuleTree, index: int, node: Node, line: str
) -> None:
    with st.container(border=True, key=f"condition_{index}"):
        st.markdown(("~~Excluded~~ " if node.negate else "") + plain(line))
        flip, edit, remove = st.columns(3)
        flip_label = "Include" if node.negate else "Exclude"
        if flip.button(flip_label, key=f"flip_{index}"):
            edited = tree.replace_rule(index, node.updated(negate=not node.negate))
            _apply(build, ctx, edited, f"{flip_label.lower()}d “{line}”")
        editable = draft_from_node(node)
        if edit.button("Edit", key=f"edit_{index}", disabled=editable is None):
            _open(build, editable, index)
        if remove.button("Remove", key=f"remove_{index}"):
            _apply(build, ctx, tree.remove_rule(index), f"removed “{line}”")


def _add_buttons(build: BuildState, ctx: BuildContext) -> None:
    columns = st.columns(len(KIND_LABELS))
    for column, (kind, label) in zip(columns, KIND_LABELS.items(), strict=True):
        if column.button(f"+ {label}", key=f"add_{kind.value}", help=KIND_HELP[kind]):
            _open(build, new_draft(ctx.catalog, kind), None)


def _open(build: BuildState, draft: ConditionDraft | None, index: int | None) -> None:
    build.builder.draft, build.builder.editing = draft, index
    build.builder.nonce += 1
    st.rerun()


def _editor(build: BuildState, ctx: BuildContext, tree: RuleTree) -> None:
    state = build.builder
    assert state.draft is not None
    key = f"b{state.nonce}"
    with st.container(border=True, key="condition_editor"):
        st.markdown(
            "**Change a condition**" if state.editing is not None else "**Add a condition**"
        )
        include = st.radio(
            "Keep the people who", ["match", "do not match"], horizontal=True,
            index=1 if state.draft.exclude else 0, key=f"{key}_exclude",
        )  # fmt: skip
        draft = _EDITORS[state.draft.kind](ctx.catalog, state.draft, key)
        draft = draft.model_copy(update={"exclude": include == "do not match"})
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
    apply, cancel = st.columns(2)
    if edited is None or has_errors(issues):
        for issue in issues:
            if issue.is_error:
                st.error(plain(f"{issue.message} {issue.hint or ''}"), icon=":material/error:")
        apply.button("Apply", key="builder_apply", disabled=True)
    else:
        count = ctx.count(edited)
        before = build.log.last_count
        delta = None if before is None else f"{count - before:+,}"
        st.metric("Matching with this change", f"{count:,}", delta=delta, delta_color="off")
        if apply.button("Apply", key="builder_apply", type="primary"):
            line = describe_rules(edited, ctx.catalog).lines[_index(build, edited)].text
            verb = "added" if build.builder.editing is None else "changed to"
            _apply(build, ctx, edited, f"{verb} “{line}”")
    if cancel.button("Cancel", key="builder_cancel"):
        build.builder.draft = build.builder.editing = None
        st.rerun()


def _index(build: BuildState, edited: RuleTree) -> int:
    editing = build.builder.editing
    return len(edited.root.rules) - 1 if editing is None else editing


def _apply(build: BuildState, ctx: BuildContext, edited: RuleTree, change: str) -> None:
    errors = build_flow.apply_edit(build, ctx, edited, change)
    for issue in errors:
        st.error(plain(f"{issue.message} {issue.hint or ''}"), icon=":material/error:")
    if not errors:
        build.builder.draft = build.builder.editing = None
        st.rerun()


def _property(catalog: Catalog, draft: ConditionDraft, key: str) -> ConditionDraft:
    fields = builder.property_fields(catalog)
    field = st.selectbox(
        "Property", fields, index=_at(fields, draft.target), key=f"{key}_field",
        format_func=lambda name: field_label(catalog, name),
    )  # fmt: skip
    ops = builder.property_operators(catalog, field)
    op = _op(ops, draft.op if field == draft.target else ops[0], key)
    value = draft.value if (field, op) == (draft.target, draft.op) else None
    value = conditions.value_widget(
        "Value", conditions.field_operand(catalog, field), OPERATORS[op].arity, value,
        f"{key}_{field}_{op}",
    )  # fmt: skip
    unit = _unit(draft.unit or TimeUnit.DAY, f"{key}_unit") if op is Op.WITHIN_LAST else None
    return draft.model_copy(update={"target": field, "op": op, "value": value, "unit": unit})


def _indicator(catalog: Catalog, draft: ConditionDraft, key: str) -> ConditionDraft:
    names = builder.indicator_names(catalog)
    name = st.selectbox(
        "Score or status", names, index=_at(names, draft.target), key=f"{key}_indicator",
        format_func=lambda n: catalog.indicator(n).label,
    )  # fmt: skip
    dimension = catalog.indicator(name).dimension
    chosen_key = None
    if dimension is not None:
        keys = list(dimension.allowed_values)
        chosen_key = st.selectbox("For", keys, index=_at(keys, draft.key), key=f"{key}_dim")
    ops = builder.indicator_operators(catalog, name)
    op = _op(ops, draft.op if name == draft.target else ops[0], key)
    value = draft.value if (name, op) == (draft.target, draft.op) else None
    operand = indicator_operand(catalog.indicator(name))
    value = conditions.value_widget(
        "Value", operand, OPERATORS[op].arity, value, f"{key}_{name}_{op}"
    )
    update = {"target": name, "op": op, "value": value, "key": chosen_key}
    return draft.model_copy(update=update)


def _activity(catalog: Catalog, draft: ConditionDraft, key: str) -> ConditionDraft:
    events = builder.activity_events(catalog)
    event = st.selectbox(
        "Has done", events, index=_at(events, draft.target), key=f"{key}_event",
        format_func=lambda e: event_label(catalog, e),
    )  # fmt: skip
    func, measure = _measure(catalog, event, draft, key)
    ops = builder.activity_operators()
    op = st.selectbox(
        "How often", ops, index=_at(ops, draft.op), key=f"{key}_count_op",
        format_func=builder.quantity_words,
    )  # fmt: skip
    start = draft.value if isinstance(draft.value, int | float) else 1
    label = "Number of times" if func is AggregateFunc.COUNT else f"Total {measure}"
    amount = st.number_input(label, min_value=0, value=int(start), step=1, key=f"{key}_times")
    filters = _filters(catalog, event, draft.filters if event == draft.target else (), key)
    update = {"target": event, "op": op, "value": int(amount), "func": func, "measure": measure,
              "window": _window(draft.window, key), "filters": filters}  # fmt: skip
    return draft.model_copy(update=update)


def _measure(
    catalog: Catalog, event: str, draft: ConditionDraft, key: str
) -> tuple[AggregateFunc, str | None]:
    choices: list[str | None] = [None, *builder.measures(catalog, event)]
    current = draft.measure if draft.func is AggregateFunc.SUM else None

    def words(measure: str | None) -> str:
        return (
            "how many times"
            if measure is None
            else f"total {column_label(catalog, event, measure)}"
        )

    measure = st.radio(
        "Measure", choices, index=_at(choices, current), horizontal=True, key=f"{key}_measure",
        format_func=words,
    )  # fmt: skip
    return (AggregateFunc.COUNT, None) if measure is None else (AggregateFunc.SUM, measure)


def _window(window: Window | None, key: str) -> Window | None:
    kinds = [ANY_TIME, *(kind.value for kind in builder.relative_windows())]
    chosen = st.radio(
        "When", kinds, index=_at(kinds, window.type.value if window else ANY_TIME),
        horizontal=True, key=f"{key}_when", format_func=_when_words,
    )  # fmt: skip
    if chosen == ANY_TIME:
        return None
    start = window.amount if window and window.amount else 30
    amount = st.number_input("How many", min_value=1, value=start, step=1, key=f"{key}_amount")
    unit = _unit(window.unit if window and window.unit else TimeUnit.DAY, f"{key}_unit")
    return Window(type=WindowKind(chosen), amount=int(amount), unit=unit)


def _when_words(kind: str) -> str:
    return kind if kind == ANY_TIME else f"in the {kind}"


def _filters(
    catalog: Catalog, event: str, current: tuple[Condition, ...], key: str
) -> tuple[Condition, ...]:
    table = catalog.table(event)
    chosen: list[Condition] = []
    for name in builder.filter_fields(catalog, event):
        allowed = table.column(name).allowed_values
        if not allowed:
            continue
        before = next((c for c in current if c.field == name), None)
        default = [v for v in (value_items(before.value) if before else ()) if v in allowed]
        picked = st.multiselect(
            f"Only where {column_label(catalog, event, name)} is (empty: any)", list(allowed),
            default=default, key=f"{key}_{event}_{name}",
        )  # fmt: skip
        if len(picked) == 1:
            chosen.append(Condition(field=name, op=Op.EQ, value=picked[0]))
        elif picked:
            chosen.append(Condition(field=name, op=Op.IN, value=tuple(picked)))
    return tuple(chosen)


def _op(ops: list[Op], current: Op, key: str) -> Op:
    return st.selectbox(
        "Condition", ops, index=_at(ops, current), key=f"{key}_op", format_func=builder.op_words
    )


def _unit(current: TimeUnit, key: str) -> TimeUnit:
    units = list(TimeUnit)
    return st.selectbox(
        "Unit", units, index=_at(units, current), key=key, format_func=UNIT_LABELS.__getitem__
    )


def _at(options: list, value: object) -> int:  # type: ignore[type-arg]
    return options.index(value) if value in options else 0


_EDITORS = {
    ConditionKind.PROPERTY: _property,
    ConditionKind.ACTIVITY: _activity,
    ConditionKind.INDICATOR: _indicator,
}
