"""``perimeter audience …`` (versioned audiences, review, export) and ``perimeter audit verify``.

``--user NAME`` stands in for the signed-in person and must exist in the workspace
(``PERIMETER_WORKSPACE_FILE`` or the bundled demo workspace: marketer, reviewer, admin).
``--json`` prints one JSON object. Exit codes: 0 ok, 1 engine or store failure, 2 bad input
(file, rules, unknown audience), 3 refused by the workflow (state, four-eyes, role, drift),
4 the audit log does not verify.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyarrow as pa
import typer
from pydantic import ValidationError

from assistant import expected_size_from_text, open_planner, plan
from audience.errors import AudienceError, RuleValidationError, UnknownAudienceError, WorkflowError
from audience.rules import RuleTree, describe_rules
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    AudienceState,
    CountLike,
    ExportFormat,
    Segments,
    WaterfallLike,
    audit,
    export_audience,
    load_workspace,
    open_store,
    store_path,
)
from schema_catalog import Catalog, CatalogError, load_catalog, resolve_as_of_from_file
from settings import Settings, load_settings
from ui.cli.options import JsonOpt
from ui.cli.output import INPUT_ERROR, REFUSED, RUN_ERROR, TAMPERED, fail

if TYPE_CHECKING:
    from audience.engine import AudienceEngine

audience_app = typer.Typer(
    name="audience", help="Versioned audiences: create, review, approve, export.",
    no_args_is_help=True,
)  # fmt: skip
audit_app = typer.Typer(name="audit", help="The hash-chained audit log.", no_args_is_help=True)

UserOpt = Annotated[str, typer.Option("--user", help="Who you are (a workspace user).")]
ReaderOpt = Annotated[str | None, typer.Option("--user", help="Who you are (optional).")]
IdArg = Annotated[str, typer.Argument(help="Audience id (or exact name).")]


def register(app: typer.Typer) -> None:
    """Add the ``audience`` and ``audit`` sub-apps to the root app."""
    app.add_typer(audience_app, name="audience")
    app.add_typer(audit_app, name="audit")


class _LazyEngine:
    """Opens the engine on first use, so read-only commands never need the database."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self._settings, self._catalog = settings, catalog
        self._engine: AudienceEngine | None = None

    def _real(self) -> AudienceEngine:
        if self._engine is None:
            from audience.engine import AudienceEngine
            from schema_catalog.demo import ensure_demo_database

            server = self._settings.database_is_server
            database = self._settings.database_target if server else None
            self._engine = AudienceEngine(
                database or ensure_demo_database(self._settings), self._catalog
            )
        return self._engine

    def count(self, tree: RuleTree, *, segments: Segments | None = None) -> CountLike:
        return self._real().count(tree, segments=segments)

    def member_ids(self, tree: RuleTree, *, segments: Segments | None = None) -> list[int]:
        return self._real().member_ids(tree, segments=segments)

    def waterfall(
        self, tree: RuleTree, channel: str, *, segments: Segments | None = None
    ) -> WaterfallLike:
        return self._real().waterfall(tree, channel, segments=segments)

    def eligible_contacts(self, channel: str, member_ids: Sequence[int]) -> pa.Table:
        return self._real().eligible_contacts(channel, member_ids)

    def snapshot_id(self) -> str:
        return self._real().snapshot_id()


@contextmanager
def _service(as_json: bool) -> Iterator[tuple[AudienceService, Settings]]:
    """The workflow service for this workspace; translates errors into exit codes."""
    try:
        settings = load_settings()
        catalog = resolve_as_of_from_file(
            load_catalog(settings.catalog_dir), settings.database_path
        )
        service = AudienceService(
            open_store(store_path(settings)), catalog, _LazyEngine(settings, catalog),
            load_workspace(settings.workspace_file),
        )  # fmt: skip
        yield service, settings
    except RuleValidationError as error:
        fail(str(error), INPUT_ERROR, as_json, issues=error.issues, type=type(error).__name__)
    except UnknownAudienceError as error:
        fail(str(error), INPUT_ERROR, as_json, type=type(error).__name__)
    except WorkflowError as error:
        fail(str(error), REFUSED, as_json, type=type(error).__name__)
    except (CatalogError, AudienceError, OSError) as error:
        fail(str(error), RUN_ERROR, as_json, type=type(error).__name__)


