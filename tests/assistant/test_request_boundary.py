"""The request boundary of planning: normalised, capped, and within a time budget."""

from __future__ import annotations

import time

import pytest
from openai import OpenAI

from assistant import (
    MAX_REQUEST_CHARS,
    Conversation,
    Refusal,
    RequestRejectedError,
    plan,
    prepare_request,
)
from assistant.contract import TimedPlanner
from assistant.llm_planner import LLMPlanner
from assistant.offline import OfflinePlanner
from assistant.planning import PLAN_BUDGET_S, planning_budget
from schema_catalog import Catalog


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        ("mi\u200bnors", "minors"),
        ("ｍｉｎｏｒｓ", "minors"),
        ("VIP\u2060 customers\ufeff", "VIP customers"),
        ("  VIP\n\tcustomers  ", "VIP customers"),
        ("people with \u0441ancer", "people with cancer"),  # Cyrillic es
        ("und\u0435r 16", "under 16"),  # Cyrillic ie
        ("\u03bfver 65", "over 65"),  # Greek omicron
        ("\u0441\u043e\u043a", "\u0441\u043e\u043a"),  # a Cyrillic word stays Cyrillic
    ],
)
def test_requests_are_normalised_before_any_check(raw: str, seen: str) -> None:
    assert prepare_request(raw) == seen


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b", "x" * (MAX_REQUEST_CHARS + 1)])
def test_empty_and_long_requests_are_refused(raw: str) -> None:
    with pytest.raises(RequestRejectedError):
        prepare_request(raw)


def test_a_64_kb_request_is_refused_at_once(catalog: Catalog) -> None:
    started = time.perf_counter()
    with pytest.raises(RequestRejectedError):
        plan("VIP customers in Lyon " * 3000, None, catalog)
    assert time.perf_counter() - started < 1


class Recorder:
    name = "recorder"

    def __init__(self, delay: float = 0.0) -> None:
        self.seen: list[str] = []
        self.delay = delay

    def plan(self, request: str, conversation: Conversation, catalog: Catalog) -> Refusal:
        self.seen.append(request)
        time.sleep(self.delay)
        return Refusal(reason="recorded")


@pytest.mark.parametrize(
    "request_text", ["people with \u0441ancer", "customers und\u0435r 16 years old"]
)
def test_lookalike_letters_do_not_slip_past_a_refusal(catalog: Catalog, request_text: str) -> None:
    plain = plan(request_text.translate({0x441: "c", 0x435: "e"}), None, catalog)
    spoofed = plan(request_text, None, catalog)
    assert isinstance(plain, Refusal) and isinstance(spoofed, Refusal)
    assert spoofed.reason == plain.reason


def test_planners_see_the_prepared_request(catalog: Catalog) -> None:
    recorder = Recorder()
    plan("mi\u200bnors  in Lyon", None, catalog, recorder)
    assert recorder.seen == ["minors in Lyon"]


def test_planning_past_its_budget_is_stopped(catalog: Catalog) -> None:
    started = time.perf_counter()
    with pytest.raises(RequestRejectedError):
        plan("VIP customers", None, catalog, Recorder(delay=5), budget_s=0.2)
    assert time.perf_counter() - started < 2


def test_a_model_planner_gets_the_time_its_own_timeouts_allow() -> None:
    class SlowModel:
        name = "local"
        time_limit_s = 900.0

        def plan(self, request: str, conversation: object, catalog: object) -> Refusal:
            raise NotImplementedError

    assert isinstance(SlowModel(), TimedPlanner)
    assert planning_budget(SlowModel()) == 900.0
    assert planning_budget(OfflinePlanner()) == PLAN_BUDGET_S


def test_the_openai_planner_time_limit_counts_every_call_and_retry() -> None:
    client = OpenAI(api_key="test", base_url="http://127.0.0.1:9/v1", max_retries=1)
    planner = LLMPlanner(client, "m", timeout=600.0, max_repairs=2)
    assert planner.time_limit_s == 600.0 * 3 * 2
    assert planning_budget(planner) == planner.time_limit_s
