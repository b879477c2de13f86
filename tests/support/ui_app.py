"""Helpers for the AppTest tests (``tests/ui/app/test_*.py``): start, sign in, navigate."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from assistant import Clarification, Conversation, CoverageItem, Proposal, Refusal
from audience.engine import AudienceEngine
from audience.rules import RuleTree
from audience.workflow import AudienceService, open_workspace_store, workspace_of
from schema_catalog import Catalog, load_catalog
from settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
PASSWORDS = {"marketer": "marketer-demo", "reviewer": "reviewer-demo", "admin": "admin-demo"}
SEED_REQUEST = "VIP customers who have bought at least twice in store in the last 6 months"
TIMEOUT = 60

PlanResult = Proposal | Clarification | Refusal


def start() -> AppTest:
    """A fresh session on the sign-in page."""
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def sign_in(at: AppTest, user: str, password: str | None = None) -> AppTest:
    """Sign in through the form; the app then shows the role's first page."""
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password or PASSWORDS[user])
    (submit,) = [b for b in at.button if b.key.startswith("FormSubmitter:sign_in-")]
    return submit.click().run()


def go(at: AppTest, view: str) -> AppTest:
    """Open a page by its file name (``build``, ``review``, ``audiences``, ``catalog``...)."""
    return at.switch_page(f"views/{view}.py").run()


def ask(at: AppTest, text: str) -> AppTest:
    """Type a request in the Build chat."""
    return at.chat_input[0].set_value(text).run()


def expand(at: AppTest, key: str) -> AppTest:
    """Open the lazy expander ``key`` (its content runs only while it is open), as a click."""
    at.session_state[key] = True
    return at.run()


def texts(at: AppTest) -> str:
    """Every markdown, caption, metric and alert text on the page as a person reads it (Markdown
    backslash escapes removed), for membership checks."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(m.value) for m in at.metric] + [str(m.label) for m in at.metric]
    parts += [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [i.value for i in at.info]
    return readable("\n".join(str(p) for p in parts))


def page_strings(at: AppTest) -> str:
    """Every string a person can read on the page: ``texts`` plus titles, labels of buttons,
    inputs, expanders and tabs, the options of pickers, the chat's placeholder, the navigation's
    links and the columns of tables (readable, one per line)."""
    labelled = [
        *at.button, *at.expander, *at.tabs, *at.selectbox, *at.radio, *at.multiselect,
        *at.text_input, *at.text_area, *at.number_input, *at.checkbox, *at.get("download_button"),
    ]  # fmt: skip
    parts = [str(getattr(e, "label", "")) for e in labelled]
    parts += [str(o) for e in [*at.selectbox, *at.radio, *at.multiselect] for o in e.options]
    parts += [t.value for t in [*at.title, *at.subheader, *at.header]]
    parts += [c.placeholder for c in at.chat_input] + [link.value for link in at.page_link]
    parts += [str(column) for frame in at.dataframe for column in frame.value.columns]
    return texts(at) + "\n" + readable("\n".join(parts))


def readable(source: str) -> str:
    """Markdown source as it reads on screen: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", source)


HEADLINES = ("Will receive", "Recevront", "Erhalten")
"""The headline metric's label, per language."""


def headline(at: AppTest) -> int:
    """The 'will receive' number of the page (the one number), separators removed."""
    (metric,) = [m for m in at.metric if m.label in HEADLINES]
    return int("".join(ch for ch in str(metric.value) if ch.isdigit()))


