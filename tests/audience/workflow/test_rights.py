"""Rights and written reasons: owners edit their own, export is its own permission, reviewers
review, a reason must say something, and size limits cannot be dodged by splitting."""

from __future__ import annotations

from pathlib import Path

import pytest

from audience.errors import PermissionDeniedError, ReasonRequiredError, WorkflowError
from audience.workflow import (
    AudienceService,
    ExportFormat,
    FlagCode,
    Permission,
    Role,
    Workspace,
    export_audience,
)
from schema_catalog import Catalog, GuardrailPolicy
from tests.support.workflow_fakes import FakeEngine, cheap_user, service, tree, workspace


@pytest.fixture
def svc(tmp_path: Path, catalog: Catalog) -> AudienceService:
    return service(tmp_path, catalog)


@pytest.mark.parametrize("change", ["edit", "rollback", "submit"])
def test_only_the_owner_or_an_admin_changes_an_audience(svc: AudienceService, change: str) -> None:
    audience_id = svc.create("marketer", "Mine", tree(10)).audience_id
    attempts = {
        "edit": lambda who: svc.edit(who, audience_id, tree(20)),
        "rollback": lambda who: svc.rollback(who, audience_id, 1),
        "submit": lambda who: svc.submit(who, audience_id),
    }
    for other in ("marketer2", "reviewer"):
        with pytest.raises(PermissionDeniedError):
            attempts[change](other)
    assert svc.get(audience_id).version == 1
    attempts[change]("admin")


def test_segments_are_owned_too(svc: AudienceService) -> None:
    segment_id = svc.create("marketer", "Loyal", tree(30, channel=None)).audience_id
    with pytest.raises(PermissionDeniedError):
        svc.edit("marketer2", segment_id, tree(600, channel=None))
    assert svc.segment("Loyal") == tree(30, channel=None)


def test_reviewers_do_not_build(svc: AudienceService) -> None:
    with pytest.raises(PermissionDeniedError):
        svc.create("reviewer", "X", tree(10))


def approved_audience(svc: AudienceService) -> int:
    audience_id = svc.create("marketer", "A", tree(40)).audience_id
    svc.submit("marketer", audience_id)
    assert svc.approve("reviewer", audience_id).approved
    return audience_id


def test_export_is_its_own_permission(tmp_path: Path, catalog: Catalog) -> None:
    granted = cheap_user("reviewer2", Role.REVIEWER).model_copy(
        update={"permissions": (Permission.EXPORT,)}
    )
    base = workspace()
    ws = Workspace(name="t", users=(*[u for u in base.users if u.name != "reviewer2"], granted))
    svc = service(tmp_path, catalog, ws=ws)
    audience_id = approved_audience(svc)
    with pytest.raises(PermissionDeniedError):
        export_audience(svc, "reviewer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")
    result = export_audience(
        svc, "reviewer2", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o"
    )
    assert result.row_count == 40


def test_an_approver_who_is_not_a_reviewer_of_the_workspace_blocks_export(
    tmp_path: Path, catalog: Catalog
) -> None:
    svc = service(tmp_path, catalog)
    audience_id = approved_audience(svc)
    without = Workspace(
        name="t", users=tuple(u for u in svc.workspace.users if u.name != "reviewer")
    )
    later = AudienceService(svc.store, catalog, svc.engine, without)
    with pytest.raises(PermissionDeniedError):
        export_audience(later, "marketer", audience_id, ExportFormat.CSV, out_dir=tmp_path / "o")


@pytest.mark.parametrize("reason", [".", "ok", "!!!!!!!!!!", "   x   "])
def test_a_reason_must_say_something(tmp_path: Path, catalog: Catalog, reason: str) -> None:
    svc = service(tmp_path, catalog, FakeEngine())
    audience_id = svc.create("marketer", "Big", tree(900)).audience_id
    with pytest.raises(ReasonRequiredError):
        svc.submit("marketer", audience_id, reason=reason)
    assert svc.submit("marketer", audience_id, reason="winter sale, whole base").state == (
        "pending_review"
    )


@pytest.mark.parametrize(
    "name", ["", "   ", "x" * 121, "tab\tname", "VIP\u200b spring", "gpj.\u202eexe", "a\u2066b"]
)
def test_audience_names_are_bounded(svc: AudienceService, name: str) -> None:
    with pytest.raises(WorkflowError):
        svc.create("marketer", name, tree(10))


@pytest.mark.parametrize("reason", ["approved \u202edesrever", "a\u2067b\u2069 c"])
def test_reasons_with_direction_overrides_are_refused(
    tmp_path: Path, catalog: Catalog, reason: str
) -> None:
    svc = service(tmp_path, catalog, FakeEngine())
    audience_id = svc.create("marketer", "Big", tree(900)).audience_id
    with pytest.raises(WorkflowError):
        svc.submit("marketer", audience_id, reason=reason)


def test_splitting_one_audience_under_the_limits_is_flagged(
    tmp_path: Path, catalog: Catalog
) -> None:
    policy = GuardrailPolicy(max_audience_size=500, max_share_of_base=0.4, hard_ceiling=10_000)
    engine = FakeEngine(base=1_000)
    svc = service(tmp_path, catalog, engine, policy=policy)
    pieces = [tree(p) for p in (331, 332, 333)]
    engine.set_members(pieces[0], range(1, 331))
    engine.set_members(pieces[1], range(331, 662))
    engine.set_members(pieces[2], range(662, 994))
    flags = []
    for index, piece in enumerate(pieces):
        audience_id = svc.create("marketer", f"Piece {index}", piece).audience_id
        submitted = svc.submit("marketer", audience_id, reason="one third of the spring list")
        assert submitted.assessment is not None
        flags.append(submitted.assessment.codes)
        svc.approve("reviewer", audience_id, comment="checked the overlap with the other pieces")
    assert flags[0] == ()
    assert FlagCode.CUMULATIVE_SIZE in flags[1] and FlagCode.CUMULATIVE_SIZE in flags[2]
    shown = svc.get(3).assessment
    assert shown is not None
    assert [r.name for r in shown.recent] == ["Piece 0", "Piece 1"]
    assert shown.reached == 993


def test_another_requesters_approvals_do_not_count(tmp_path: Path, catalog: Catalog) -> None:
    policy = GuardrailPolicy(max_audience_size=500, max_share_of_base=0.4, hard_ceiling=10_000)
    engine = FakeEngine(base=1_000)
    svc = service(tmp_path, catalog, engine, policy=policy)
    first = svc.create("marketer", "Theirs", tree(350)).audience_id
    svc.submit("marketer", first)
    svc.approve("reviewer", first, comment="fine")
    mine = svc.create("marketer2", "Mine", tree(351)).audience_id
    assessment = svc.submit("marketer2", mine).assessment
    assert assessment is not None and assessment.codes == ()
