"""Settings: the same environment variables feed the workspace part and the LLM part."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import LlmSettings, load_settings


def test_each_part_reads_its_own_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERIMETER_HOME", "/tmp/perimeter-home")
    monkeypatch.setenv("PERIMETER_PLANNER", "openai")
    monkeypatch.setenv("PERIMETER_MODEL", "gpt-x")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("PERIMETER_LOCAL_PORT", "9999")
    settings = load_settings()
    assert settings.home == Path("/tmp/perimeter-home")
    llm = settings.llm
    assert (llm.planner, llm.model, llm.openai_api_key) == ("openai", "gpt-x", "sk-test")
    assert (llm.openai_base_url, llm.local_port) == ("http://127.0.0.1:9/v1", 9999)
    assert "openai_api_key" not in type(settings).model_fields


def test_a_planner_option_replaces_only_the_planner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERIMETER_PLANNER", "openai")
    monkeypatch.setenv("PERIMETER_MODEL", "gpt-x")
    settings = load_settings()
    chosen = settings.with_planner("local")
    assert (chosen.llm.planner, chosen.llm.model, settings.llm.planner) == (
        "local",
        "gpt-x",
        "openai",
    )
    assert "request_timeout" not in chosen.llm.model_fields_set
    assert LlmSettings(planner="offline").planner == "offline"