def _resolve(service: AudienceService, ref: str) -> AudienceRecord:
    return service.get(int(ref)) if ref.isdigit() else service.get_by_name(ref)


def _read_rules(path: Path, as_json: bool) -> RuleTree:
    try:
        return RuleTree.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as error:
        fail(f"Cannot read a rule tree from {str(path)!r}: {error}", INPUT_ERROR, as_json)


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


def _emit(payload: Mapping[str, object], as_json: bool, text: str) -> None:
    typer.echo(json.dumps(payload, default=str, ensure_ascii=False) if as_json else text)


def _line(audience: AudienceRecord) -> str:
    return (
        f"#{audience.audience_id} {audience.name!r} v{audience.version} "
        f"[{audience.state.value}] {audience.channel_label} (owner {audience.owner})"
    )


def _flags_text(audience: AudienceRecord) -> str:
    if audience.assessment is None:
        return ""
    flags = [f"  ! {flag.code.value}: {flag.message}" for flag in audience.assessment.flags]
    return "\n".join([f"  size {audience.assessment.count:,}", *flags])


def _plan_rules(service: AudienceService, settings: Settings, request: str, user: str,
                as_json: bool) -> RuleTree:  # fmt: skip
    with open_planner(settings.llm) as planner:
        result = plan(request, None, service.catalog, planner)
    audit.record(service.store, user, "plan", details={"request": request, "status": result.status,
                 "planner": getattr(planner, "name", "")})  # fmt: skip
    if result.status != "proposal":
        detail = getattr(result, "question", None) or getattr(result, "reason", "")
        fail(f"The assistant did not propose rules ({result.status}): {detail}", INPUT_ERROR,
              as_json, status=result.status)  # fmt: skip
    return result.rules  # type: ignore[union-attr]


