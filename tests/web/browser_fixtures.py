"""Fixtures for the browser tests: one live server and one Chromium per test session.

The workbench is served by uvicorn in a background thread on 127.0.0.1 (a free
port), and driven by Playwright's sync API through Debian's chromium (never a
browser Playwright downloads). Each test gets new browser contexts from
:class:`Browsing`, which watches every page it makes: a console error, an uncaught
page error, a dialog, or a request to any address but the app's own origin is a
problem, and the test fails after it has run if there is one.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from web_world import PASSWORD, WebWorld

from boundline.web import WebSettings, create_app

__all__ = ["Browsing", "browser", "browsing", "live_server", "page", "screenshots"]

CHROMIUM = Path("/usr/bin/chromium")
#: Playwright's wait for anything on a page (ms). The app is local, but on CI's two
#: cores a browser test runs beside a Spark test, and opening a pair computes its
#: figures cold (2.6 to 5.3 s on a quiet machine, over 10 s seen under that load).
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def live_server(web_world: WebWorld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workbench on a copy of the test world's store, on 127.0.0.1; yields its base URL.

    A copy, so that what the browser tests decide (a dismissal, a new case) is theirs
    alone, whichever other web tests run before or after them.
    """
    store = tmp_path_factory.mktemp("browser") / "store"
    shutil.copytree(web_world.store, store)
    app = create_app(WebSettings(store=store))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="workbench", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            pytest.fail("the workbench's uvicorn server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "the workbench's uvicorn server did not stop"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (one for the whole session)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    expect.set_options(timeout=TIMEOUT_MS)  # assertions wait as long as actions
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the browser tests put their screenshots in (printed)."""
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nbrowser screenshots: {folder}")  # noqa: T201 - where to look, on purpose
    return folder


class Browsing:
    """New watched pages, each in its own browser context, and their screenshots."""

    def __init__(self, browser: Browser, base: str, folder: Path) -> None:
        self.browser = browser
        self.base = base
        self.folder = folder
        self.contexts: list[BrowserContext] = []
        #: Everything that must not happen: console errors, page errors, dialogs.
        self.problems: list[str] = []
        #: Requests to any address but the app's own origin.
        self.foreign: list[str] = []
        #: The messages of the dialogs that opened (each is dismissed at once).
        self.dialogs: list[str] = []
        #: Refusals a test provokes on purpose, as (path, status): Chromium logs every
        #: 4xx page as a console error. Each must happen (checked after the test).
        self.refusals: dict[tuple[str, int], int] = {}

    def expect_refusal(self, path: str, status: int) -> None:
        """Say that the next page of ``path`` is refused with ``status`` on purpose."""
        self.refusals.setdefault((path, status), 0)

    def new_page(self, javascript: bool = True) -> Page:
        """A page in a new context (no cookies shared with any other page), watched."""
        context = self.browser.new_context(
            base_url=self.base,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            for (path, status), seen in self.refusals.items():
                if where == self.base + path and f"status of {status} " in message.text:
                    self.refusals[path, status] = seen + 1
                    return
            self.problems.append(f"console error: {message.text} ({where})")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.base + "/"):
            self.foreign.append(request.url)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        self.problems.append(f"a {dialog.type} dialog opened: {dialog.message!r}")
        with contextlib.suppress(PlaywrightError):  # the page may already be gone
            dialog.dismiss()

    def sign_in(self, page: Page, username: str, password: str = PASSWORD) -> None:
        """Fill in and send the sign-in form on ``page`` as a person would."""
        page.goto("/signin")
        page.fill("#username", username)
        page.fill("#password", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

    def shot(self, page: Page, step: str) -> Path:
        """A full-page screenshot named after the step, e.g. ``analyst-queue.png``."""
        path = self.folder / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        """Close every context this made."""
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def browsing(browser: Browser, live_server: str, screenshots: Path) -> Iterator[Browsing]:
    """New watched pages for one test; after it, fail on anything the pages did wrong."""
    made = Browsing(browser, live_server, screenshots)
    try:
        yield made
    finally:
        made.close()
    wrong = list(made.problems)
    wrong += [f"a request left the app's origin: {url}" for url in made.foreign]
    wrong += [
        f"expected a {status} on {path}, which did not happen"
        for (path, status), seen in made.refusals.items()
        if not seen
    ]
    assert not wrong, "the browser saw what must not happen:\n" + "\n".join(wrong)


@pytest.fixture
def page(browsing: Browsing) -> Page:
    """A watched page in a new browser context (checked after the test by ``browsing``)."""
    return browsing.new_page()
