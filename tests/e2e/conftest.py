"""Browser tests: a live server on the test's database, driven by Chromium.

Chromium comes from the system (/usr/bin/chromium), not from ``playwright install``.
Database setup goes through the ``factory`` fixture *before* the page navigates:
Playwright's sync API runs an event loop in this thread while a page is open.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; browser tests need it")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # English UI, Jakarta clock: what the assertions below read.
    return {**browser_context_args, "locale": "en-US", "timezone_id": "Asia/Jakarta"}


@pytest.fixture
def live_server(app_factory, app):
    """Base URL of the app served from a thread, with CSRF protection on (as in production).

    Depends on ``app`` so that the factory fixture writes to the same database."""
    server_app = app_factory(WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture
def console_messages(page):
    """Every console message of the page (CSP violations are reported there)."""
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: messages.append(f"pageerror: {err}"))
    return messages


@pytest.fixture
def csp_clean(console_messages):
    """Fails the test if the browser reported a Content-Security-Policy violation or a
    JavaScript error."""
    yield console_messages
    problems = [
        m for m in console_messages
        if "Content Security Policy" in m or "Refused to" in m or m.startswith("pageerror")
    ]
    assert problems == []


@pytest.fixture
def login_page(page, live_server, factory):
    """``login_page(user)``: log ``page`` in through the real login form."""

    def do_login(user):
        page.goto(f"{live_server}/login")
        page.fill("#username", user.username)
        page.fill("#password", factory.PASSWORD)
        page.click("main #submit")
        page.wait_for_load_state()
        assert "/login" not in page.url, page.content()[:2000]
        return user

    return do_login


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
