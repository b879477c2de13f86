"""Checks the workflow makes before a change: per-object rights, bounded texts, recent approvals.

- **Owners edit their own**: an audience or segment is edited, rolled back or submitted by its
  owner, or by a user with the ``manage`` permission (admins).
- **Texts are bounded**: names are non-empty and short, reasons and comments have a length cap,
  and a reason for a flagged size must say something (``"."`` is not a reason).
- **Recent approvals**: the same requester's other valid approvals on the same channel within the
  policy's window, with their overlap, for the cumulative size check.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from audience.errors import PermissionDeniedError, ReasonRequiredError, WorkflowError
from audience.workflow.flag_words import figures_in_words
from audience.workflow.policy import RecentApproval, SizeAssessment
from audience.workflow.records import AudienceRecord
from audience.workflow.store import thaw_members
from audience.workflow.workspace import Permission, User
from languages import Param, say
from schema_catalog import ProfileKey

MAX_AUDIENCE_NAME = 120
MAX_NOTE = 2_000
MIN_REASON_CHARS, MIN_REASON_LETTERS = 8, 4


def check_owner(audience: AudienceRecord, user: User, action: str) -> None:
    """Only the owner (or a user with ``manage``) may ``action`` an audience.

    Raises:
        PermissionDeniedError: someone else's audience, and no ``manage`` permission.
    """
    user.require(Permission.BUILD, action)
    if audience.owner != user.name and not user.can(Permission.MANAGE):
        names = {"audience": audience.name, "owner": audience.owner, "user": user.name}
        message = say("not_the_owner", action=action, **names)
        raise PermissionDeniedError(message, hint=say("ask_the_owner"))


def check_audience_name(name: str) -> str:
    """A usable audience name: stripped, non-empty, at most ``MAX_AUDIENCE_NAME`` characters,
    without control or invisible format characters (a zero-width space makes a look-alike of
    another audience's name; a right-to-left override shows the reviewer reversed text).

    Raises:
        WorkflowError: empty, too long, or with control or format characters.
    """
    cleaned = name.strip()
    bad = not cleaned or len(cleaned) > MAX_AUDIENCE_NAME
    if bad or any(unicodedata.category(char) in ("Cc", "Cf") for char in cleaned):
        message = say("bad_audience_name", most=MAX_AUDIENCE_NAME, name=repr(name[:40]))
        raise WorkflowError(message, hint=say("choose_a_name"))
    return cleaned


def check_note(text: str | None, what: str) -> str | None:
    """A comment, reason or request text of at most ``MAX_NOTE`` characters (None stays None).

    Raises:
        WorkflowError: longer than ``MAX_NOTE``, or with bidirectional overrides (which show
            the reviewer text in another order than it was written).
    """
    if text is not None and len(text) > MAX_NOTE:
        message = say("note_too_long", note=what, length=len(text), most=MAX_NOTE)
        raise WorkflowError(message, hint=say("shorten_note", note=what))
    if text is not None and any(char in _BIDI_CONTROLS for char in text):
        message = say("note_has_overrides", note=what)
        raise WorkflowError(message, hint=say("retype_note", note=what))
    return text


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates (the plain direction marks of right-to-left text stay)."""


def check_reason(reason: str | None, assessment: SizeAssessment, audience: AudienceRecord) -> None:
    """A flagged size needs a reason that says something (letters, not just punctuation).

    Raises:
        ReasonRequiredError: flagged and the reason is missing or empty of meaning; the
            message gives the size and each flag's figures, so the reason can answer them.
    """
    text = (reason or "").strip()
    letters = sum(char.isalpha() for char in text)
    if assessment.flags and (len(text) < MIN_REASON_CHARS or letters < MIN_REASON_LETTERS):
        flags = {flag.code.value: flag.message for flag in assessment.flags}
        figures = figures_in_words(assessment)
        names: dict[str, Param] = {
            "audience": audience.name,
            "size": assessment.count,
            "figures": figures,
        }
        message = (
            say("reason_says_nothing", reason=repr(text), **names)
            if text
            else say("reason_missing", **names)
        )
        raise ReasonRequiredError(
            message, hint=say("explain_the_size"), size=assessment.count, flags=flags
        )


def recent_approvals(
    conn: sqlite3.Connection, audience: AudienceRecord, requester: str, days: int,
    members: Collection[ProfileKey],
) -> tuple[tuple[RecentApproval, ...], int]:  # fmt: skip
    """The requester's other valid approvals on this channel in the last ``days`` days, each
    with its overlap with ``members``, and the distinct people of all of them together."""
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="microseconds")
    rows = conn.execute(
        "SELECT p.approval_id, p.audience_id, a.name, p.created_at, p.member_count,"
        " p.members_blob FROM approvals p JOIN audiences a ON a.audience_id = p.audience_id"
        " WHERE p.requested_by = ? AND a.channel IS ? AND p.audience_id <> ?"
        " AND p.invalidated_at IS NULL AND p.created_at >= ? ORDER BY p.approval_id",
        (requester, audience.channel, audience.audience_id, since),
    ).fetchall()
    current, reached = set(members), set(members)
    found = []
    for row in rows:
        theirs = set(thaw_members(row["members_blob"]))
        reached |= theirs
        found.append(RecentApproval(
            audience_id=row["audience_id"], name=row["name"], approved_at=row["created_at"],
            member_count=row["member_count"], overlap=len(theirs & current),
        ))  # fmt: skip
    return tuple(found), len(reached)