@audience_app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Audience name (unique).")],
    user: UserOpt,
    request: Annotated[str | None, typer.Option("--request", help="Plan rules from text.")] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Rule-tree JSON file.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="email, sms or push.")] = None,
    expect: Annotated[int | None, typer.Option("--expect", help="Expected size.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an audience (version 1, draft); no channel means an analysis-only segment."""
    if (request is None) == (rules is None):
        fail("Give exactly one of --request TEXT or --rules FILE.", INPUT_ERROR, as_json)
    with _service(as_json) as (service, settings):
        service.workspace.user(user)
        tree = (
            _read_rules(rules, as_json) if rules is not None
            else _plan_rules(service, settings, request or "", user, as_json)
        )  # fmt: skip
        stated = expected_size_from_text(request or "", service.catalog)
        expected = expect if expect is not None else stated
        created = service.create(user, name, tree, channel=channel, expected_size=expected,
                                 request_text=request)  # fmt: skip
        _emit(audience_view(created), as_json, f"Created {_line(created)}")


@audience_app.command("list")
def list_audiences(
    user: ReaderOpt = None,
    state: Annotated[AudienceState | None, typer.Option("--state")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every audience (optionally in one state)."""
    with _service(as_json) as (service, _):
        if user:
            service.workspace.user(user)
        found = service.list_audiences(state=state)
        text = "\n".join(_line(a) for a in found) or "No audiences yet."
        _emit({"audiences": [audience_view(a) for a in found]}, as_json, text)


@audience_app.command("show")
def show(ref: IdArg, user: ReaderOpt = None, as_json: JsonOpt = False) -> None:
    """One audience: state, size flags, current rules, versions and approval fingerprint."""
    with _service(as_json) as (service, _):
        audience = _resolve(service, ref)
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
        _emit(view, as_json, f"{_line(audience)}\n{view['description']}\n"
              f"{_flags_text(audience)}")  # fmt: skip


def _action(ref: str, as_json: bool, act: Callable[[AudienceService, int], AudienceRecord],
            verb: str) -> None:  # fmt: skip
    with _service(as_json) as (service, _):
        audience_id = _resolve(service, ref).audience_id
        after = act(service, audience_id)
        _emit(audience_view(after), as_json, f"{verb} {_line(after)}\n{_flags_text(after)}")


@audience_app.command("edit")
def edit(
    ref: IdArg, user: UserOpt,
    rules: Annotated[Path, typer.Option("--rules", help="Rule-tree JSON file.")],
    note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Save new rules as a new version (back to draft)."""
    tree = _read_rules(rules, as_json)
    _action(ref, as_json, lambda s, i: s.edit(user, i, tree, note=note), "Edited")


@audience_app.command("submit")
def submit(
    ref: IdArg, user: UserOpt,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (needed if flagged).")] = None,
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Send the draft for review."""
    _action(ref, as_json, lambda s, i: s.submit(user, i, reason=reason), "Submitted")


@audience_app.command("approve")
def approve(
    ref: IdArg, user: UserOpt,
    comment: Annotated[str | None, typer.Option("--comment")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Approve the pending version (never your own request)."""
    with _service(as_json) as (service, _):
        outcome = service.approve(user, _resolve(service, ref).audience_id, comment=comment)
        view = audience_view(outcome.audience)
        view.update(approved=outcome.approved, votes=list(outcome.votes),
                    approvers_required=outcome.approvers_required)  # fmt: skip
        if outcome.approval is not None:
            view["approval"] = asdict(outcome.approval)
        verb = "Approved" if outcome.approved else "Vote recorded (a second approver is needed):"
        _emit(view, as_json, f"{verb} {_line(outcome.audience)}")


@audience_app.command("reject")
def reject(
    ref: IdArg, user: UserOpt,
    comment: Annotated[str | None, typer.Option("--comment")] = None, as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Reject the pending version with a comment."""
    _action(ref, as_json, lambda s, i: s.reject(user, i, comment=comment), "Rejected")


@audience_app.command("withdraw")
def withdraw(ref: IdArg, user: UserOpt, as_json: JsonOpt = False) -> None:
    """Take your pending request back to draft."""
    _action(ref, as_json, lambda s, i: s.withdraw(user, i), "Withdrew")


@audience_app.command("rollback")
def rollback(
    ref: IdArg, user: UserOpt,
    version: Annotated[int, typer.Option("--version", help="Earlier version to restore.")],
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Copy an earlier version into a new draft version."""
    _action(ref, as_json, lambda s, i: s.rollback(user, i, version), "Rolled back")


@audience_app.command("export")
def export(
    ref: IdArg, user: UserOpt,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="csv (the default) or parquet.")
    ] = ExportFormat.CSV,
    out: Annotated[Path | None, typer.Option("--out", help="Folder; default exports dir.")] = None,
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Export the approved audience for its channel (recounts first; blocks on drift)."""
    with _service(as_json) as (service, settings):
        audience_id = _resolve(service, ref).audience_id
        result = export_audience(service, user, audience_id, fmt,
                                 out_dir=out or settings.exports_dir)  # fmt: skip
        payload = {"path": str(result.path), "manifest_path": str(result.manifest_path),
                   "sha256": result.sha256, "row_count": result.row_count,
                   "reused": result.reused, "manifest": result.manifest}  # fmt: skip
        again = " (already exported: same file)" if result.reused else ""
        _emit(payload, as_json, f"Exported {result.row_count:,} rows to {result.path}{again}\n"
              f"manifest {result.manifest_path} sha256 {result.sha256}")  # fmt: skip


@audience_app.command("history")
def history(ref: IdArg, user: ReaderOpt = None, as_json: JsonOpt = False) -> None:
    """The audit entries of one audience, oldest first."""
    with _service(as_json) as (service, _):
        entries = service.history(_resolve(service, ref).audience_id)
        text = "\n".join(f"{e.seq:>5} {e.at} v{e.version} {e.actor:<10} {e.action}"
                         for e in entries)  # fmt: skip
        _emit({"entries": [asdict(e) for e in entries]}, as_json, text or "No entries.")


@audit_app.command("verify")
def verify(as_json: JsonOpt = False) -> None:
    """Check the hash chain; report the first tampered entry."""
    with _service(as_json) as (service, _):
        result = audit.verify(service.store)
        text = f"Audit log OK: {result.entries} entries."
        if not result.ok:
            text = f"Audit log TAMPERED at entry {result.first_bad_index}: {result.reason}"
        _emit(asdict(result), as_json, text)
        if not result.ok:
            raise typer.Exit(TAMPERED)
