"""Test support: fakes, hand-made databases and page drivers shared by the suite."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root."""
FIXTURES = ROOT / "tests" / "fixtures"
"""Golden files: compiler fixtures, the seed request, the injection corpus."""
