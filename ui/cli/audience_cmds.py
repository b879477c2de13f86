"""``perimeter audience …`` (versioned audiences, review, export) and ``perimeter audit …``.

Every audience command acts as the user of ``perimeter login`` (its token, or
``PERIMETER_TOKEN``); there is no ``--user``. ``--json`` prints one JSON object. Exit codes (see
``ui.cli.boundary``): 0 ok, 1 engine or store failure, 2 bad input, 3 refused, 4 the audit log
does not verify.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from assistant import Clarification, expected_size_from_text, open_planner, plan
from audience.rules import RuleTree, describe_rules, read_rules_file
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    ExportFormat,
    SizeAssessment,
    audit,
    export_audience,
)
from settings import Settings
from ui.cli.boundary import emit, resolve, workflow
from ui.cli.options import JsonOpt
from ui.cli.output import INPUT_ERROR, TAMPERED, fail

audience_app = typer.Typer(
    name="audience", help="Versioned audiences: create, review, approve, export.",
    no_args_is_help=True,
)  # fmt: skip
audit_app = typer.Typer(name="audit", help="The keyed, anchored audit log.", no_args_is_help=True)

IdArg = Annotated[str, typer.Argument(help="Audience id (or exact name).")]


def register(app: typer.Typer) -> None:
    """Add the ``audience`` and ``audit`` sub-apps to the root app."""
    app.add_typer(audience_app, name="audience")
    app.add_typer(audit_app, name="audit")


def audience_view(audience: AudienceRecord) -> dict[str, object]:
    """The JSON shape of an audience (``list``, ``show`` and every action print it)."""
    view: dict[str, object] = asdict(audience)
    view["state"] = audience.state.value
    view["channel"] = audience.channel_label
    view["assessment"] = None
    if audience.assessment is not None:
        view["assessment"] = {
            **audience.assessment.model_dump(mode="json"),
            "approvers_required": audience.assessment.approvers_required,
        }
    return view


def _line(audience: AudienceRecord) -> str:
    return (
        f"#{audience.audience_id} {audience.name!r} v{audience.version} "
        f"[{audience.state.value}] {audience.channel_label} (owner {audience.owner})"
    )


def _flags_text(audience: AudienceRecord) -> str:
    if audience.assessment is None:
        return ""
    return _assessment_text(audience.assessment, "size")


def _assessment_text(assessment: SizeAssessment, label: str) -> str:
    flags = [f"  ! {flag.code.value}: {flag.message}" for flag in assessment.flags]
    return "\n".join([f"  {label} {assessment.count:,}", *flags])


def _plan_rules(service: AudienceService, settings: Settings, request: str, user: str,
                as_json: bool, option: int | None) -> RuleTree:  # fmt: skip
    """Plan rules from text (the request is capped and normalised by ``plan``); audited. A
    question is answered by ``option`` (1-based), else shown with its numbered options."""
    with open_planner(settings.llm) as planner:
        result = plan(request, None, service.catalog, planner)
    audit.record(service.store, user, "plan", details={"request": request, "status": result.status,
                 "planner": getattr(planner, "name", "")})  # fmt: skip
    if isinstance(result, Clarification):
        return _picked_option(result, option, as_json)
    if result.status != "proposal":
        reason = getattr(result, "reason", "")
        fail(f"The assistant did not propose rules ({result.status}): {reason}", INPUT_ERROR,
             as_json, status=result.status)  # fmt: skip
    return result.rules  # type: ignore[union-attr]


def _picked_option(question: Clarification, option: int | None, as_json: bool) -> RuleTree:
    """The rules of the chosen option; without a valid choice, fail listing every option."""
    choices = [o for o in question.options if o.rules is not None]
    if option is not None and 1 <= option <= len(choices):
        return choices[option - 1].rules  # type: ignore[return-value]
    listed = "\n".join(
        f"  {number}. {choice.label}" + ("" if choice.count is None else f" ({choice.count:,})")
        for number, choice in enumerate(choices, start=1)
    )
    wrong = "" if option is None else f"There is no option {option}. "
    fail(f"{wrong}The assistant asks: {question.question}\n{listed}\n"
         "Run the command again with --option N to pick one, or make the request precise.",
         INPUT_ERROR, as_json, status=question.status,
         options=[{"label": c.label, "count": c.count} for c in choices])  # fmt: skip


@audience_app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Audience name (unique).")],
    request: Annotated[str | None, typer.Option("--request", help="Plan rules from text.")] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Rule-tree JSON file.")] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help="A channel of the catalog, e.g. email.")
    ] = None,
    expect: Annotated[
        int | None,
        typer.Option(
            "--expect",
            help="The size you expect to reach on the channel (consented, not suppressed, "
            "with a contact); far from it flags the audience.",
        ),
    ] = None,
    option: Annotated[
        int | None,
        typer.Option("--option", help="Answer the assistant's question: pick its option N."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an audience (version 1, draft); no channel means an analysis-only segment."""
    if (request is None) == (rules is None):
        fail("Give exactly one of --request TEXT or --rules FILE.", INPUT_ERROR, as_json)
    with workflow(as_json) as wf:
        user = _name(wf.user)
        tree = (
            read_rules_file(rules) if rules is not None
            else _plan_rules(wf.service, wf.settings, request or "", user, as_json, option)
        )  # fmt: skip
        stated = expected_size_from_text(request or "", wf.service.catalog)
        expected = expect if expect is not None else stated
        created = wf.service.create(user, name, tree, channel=channel, expected_size=expected,
                                    request_text=request)  # fmt: skip
        emit(audience_view(created), as_json, f"Created {_line(created)}")


