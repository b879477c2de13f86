"""Negations: 'not' applies to the next rule of its clause; 'except' to the next rule, to the
values listed with it ('except gold and VIP') and to the groups listed after it ('except B2B
accounts and prepaid lines' leaves out both groups)."""

from __future__ import annotations

from assistant.language import Pack, Role
from assistant.offline.draft import Anchor, Draft, Mention
from assistant.offline.lexicon import SenseKind
from assistant.offline.spans import Negation, SpanKind
from assistant.offline.timespec import TimeSpec
from audience.rules import WindowKind
from schema_catalog import Catalog


def attach_negation(draft: Draft, index: int, catalog: Catalog, pack: Pack) -> None:
    """A negation applies to the next anchor of its clause (or, for 'except', the next one)."""
    mention = draft.mentions[index]
    kind = mention.span.negation
    after = [a for a in draft.anchors if a.position > index]
    if kind is not Negation.EXCLUDE:
        after = (
            [a for a in after if a.clause == mention.clause] or _verb_last(draft, index) or after
        )
    if not after:
        return
    anchor = min(after, key=lambda a: a.position)
    anchor = _named_value(anchor, draft) or anchor
    draft.attach(anchor, mention)
    if _cancelled(anchor):
        _keep_those_who_did(anchor, pack)
        return
    anchor.negate = True
    anchor.never = anchor.never or kind is Negation.NEVER
    listed = _coordinated_values(draft, anchor)
    if kind is Negation.EXCLUDE:
        listed += _excluded_groups(draft, listed[-1] if listed else anchor)
        listed += _excluded_union(draft, listed[-1] if listed else anchor)
    for other in listed:
        other.negate = True


def _cancelled(anchor: Anchor) -> bool:
    """'exclude anyone who hasn't opened the app': an exclusion and a negated clause on one rule
    leave out the people who did not — those who did stay ('n'… pas' is one negation)."""
    kinds = {m.span.negation for m in anchor.mentions if m.span.negation is not None}
    return Negation.EXCLUDE in kinds and len(kinds) > 1


def _keep_those_who_did(anchor: Anchor, pack: Pack) -> None:
    """The two negations cancel; the reading is stated (a double negative is easy to misread)."""
    said = [m.span.text for m in anchor.mentions if m.span.negation is not None]
    notes = [
        pack.say("assume_negations_cancel", phrase=" … ".join(said[:k]))
        for k in range(2, len(said) + 1)
    ]
    anchor.negate, anchor.never = False, False
    anchor.notes[:] = [note for note in anchor.notes if note not in notes] + notes[-1:]


def _verb_last(draft: Draft, index: int) -> list[Anchor]:
    """'die die App seit Monaten nicht geöffnet haben': a negation with no rule after it in its
    clause, only words no rule read, negates the nearest rule before it in that clause (the verb
    comes last)."""
    mention = draft.mentions[index]
    rest = [m for m in draft.mentions[index + 1 :] if m.clause == mention.clause]
    if any(m.kind is SpanKind.TERM and not m.used for m in rest):
        return []
    before = [a for a in draft.anchors if a.position < index and a.clause == mention.clause]
    return [max(before, key=lambda a: a.position)] if before else []


def _excluded_groups(draft: Draft, last: Anchor) -> list[Anchor]:
    """'except B2B accounts and prepaid lines', 'sauf les pros et les prépayés': after 'except',
    each value joined by 'and' names one more group left out — not a condition on the rest."""
    found: list[Anchor] = []
    while last.kind is SenseKind.VALUE:
        after = [a for a in draft.anchors if a.position > last.position]
        following = min(after, key=lambda a: a.position) if after else None
        if following is None or following.kind is not SenseKind.VALUE:
            break
        between = draft.mentions[last.position + 1 : following.position]
        joins = [m for m in between if m.kind is SpanKind.CONNECTOR]
        if len(joins) != 1 or not joins[0].has(Role.AND) or not all(map(_filler, between)):
            break
        found.append(following)
        last = following
    return found


def _excluded_union(draft: Draft, last: Anchor) -> list[Anchor]:
    """'except VIPs as well as anyone who ordered last week', 'sauf les VIP ainsi que ceux
    qui…': after the groups left out, one more joined by a whole-group connector ('as well as
    anyone') is left out too — not a condition on the rest."""
    after = [a for a in draft.anchors if a.position > last.position]
    following = min(after, key=lambda a: a.position) if after else None
    if following is None:
        return []
    between = draft.mentions[last.position + 1 : following.position]
    joins = [m for m in between if m.kind is SpanKind.CONNECTOR]
    own = [m for m in between if not _filler(m) and not any(m is x for x in following.mentions)]
    if not joins or not joins[0].has(Role.UNION) or own:
        return []
    return [following]


def _filler(mention: Mention) -> bool:
    """A word between two listed groups that names neither: grammar, 'and', the people."""
    if mention.kind is SpanKind.TERM:
        return all(sense.kind is SenseKind.SUBJECT for sense in mention.senses)
    return mention.kind in {SpanKind.WORD, SpanKind.CONNECTOR}


def _named_value(column: Anchor, draft: Draft) -> Anchor | None:
    """'not based in Paris': the negation goes past the column's name to its value."""
    if column.kind is not SenseKind.COLUMN:
        return None
    later = [a for a in draft.anchors if a.position > column.position]
    value = min(later, key=lambda a: a.position) if later else None
    if value is None or value.kind is not SenseKind.VALUE:
        return None
    return value if value.sense.target == column.sense.target else None


def _coordinated_values(draft: Draft, first: Anchor) -> list[Anchor]:
    """'except gold and VIP', 'outside Paris and Lyon': values listed after the negated one."""
    if first.kind is not SenseKind.VALUE:
        return []
    listed: list[Anchor] = []
    cursor = first.position + 1
    mentions = draft.mentions
    while cursor + 1 < len(mentions) and mentions[cursor].kind is SpanKind.CONNECTOR:
        twin = next((a for a in draft.anchors if a.position == cursor + 1), None)
        if twin is None or twin.kind is not first.kind or twin.sense.target != first.sense.target:
            break
        listed.append(twin)
        cursor += 2
    return listed


def note_gaps(draft: Draft) -> None:
    """Pass: 'haven't bought in over 6 months' / 'since March' reads as none in that period,
    never-buyers included — the sentence could also mean a last purchase before it, so the
    reading is stated, unless another rule of the request already says they did it ('used to
    buy') or a lapse does."""
    for anchor in draft.anchors:
        spec = anchor.time
        if spec is None or not anchor.negate or anchor.lapse is not None or not _a_gap(spec):
            continue
        if anchor.kind is not SenseKind.EVENT or _done_elsewhere(draft, anchor):
            continue
        phrase = next((m.text for m in anchor.mentions if m.kind is SpanKind.TIME), "")
        note = draft.pack.say("assume_gap_never", phrase=phrase)
        if phrase and note not in anchor.notes:
            anchor.notes.append(note)


def _a_gap(spec: TimeSpec) -> bool:
    """'in over 6 months', 'since March': a time that says how long it has been, so the people
    who never did it are a reading (none in a plain 'in the last 6 months' is what it says)."""
    since = spec.window is not None and spec.window.type is WindowKind.SINCE
    return spec.longer or (since and not spec.calendar_end)


def _done_elsewhere(draft: Draft, anchor: Anchor) -> bool:
    return any(
        other is not anchor
        and other.kind is SenseKind.EVENT
        and other.sense.table == anchor.sense.table
        and not other.negate
        for other in draft.anchors
    )
