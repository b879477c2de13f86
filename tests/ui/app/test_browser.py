"""The main journey in a real headless Chromium, against ``streamlit run`` on a free port.

Marketer signs in, types the seed request, sees the count, submits; reviewer signs in, reloads
the page (the session survives the refresh), approves; the marketer signs in again, exports and
downloads the file, whose row count must equal the exported count. Reviewers do not export.
Screenshots of each step go to ``test-output/browser/`` (repo-relative, git-ignored).

Needs Debian's Chromium at /usr/bin/chromium (``make browser`` installs it when root). Without
it the test skips with the reason, except with CI=true, where it fails: CI must run it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from settings import load_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "ui" / "app.py"
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
WAIT_MS = 60_000


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
    while time.perf_counter() - started < 60:
        if server.poll() is not None:
            raise AssertionError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.read().strip() == b"ok":
                return time.perf_counter() - started
        time.sleep(0.2)
    raise AssertionError(f"streamlit did not answer in 60 s:\n{log.read_text()[-3000:]}")


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


@pytest.fixture
def app_url(tmp_path: Path, demo_db: Path) -> Iterator[str]:
    """The app served by ``streamlit run`` on a free port, on a tmp home and the demo DB."""
    port = _free_port()
    env = {
        **os.environ,
        "PERIMETER_HOME": str(tmp_path / "home"),
        "PERIMETER_DATABASE": str(demo_db),
        "PERIMETER_PLANNER": "offline",
    }
    env.pop("OPENAI_API_KEY", None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
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


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page stops changing: no skeleton (lazily loaded tables and charts show one
    first) and the same number of Streamlit elements for a second."""
    elements = page.locator('[data-testid^="st"]')
    skeletons = page.locator('[data-testid="stSkeleton"]')
    previous, stable = -1, 0
    for _ in range(100):
        current = elements.count()
        stable = stable + 1 if current == previous and skeletons.count() == 0 else 0
        if stable >= 4:
            return
        previous = current
        page.wait_for_timeout(250)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    _settle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def _sign_in(page, url: str, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_label("User", exact=True).fill(user)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {user}").wait_for(timeout=WAIT_MS)


def _metric(page, label: str) -> int:  # type: ignore[no-untyped-def]
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    metric.wait_for(timeout=WAIT_MS)
    value = metric.locator('[data-testid="stMetricValue"]').inner_text()
    return int(value.replace(",", "").strip())


def test_marketer_builds_reviewer_approves_and_exports(chromium: Path, app_url: str) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_context(
            accept_downloads=True, viewport={"width": 1400, "height": 2400}
        ).new_page()
        page.set_default_timeout(WAIT_MS)
        _sign_in(page, app_url, "marketer", "marketer-demo")
        _shot(page, "01-marketer-signed-in")
        chat = page.get_by_test_id("stChatInputTextArea")
        chat.fill(SEED_REQUEST)
        chat.press("Enter")
        count = _metric(page, "Audience size")
        assert count > 0
        _shot(page, "02-proposal-counted")
        page.get_by_role("button", name="Submit for review").click()
        page.get_by_text("for review; a reviewer must approve it").wait_for()
        _shot(page, "03-submitted")
        page.get_by_role("button", name="Sign out").click()
        _sign_in(page, app_url, "reviewer", "reviewer-demo")
        assert "session=" in page.url
        page.reload()  # a refresh keeps the signed-in session (its token is in the URL)
        page.get_by_text("Signed in as reviewer").wait_for(timeout=WAIT_MS)
        page.get_by_label("Comment").fill("Checked the perimeter and the size.")
        _shot(page, "04-review-queue")
        page.get_by_role("button", name="Approve", exact=True).click()
        page.get_by_text("Approved “").wait_for()
        _shot(page, "05-approved")
        page.get_by_role("button", name="Sign out").click()
        _sign_in(page, app_url, "marketer", "marketer-demo")
        page.get_by_role("link", name="Audiences").click()
        page.get_by_role("tab", name="Export").click()
        page.get_by_role("button", name="Export", exact=True).click()
        exported = _metric(page, "Exported contacts")
        _shot(page, "06-exported")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download the export").click()
        target = SHOTS / "export.csv"
        download_info.value.save_as(str(target))
        print(f"downloaded: {target}")
        browser.close()
    lines = [line for line in target.read_text().splitlines() if line.strip()]
    assert len(lines) - 1 == exported
    assert 0 < exported <= count
