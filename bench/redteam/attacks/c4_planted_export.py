"""C4 high: a planted export adopted"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bench.redteam.common import (
    attack,
    demo_export,
    raw_store,
    refused,
)
from bench.redteam.lab import Lab, Workspace


def _plant(folder: Path, fingerprint: str, audience_id: int, contact: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "audience.csv"
    data.write_text(f"customer_id,email\n999999,{contact}\n")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    manifest = {"file": "audience.csv", "sha256": digest, "row_count": 1, "format": "csv",
                "audience_id": audience_id, "columns": ["customer_id", "email"],
                "counts": {"exported": 1}, "approval": {"fingerprint": fingerprint}}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _planted_names(name: str, audience_id: int, approval: dict[str, object]) -> list[str]:
    slug = name.lower()
    version, approval_id = approval.get("version"), approval.get("approval_id")
    return [f"{slug}-a{audience_id}-v{version}-approval{approval_id}-csv"]


def _approval(ws: Workspace, audience_id: int, user: str) -> dict[str, object]:
    shown = ws.cli("audience", "show", str(audience_id), as_user=user)
    approval = shown.out.get("approval")
    return approval if isinstance(approval, dict) else {}


@attack("C4", "high", "A planted folder with a self-consistent manifest is adopted as the export")
def c4_planted_folder(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    approval = _approval(ws, audience_id, "marketer")
    for name in _planted_names("vip", audience_id, approval):
        _plant(ws.exports / name, str(approval.get("fingerprint")), audience_id, "planted@evil")
    run = demo_export(ws, audience_id, "marketer")
    if run.code != 0:
        return not run.traceback
    return "planted@evil" not in Path(run.out["path"]).read_text()


@attack("C4", "high", "A planted symlink at the export folder's name is followed and adopted")
def c4_planted_symlink(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    approval = _approval(ws, audience_id, "marketer")
    target = ws.root / "elsewhere"
    _plant(target, str(approval.get("fingerprint")), audience_id, "planted@evil")
    ws.exports.mkdir(parents=True, exist_ok=True)
    for name in _planted_names("vip", audience_id, approval):
        (ws.exports / name).symlink_to(target, target_is_directory=True)
    run = demo_export(ws, audience_id, "marketer")
    if run.code != 0:
        return not run.traceback
    return "planted@evil" not in Path(run.out["path"]).read_text()


@attack("C4", "high", "A planted hidden temp folder ends up in the export")
def c4_planted_temp(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    approval = _approval(ws, audience_id, "marketer")
    for name in _planted_names("vip", audience_id, approval):
        _plant(ws.exports / f".tmp-{name}-0", str(approval.get("fingerprint")), audience_id,
               "planted@evil")  # fmt: skip
    run = demo_export(ws, audience_id, "marketer")
    return run.code == 0 and "planted@evil" not in Path(run.out["path"]).read_text()


@attack("C4", "high", "An export swapped after the fact (file and manifest) is handed out again")
def c4_swapped_after_export(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    first = demo_export(ws, audience_id, "marketer")
    if first.code != 0:
        return False
    folder = Path(first.out["path"]).parent
    manifest = json.loads((folder / "manifest.json").read_text())
    _plant(folder, str(manifest.get("approval", {}).get("fingerprint")), audience_id,
           "planted@evil")  # fmt: skip
    again = demo_export(ws, audience_id, "marketer")
    return refused(again)


@attack("C4", "high", "The store's export record redirected to a planted folder")
def c4_store_redirect(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    first = demo_export(ws, audience_id, "marketer")
    if first.code != 0:
        return False
    planted = ws.root / "planted"
    _plant(planted, "x", audience_id, "planted@evil")
    digest = hashlib.sha256((planted / "audience.csv").read_bytes()).hexdigest()
    with raw_store(ws) as conn:
        conn.execute(
            "UPDATE exports SET path = ?, manifest_path = ?, sha256 = ?",
            (str(planted / "audience.csv"), str(planted / "manifest.json"), digest),
        )
    again = demo_export(ws, audience_id, "marketer")
    return refused(again) or "planted@evil" not in Path(again.out["path"]).read_text()


@attack("C4", "high", "A plain file planted at the export folder's name gives a traceback")
def c4_planted_file(lab: Lab) -> bool:
    ws = lab.workspace(None)
    audience_id = ws.approved_audience("marketer", "reviewer")
    approval = _approval(ws, audience_id, "marketer")
    ws.exports.mkdir(parents=True, exist_ok=True)
    for name in _planted_names("vip", audience_id, approval):
        (ws.exports / name).write_text("customer_id,email\n1,planted@evil\n")
    run = demo_export(ws, audience_id, "marketer")
    if run.code != 0:
        return not run.traceback
    return "planted@evil" not in Path(run.out["path"]).read_text()