@audience_app.command("list")
def list_audiences(
    state: Annotated[AudienceState | None, typer.Option("--state")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every audience (optionally in one state)."""
    with workflow(as_json) as wf:
        found = wf.service.list_audiences(state=state)
        text = "\n".join(_line(a) for a in found) or "No audiences yet."
        emit({"audiences": [audience_view(a) for a in found]}, as_json, text)


@audience_app.command("show")
def show(ref: IdArg, as_json: JsonOpt = False) -> None:
    """One audience: state, size flags, current rules, versions and approval fingerprint."""
    with workflow(as_json) as wf:
        service = wf.service
        audience = resolve(service, ref)
        view = audience_view(audience)
        current = service.version(audience.audience_id)
        view["rules"] = current.rules.model_dump(mode="json")
        view["description"] = describe_rules(current.rules, service.catalog).text
        view["versions"] = [
            {"version": v.version, "author": v.author, "fingerprint": v.fingerprint,
             "note": v.note, "based_on": v.based_on, "created_at": v.created_at}
            for v in service.versions(audience.audience_id)
        ]  # fmt: skip
        if audience.approval_id is not None:
            view["approval"] = asdict(service.approval(audience.approval_id))
        flags = _flags_text(audience)
        if audience.state is AudienceState.DRAFT:
            preview = service.assess_rules(audience, current.rules, requester=audience.owner)
            view["preview"] = preview.model_dump(mode="json")
            flags = _assessment_text(preview, "would receive (before submit)")
        emit(view, as_json, f"{_line(audience)}\n{view['description']}\n{flags}")


Act = Callable[[AudienceService, str, int], AudienceRecord]


def _action(ref: str, as_json: bool, act: Act, verb: str) -> None:
    with workflow(as_json) as wf:
        audience_id = resolve(wf.service, ref).audience_id
        after = act(wf.service, _name(wf.user), audience_id)
        emit(audience_view(after), as_json, f"{verb} {_line(after)}\n{_flags_text(after)}")


def _name(user: object) -> str:
    name = getattr(user, "name", None)
    assert isinstance(name, str), "workflow() resolved the signed-in user"
    return name


@audience_app.command("edit")
def edit(
    ref: IdArg,
    rules: Annotated[Path, typer.Option("--rules", help="Rule-tree JSON file.")],
    note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Save new rules as a new version (back to draft); only the owner (or an admin)."""
    _action(ref, as_json, lambda s, u, i: s.edit(u, i, read_rules_file(rules), note=note),
            "Edited")  # fmt: skip


@audience_app.command("submit")
def submit(
    ref: IdArg,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (needed if flagged).")] = None,
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Send the draft for review."""
    _action(ref, as_json, lambda s, u, i: s.submit(u, i, reason=reason), "Submitted")


@audience_app.command("approve")
def approve(
    ref: IdArg,
    comment: Annotated[str | None, typer.Option("--comment")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Approve the pending version (never your own request; the audit log must verify)."""
    with workflow(as_json) as wf:
        service = wf.service
        outcome = service.approve(_name(wf.user), resolve(service, ref).audience_id,
                                  comment=comment)  # fmt: skip
        view = audience_view(outcome.audience)
        view.update(approved=outcome.approved, votes=list(outcome.votes),
                    approvers_required=outcome.approvers_required)  # fmt: skip
        if outcome.approval is not None:
            view["approval"] = asdict(outcome.approval)
        verb = "Approved" if outcome.approved else "Vote recorded (a second approver is needed):"
        emit(view, as_json, f"{verb} {_line(outcome.audience)}")


@audience_app.command("reject")
def reject(
    ref: IdArg,
    comment: Annotated[str | None, typer.Option("--comment")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Reject the pending version with a comment."""
    _action(ref, as_json, lambda s, u, i: s.reject(u, i, comment=comment), "Rejected")


@audience_app.command("withdraw")
def withdraw(ref: IdArg, as_json: JsonOpt = False) -> None:
    """Take your pending request back to draft."""
    _action(ref, as_json, lambda s, u, i: s.withdraw(u, i), "Withdrew")


@audience_app.command("rollback")
def rollback(
    ref: IdArg,
    version: Annotated[int, typer.Option("--version", help="Earlier version to restore.")],
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Copy an earlier version into a new draft version."""
    _action(ref, as_json, lambda s, u, i: s.rollback(u, i, version), "Rolled back")


@audience_app.command("export")
def export(
    ref: IdArg,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="csv (the default) or parquet.")
    ] = ExportFormat.CSV,
    out: Annotated[Path | None, typer.Option("--out", help="Folder; default exports dir.")] = None,
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Export the approved audience for its channel (recounts first; blocks on drift)."""
    with workflow(as_json) as wf:
        audience_id = resolve(wf.service, ref).audience_id
        result = export_audience(wf.service, _name(wf.user), audience_id, fmt,
                                 out_dir=out or wf.settings.exports_dir)  # fmt: skip
        payload = {"path": str(result.path), "manifest_path": str(result.manifest_path),
                   "sha256": result.sha256, "row_count": result.row_count,
                   "reused": result.reused, "manifest": result.manifest}  # fmt: skip
        again = " (already exported: same file)" if result.reused else ""
        emit(payload, as_json, f"Exported {result.row_count:,} rows to {result.path}{again}\n"
             f"manifest {result.manifest_path} sha256 {result.sha256}")  # fmt: skip


@audience_app.command("history")
def history(ref: IdArg, as_json: JsonOpt = False) -> None:
    """The audit entries of one audience, oldest first."""
    with workflow(as_json) as wf:
        entries = wf.service.history(resolve(wf.service, ref).audience_id)
        text = "\n".join(f"{e.seq:>5} {e.at} v{e.version} {e.actor:<10} {e.action}"
                         for e in entries)  # fmt: skip
        emit({"entries": [asdict(e) for e in entries]}, as_json, text or "No entries.")


@audit_app.command("verify")
def verify(
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="A kept copy of `audit checkpoint`.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the MAC chain, the anchor, and the approvals and exports against the log."""
    with workflow(as_json, signed_in=False) as wf:
        external = audit.checkpoint_from_file(checkpoint) if checkpoint else None
        result = audit.verify(wf.service.store, external=external)
        text = f"Audit log OK: {result.entries} entries."
        if not result.ok:
            text = f"Audit log TAMPERED: {result.reason}"
        emit(asdict(result), as_json, text)
        if not result.ok:
            raise typer.Exit(TAMPERED)


@audit_app.command("checkpoint")
def checkpoint(
    out: Annotated[Path | None, typer.Option("--out", help="Also write it to this file.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print (and optionally save) the log's anchor: entries and head MAC, MAC-ed. Keep a copy
    elsewhere; `audit verify --checkpoint FILE` checks the log still extends it."""
    with workflow(as_json, signed_in=False) as wf:
        anchor = audit.take_checkpoint(wf.service.store)
        if out is not None:
            out.write_text(json.dumps(anchor.as_dict(), indent=2))
        emit(anchor.as_dict(), as_json,
             f"{anchor.entries} entries, head {anchor.head} (at {anchor.at})")  # fmt: skip