def in_order(node: Block) -> Iterator[Node]:
    """Every element under ``node`` in page order (depth first)."""
    for child in node.children.values():
        yield child
        if isinstance(child, Block):
            yield from in_order(child)


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """The one button (or form submit button) with this label."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def workflow() -> AudienceService:
    """The same workflow service the app uses, for arranging and checking state."""
    settings = load_settings()
    catalog = load_catalog(settings.catalog_dir)
    engine = AudienceEngine(settings.database_path, catalog)
    return AudienceService(open_workspace_store(settings), catalog, engine, workspace_of(settings))


def submitted_audience(
    service: AudienceService,
    name: str,
    rules: RuleTree,
    *,
    owner: str = "marketer",
    channel: str = "email",
) -> int:
    """Create and submit an audience as ``owner``; returns its id."""
    record = service.create(owner, name, rules, channel=channel)
    service.submit(owner, record.audience_id, reason="test reason")
    return record.audience_id


def seed_rules() -> RuleTree:
    """The seed request as a hand-written tree: VIPs with 2+ store orders in the last 6 months."""
    return RuleTree.model_validate(
        {
            "root": {
                "kind": "group",
                "op": "and",
                "rules": [
                    {
                        "kind": "attribute",
                        "field": "customers.loyalty_tier",
                        "op": "eq",
                        "value": "vip",
                    },
                    {
                        "kind": "behavior",
                        "event": "orders",
                        "filters": [{"field": "channel", "op": "eq", "value": "store"}],
                        "window": {"type": "last", "amount": 6, "unit": "month"},
                        "aggregate": {"func": "count", "op": "gte", "value": 2},
                    },
                ],
            }
        }
    )


class ScriptedPlanner:
    """A planner that returns (or raises) queued results and records the requests it got."""

    name = "scripted"

    def __init__(self, *results: PlanResult | Exception) -> None:
        self.results = list(results)
        self.requests: list[str] = []

    def plan(self, request: str, conversation: Conversation, catalog: Catalog) -> PlanResult:
        self.requests.append(request)
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def use_planner(monkeypatch: pytest.MonkeyPatch, planner: ScriptedPlanner) -> None:
    """Make the Build page plan with ``planner`` (the app runs in this process)."""
    monkeypatch.setattr("ui.components.build_flow.make_planner", lambda settings: planner)


def proposal(rules: RuleTree, explanation: str = "Scripted proposal.") -> Proposal:
    """A proposal whose coverage maps one phrase per top-level rule."""
    coverage = tuple(
        CoverageItem(phrase=f"phrase {i}", rule_path=f"root.rules[{i}]")
        for i in range(len(rules.root.rules))
    )
    return Proposal(rules=rules, explanation=explanation, coverage=coverage)


def _split(
    split: str, correct: int, silent: int, rate: float | None, missed: int | None
) -> dict[str, object]:
    """One split's figures; its one asked case's question missed the expected audience
    (``missed`` 1) or offered it (0); None writes no split, as reports before it did."""
    classes = {"correct": correct, "asked": 1, "flagged_wrong": 0, "silent_wrong": silent,
               "unsafe": 0}  # fmt: skip
    cases = correct + 1 + silent
    score = (correct - 10 * silent) / cases
    figures = {"cases": cases, "execution_accuracy": correct / cases, "classes": classes,
               "silent_wrong_rate": rate, "reliability_score": score}  # fmt: skip
    if missed is not None:
        figures |= {"asked_offered": 1 - missed, "asked_missed": missed}
    return {**figures, "split": split, "categories": {"negation": figures}}


def write_eval_report(home: Path) -> None:
    """An eval report in ``home/reports`` (latest and one dated run): the demo domain with a
    development and a held-out set (18 and 7 correct, 0 and 2 silent-wrong, the held-out's
    silent-wrong rate missing; one asked case each, the held-out's question missing the expected
    audience, the development's written before the split existed), their gap, a mixed overall
    83.0 % that must never be the headline, and one failure with a missing category and count."""
    reports = home / "reports"
    reports.mkdir(parents=True)
    dev, held_out = _split("dev", 18, 0, 0.0, None), _split("heldout", 7, 2, None, 1)
    gap = {"execution_accuracy_points": 17.0, "silent_wrong_points": -20.0,
           "reliability_points": 2.1}  # fmt: skip
    domain = {"cases": 30, "datasets": {"heldout_test": held_out, "dev": dev}, "gap": gap}
    report = {
        "cases": 30, "execution_accuracy": 0.83,
        "domains": {"demo": domain},
        "meta": {"planner": "offline", "model": None, "finished_at": "2026-10-01T00:00:00Z"},
        "failures": [{"case_id": "neg-003", "dataset": "heldout_test", "category": None,
                      "conversation": ["not VIPs"], "expected_outcome": "proposal",
                      "got_outcome": "proposal", "expected_count": 10, "got_count": None}],
    }  # fmt: skip
    (reports / "latest.json").write_text(json.dumps(report))
    (reports / "eval-offline-20261001T000000Z.json").write_text(json.dumps(report))
