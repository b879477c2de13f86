"""docs/catalog.md stays true: every allowed function, every check code and every anchor
the check's hints point to are in it; the README links to it. docs/red-team.md cites only tests
that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from audience.compile import allowed_functions

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")


def _anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", markdown, flags=re.MULTILINE)
    return {
        re.sub(r"[^a-z0-9 _-]", "", h.lower().replace("`", "")).replace(" ", "-") for h in headings
    }


def test_every_allowed_function_is_documented() -> None:
    missing = [
        name for names in allowed_functions().values() for name in names if f"`{name}`" not in DOC
    ]
    assert missing == []


def test_every_hint_anchor_exists() -> None:
    sources = [*(ROOT / "schema_catalog").glob("*.py"), *(ROOT / "audience").rglob("*.py")]
    linked = {
        anchor
        for source in sources
        for anchor in re.findall(r"docs/catalog\.md#([a-z0-9_-]+)", source.read_text("utf-8"))
    }
    assert linked, "the hints point into docs/catalog.md"
    assert linked <= _anchors(DOC)


_CHECK_SOURCES = (
    *sorted((ROOT / "schema_catalog").glob("*.py")),
    ROOT / "audience" / "compile" / "indicator_check.py",
    ROOT / "ui" / "cli" / "catalog_cmds.py",
)
_ISSUE_MAKERS = {"Issue", "_issue", "_warn", "make_issue", "worded_issue", "_unlisted"}


def _strings(node: ast.expr) -> set[str]:
    """The string constants an expression can evaluate to (``"a" if x else "b"``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _emitted_codes() -> set[str]:
    """Every issue code the catalog checks can report, read from their source."""
    codes: set[str] = set()
    for source in _CHECK_SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _ISSUE_MAKERS:
                given = [k.value for k in node.keywords if k.arg == "code"] + node.args[:1]
                codes |= {code for expr in given for code in _strings(expr)}
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "code" for t in node.targets
            ):
                codes |= _strings(node.value)
    return codes


def _documented_codes() -> set[str]:
    """The codes in the first column of the tables under '### Check codes'."""
    section = DOC.split("### Check codes", 1)[1].split("\n## ", 1)[0]
    cells = re.findall(r"^\| ([^|]+) \|", section, flags=re.MULTILINE)
    return {code for cell in cells for code in re.findall(r"`([a-z_]+)`", cell)}


def test_every_check_code_is_in_the_check_codes_table() -> None:
    emitted = _emitted_codes()
    assert {"join_coverage_none", "profile_looks_like_lookup", "indicator_sql_fails"} <= emitted
    assert emitted - _documented_codes() == set()
    assert _documented_codes() - emitted == set()  # no stale row


def test_the_readme_links_the_catalog_guide() -> None:
    assert "docs/catalog.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_test_the_red_team_page_cites_exists() -> None:
    page = (ROOT / "docs" / "red-team.md").read_text(encoding="utf-8")
    cited: list[tuple[str, str]] = []
    for file, name in re.findall(r"`([\w/]+\.py)?::(\w+)`", page):
        cited.append((file or cited[-1][0], name))
    sources = {file: (ROOT / "tests" / file).read_text(encoding="utf-8") for file, _ in cited}
    missing = [(file, name) for file, name in cited if f"def {name}(" not in sources[file]]
    assert len(cited) > 50 and missing == []
