"""docs/catalog.md stays true: every allowed function, every data-check code and every anchor
the check's hints point to are in it; the README links to it. docs/red-team.md cites only tests
that exist."""

from __future__ import annotations

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


def test_every_data_check_code_is_documented() -> None:
    emitted = set(
        re.findall(
            r'_warn\(\s*"([a-z_]+)"', (ROOT / "schema_catalog" / "data_checks.py").read_text()
        )
    )
    assert emitted <= set(re.findall(r"`([a-z_]+)`", DOC))
    for code in (
        "join_coverage_none", "join_coverage_low", "as_of_after_data", "as_of_before_data",
        "future_events_not_flagged", "pii_not_flagged", "key_as_measure", "synonym_collision",
        "indicator_function_not_allowed", "indicator_sql_fails", "no_channels", "no_suppression",
    ):  # fmt: skip
        assert f"`{code}`" in DOC, code


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
