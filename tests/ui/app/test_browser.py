"""The main journey in a real headless Chromium, against ``streamlit run`` on a free port, on the
demo data at 100k customers.

A marketer asks for the seed audience, saves it as a segment (so the library's first entry is not
the audience) and submits it with an expected size far from it (so it is flagged); a reviewer
refuses to reject without a comment, then rejects with one; the marketer opens the audience by its
deep link, reads the comment, revises it in Build (the conversation reopens) and resubmits it as
version 2; the reviewer refreshes the page (still signed in: the session token is in the URL),
sees v2 diffed against v1, is refused a flagged approval without a comment, approves with a
comment and the confirmation; the marketer pastes the audience's link in a new tab (a new
browser session), which opens that audience signed in, and exports it: the file's row count
equals the headline "will receive" number Build showed for v2. Reviewers do not export. Last,
the marketer starts a new conversation in French: the answer and the whole page speak French.
Screenshots of each step go to ``test-output/browser/`` (repo-relative, git-ignored); page
timings are printed and written to ``test-output/browser/timings.json`` (measured, not
asserted: the machine's load varies).

Needs Debian's Chromium at /usr/bin/chromium (``make browser`` installs it when root). Without
it the test skips with the reason, except with CI=true, where it fails: CI must run it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from schema_catalog import load_catalog
from settings import load_settings
from ui.cli.ui_cmds import streamlit_command
from ui.components.app_words import app_words
from ui.components.phrases import answer_phrases

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SEED_REQUEST = "VIP customers who have bought at least twice in store in the last 6 months"
FRENCH_REQUEST = "clients VIP qui ont acheté en magasin au moins deux fois"
REFINEMENT = "over the last 12 months instead"
CUSTOMERS = 100_000
EXPECTED = "100"
WAIT_MS = 120_000


def _unavailable(reason: str) -> None:
    if load_settings().ci:
        pytest.fail(f"CI=true: the browser test must run, but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < 90:
        if server.poll() is not None:
            raise AssertionError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.read().strip() == b"ok":
                return time.perf_counter() - started
        time.sleep(0.2)
    raise AssertionError(f"streamlit did not answer in 90 s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium, checked before the server starts; skips (fails with CI=true) if absent."""
    if not CHROMIUM.exists():
        _unavailable(f"Debian Chromium is not installed at {CHROMIUM} (run `make browser` as root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright (dev extra) is not installed")
    return CHROMIUM


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data at its default size (100k customers): the size the timings are for."""
    from schema_catalog.demo.data import generate_demo_data

    path = tmp_path_factory.mktemp("demo100k") / "demo.duckdb"
    generate_demo_data(path, customers=CUSTOMERS, seed=42)
    return path


@pytest.fixture
def app_url(tmp_path: Path, big_db: Path) -> Iterator[str]:
    """The app served by ``streamlit run`` (the ``perimeter ui`` command line) on a free port."""
    port = _free_port()
    env = {
        **os.environ,
        "PERIMETER_HOME": str(tmp_path / "home"),
        "PERIMETER_DATABASE": str(big_db),
        "PERIMETER_PLANNER": "offline",
    }
    env.pop("OPENAI_API_KEY", None)
    command = [
        *streamlit_command(port, headless=True),
        *("--server.fileWatcherType", "none"),
    ]
    log = tmp_path / "streamlit.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        seconds = _wait_healthy(url, server, log)
        print(f"streamlit answered after {seconds:.1f} s on {url}")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _settle(page) -> float:  # type: ignore[no-untyped-def]
    """Wait until the page stops changing: Streamlit idle (no running indicator), no skeleton
    (lazily loaded tables and charts show one first), the same element count for a second.

    Returns:
        When the page last changed (``time.perf_counter``): the second of waiting that proves
        it settled is not part of the page's time.
    """
    elements = page.locator('[data-testid^="st"]')
    busy = page.locator('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')
    previous, stable, changed = -1, 0, time.perf_counter()
    for _ in range(400):
        current = elements.count()
        idle = busy.count() == 0
        if current == previous and idle:
            stable += 1
        else:
            stable, changed = 0, time.perf_counter()
        if stable >= 4:
            return changed
        previous = current
        page.wait_for_timeout(250)
    return changed


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    _settle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def _sign_in(page, url: str, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_label("User", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(f"{user}-demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {user}").wait_for()


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()


def _metric(page, label: str) -> int:  # type: ignore[no-untyped-def]
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    metric.wait_for()
    value = metric.locator('[data-testid="stMetricValue"]').inner_text()
    return int("".join(ch for ch in value if ch.isdigit()))


def _ask(  # type: ignore[no-untyped-def]
    page, text: str, timings: dict[str, float], name: str, headline: str = "Will receive"
) -> int:
    """Type a request; time the answer (the headline shows the new step) and the whole page."""
    steps = page.locator('[data-testid="stChatMessage"]')
    before = steps.count()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(text)
    started = time.perf_counter()
    chat.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length > n + 1",
        arg=before,
        polling=20,
    )  # the request's bubble and the answer's (with its matching count)
    timings[f"{name}: answer with its count (s)"] = round(time.perf_counter() - started, 2)
    settled = _settle(page)
    timings[f"{name}: whole page (s)"] = round(settled - started, 2)
    return _metric(page, headline)


def _submit(page, reason: str, *, expected: str | None = None) -> None:  # type: ignore[no-untyped-def]
    if expected is not None:
        page.get_by_label("Expected size (0 = not stated)").fill(expected)
    page.get_by_label("Reason (required when a size flag trips)").fill(reason)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("for review; a reviewer must approve it").wait_for()


def _comment(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Comment (required to reject, and to approve a flagged audience)").fill(text)


def _error(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stAlertContentError"]', has_text=text).first.wait_for()


def _submitted_id(page) -> int:  # type: ignore[no-untyped-def]
    """The audience id the submission notice names ("… (id 2) for review …")."""
    notice = page.get_by_text("for review; a reviewer must approve it").first.inner_text()
    found = re.search(r"\(id (\d+)\)", notice)
    assert found is not None, notice
    return int(found.group(1))


def _token(page) -> str:  # type: ignore[no-untyped-def]
    """The session token the app keeps in the URL (what a refresh or a shared link carries)."""
    (token,) = parse_qs(urlparse(page.url).query)["session"]
    return token


def _deep_link(page, url: str, audience_id: int) -> None:  # type: ignore[no-untyped-def]
    """Open the Audiences page on ``audience_id`` by its URL, with this page's session."""
    page.goto(f"{url}/audiences?session={_token(page)}&audience={audience_id}")
    _opened(page)


def _opened(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the Audiences page has the audience open, not the library's first entry (the
    segment): its heading reads "<request> (audience, <time>) · v<n> · <state>"."""
    page.get_by_role("heading").filter(has_text="(audience, ").first.wait_for()


def _marketer_submits_a_flagged_v1(  # type: ignore[no-untyped-def]
    page, url: str, timings: dict[str, float]
) -> tuple[int, int]:
    """Save the answer as a segment (the library's first entry), then submit it as an audience
    with an expected size far from it: a flagged request. Returns (audience id, headline)."""
    _sign_in(page, url, "marketer")
    _shot(page, "01-marketer-signed-in")
    first = _ask(page, SEED_REQUEST, timings, "seed request")
    assert first > 0
    _shot(page, "02-answer-card")
    page.get_by_role("button", name="Save as segment").click()
    page.get_by_text("Saved segment “").wait_for()
    _submit(page, "Loyalty event: the expected size is a rough guess.", expected=EXPECTED)
    audience_id = _submitted_id(page)
    _shot(page, "03-v1-submitted")
    _sign_out(page)
    return audience_id, first


def _reviewer_rejects_with_a_comment(page, url: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, url, "reviewer")
    page.get_by_role("button", name="Reject").click()
    _error(page, "needs a written comment")
    _shot(page, "04-reject-without-comment-refused")
    _comment(page, "Too narrow: take the last 12 months.")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("Rejected “").wait_for()
    _sign_out(page)


def _marketer_revises_from_a_deep_link(  # type: ignore[no-untyped-def]
    page, url: str, audience_id: int, timings: dict[str, float]
) -> int:
    """Open the audience by its link (not the library's first entry), read the comment, revise
    it in Build and resubmit it as version 2. Returns v2's headline."""
    _sign_in(page, url, "marketer")
    _deep_link(page, url, audience_id)
    page.get_by_text("Too narrow: take the last 12 months.").first.wait_for()
    _shot(page, "05-deep-link-shows-the-rejection")
    page.get_by_role("button", name="Revise and resubmit").click()
    page.get_by_text("submitting makes version 2 of the same audience").wait_for()
    second = _ask(page, REFINEMENT, timings, "refinement")
    _shot(page, "06-revising-in-build")
    _submit(page, "Twelve months, as the reviewer asked.")
    assert _submitted_id(page) == audience_id
    _sign_out(page)
    return second


def _reviewer_refreshes_and_approves_v2(  # type: ignore[no-untyped-def]
    page, url: str, second: int
) -> None:
    """A refresh keeps the session; v2 is diffed against v1; a flagged approval needs the
    comment, then passes."""
    _sign_in(page, url, "reviewer")
    page.reload()
    page.get_by_text("Signed in as reviewer").wait_for()
    page.get_by_text("Compared with the previous version, v1.").wait_for()
    assert _metric(page, "Will receive") == second
    _shot(page, "07-refreshed-v2-with-diff")
    page.get_by_text(f"You approve {second:,} people").wait_for()
    page.get_by_text("I confirm these figures").click()
    page.get_by_role("button", name="Approve").click()
    _error(page, "needs a written comment")
    _shot(page, "08-flagged-approval-refused-without-comment")
    _comment(page, "Twelve months is right for the loyalty event; checked the size.")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved “").wait_for()
    _shot(page, "09-approved-with-comment")
    _sign_out(page)


def _marketer_exports_from_a_new_tab(  # type: ignore[no-untyped-def]
    context, page, url: str, audience_id: int, second: int
) -> tuple[int, Path]:
    """The audience's link pasted in a new tab (a new browser session) opens it, signed in;
    the export shows the same headline. Returns (exported contacts, the downloaded file)."""
    _sign_in(page, url, "marketer")
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    tab.goto(f"{url}/audiences?session={_token(page)}&audience={audience_id}")
    tab.get_by_text("Signed in as marketer").wait_for()
    _opened(tab)
    tab.get_by_role("tab", name="Export").click()
    assert _metric(tab, "Will receive") == second
    tab.get_by_role("button", name="Export", exact=True).click()
    exported = _metric(tab, "Exported contacts")
    _shot(tab, "10-exported-from-a-deep-link")
    with tab.expect_download() as download_info:
        tab.get_by_role("button", name="Download the export").click()
    target = SHOTS / "export.csv"
    download_info.value.save_as(str(target))
    return exported, target


def _marketer_asks_in_french(page, timings: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    """A new conversation in French: the answer and the whole page (chat, builder, figures,
    page names, sidebar) in French."""
    said = app_words("fr")
    page.get_by_role("button", name="New conversation").click()
    page.get_by_role("button", name="New conversation").wait_for(state="detached")
    count = _ask(page, FRENCH_REQUEST, timings, "French request", answer_phrases("fr").will_receive)
    assert count > 0
    page.get_by_role("heading", name=said.chat.title).wait_for()
    page.get_by_role("button", name=said.chat.undo).wait_for()
    page.get_by_role("link", name=said.pages.evals).wait_for()  # the page names too
    email = load_catalog().channel_label("email", "fr")  # the catalog's French label
    page.get_by_text(said.figures.reachable_by.format(channel=email)).wait_for()
    _shot(page, "11-french-request")


def test_build_reject_revise_approve_and_export_the_headline_number(
    chromium: Path, app_url: str
) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1400, "height": 2400}
        )
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        try:
            audience_id, first = _marketer_submits_a_flagged_v1(page, app_url, timings)
            _reviewer_rejects_with_a_comment(page, app_url)
            second = _marketer_revises_from_a_deep_link(page, app_url, audience_id, timings)
            assert second > first
            _reviewer_refreshes_and_approves_v2(page, app_url, second)
            exported, target = _marketer_exports_from_a_new_tab(
                context, page, app_url, audience_id, second
            )
            _marketer_asks_in_french(page, timings)
        except Exception:
            for number, open_page in enumerate(context.pages):  # what the browser showed
                open_page.screenshot(path=str(SHOTS / f"failed-{number}.png"), full_page=True)
            raise
        finally:
            print(f"timings at {CUSTOMERS:,} customers: {json.dumps(timings)}")
            (SHOTS / "timings.json").write_text(
                json.dumps({"customers": CUSTOMERS, **timings}, indent=2)
            )
        browser.close()
    rows = [line for line in target.read_text().splitlines() if line.strip()]
    assert exported == second == len(rows) - 1
