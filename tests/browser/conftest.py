"""Browser test fixtures: the app on a live server, Debian's Chromium through Playwright,
watched pages, and axe-core.

Every page a test opens is watched: a Content-Security-Policy violation, a JavaScript
error, any other console error or a request to a host other than the live server fails
the test (third-party requests are also blocked, so nothing leaves the machine).

Chromium is Debian's (``apt-get install chromium``), not Playwright's download. Without
it the browser tests skip and say why, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, Route, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LIVE_HOST = "127.0.0.1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

#: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_AXE = Axe()
#: Contexts with JavaScript off: axe-core cannot run there (its timers never fire).
_WITHOUT_JAVASCRIPT: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


# --- the app on a live server ----------------------------------------------------------

def closing_each_response(app):
    """The WSGI app with each response's iterable closed as soon as it is used up or dropped.

    Werkzeug's development server closes a response only after draining the request
    body; when Chromium resets a connection it no longer needs (a favicon, a page left
    mid-load), that drain raises and ``close()`` is skipped, so a static file stays open
    until garbage collection and its ResourceWarning fails whichever test is running.
    A generator's ``finally`` runs on exhaustion and when it is dropped, so the file is
    always closed by us, never by the collector.
    """
    def serve(environ, start_response):
        iterable = app(environ, start_response)
        try:
            yield from iterable
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
    return serve


@pytest.fixture(scope="session")
def live_server(migrated_app) -> Iterator[str]:
    """The session's app served on 127.0.0.1 on a free port; yields its base URL."""
    server = make_server(LIVE_HOST, 0, closing_each_response(migrated_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://{LIVE_HOST}:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# --- the browser -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = (f"Chromium not found at {CHROMIUM}: install Debian's (apt-get install -y chromium) "
                  "or set CHROMIUM_PATH")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests must run under CI", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What went wrong on the pages of one browser context."""

    problems: list[str] = field(default_factory=list)
    #: Console errors that a test expects (substrings), e.g. the 404 page's own status.
    expected: list[str] = field(default_factory=list)

    def _problem(self, text: str) -> None:
        if not any(allowed in text for allowed in self.expected):
            self.problems.append(text)

    def console(self, page: Page, message: ConsoleMessage) -> None:
        text = message.text
        if "Content-Security-Policy" in text or "Content Security Policy" in text:
            self.problems.append(f"CSP violation on {page.url}: {text}")  # never expected
        elif message.type == "error":
            self._problem(f"console error on {page.url}: {text}")

    def page_error(self, page: Page, error: Exception) -> None:
        self.problems.append(f"JavaScript error on {page.url}: {error}")

    def request(self, route: Route, request: Request) -> None:
        self.problems.append(f"third-party request: {request.method} {request.url}")
        route.abort("blockedbyclient")

    def request_failed(self, request: Request) -> None:
        # ERR_ABORTED: the browser dropped a load when the page moved on (a favicon, say).
        if not _third_party(request.url) and request.failure != "net::ERR_ABORTED":
            self._problem(f"request failed: {request.method} {request.url}: {request.failure}")

    def response(self, page: Page, response: Response) -> None:
        if response.status >= 400:
            self._problem(f"HTTP {response.status} for {response.url} (on {page.url})")


def _third_party(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != LIVE_HOST


@dataclass
class Pages:
    """Opens watched pages in new browser contexts; checks them all at the end of the test."""

    browser: Browser
    base_url: str
    contexts: list[tuple[BrowserContext, PageWatch]] = field(default_factory=list)
    watches: dict[Page, PageWatch] = field(default_factory=dict)

    def new_page(self, **context_options) -> Page:
        context = self.browser.new_context(base_url=self.base_url, **context_options)
        if context_options.get("java_script_enabled") is False:
            _WITHOUT_JAVASCRIPT.add(context)
        context.set_default_timeout(10_000)
        watch = PageWatch()
        context.route(_third_party, watch.request)
        self.contexts.append((context, watch))
        page = context.new_page()
        page.on("console", lambda message: watch.console(page, message))
        page.on("pageerror", lambda error: watch.page_error(page, error))
        page.on("requestfailed", watch.request_failed)
        page.on("response", lambda response: watch.response(page, response))
        self.watches[page] = watch
        return page

    def expect_error(self, page: Page, text: str) -> None:
        """A console error or failed response containing ``text`` is expected on ``page``."""
        self.watches[page].expected.append(text)

    def close(self) -> list[str]:
        problems = []
        for context, watch in self.contexts:
            context.close()
            problems.extend(watch.problems)
        return problems


@pytest.fixture
def pages(browser, live_server) -> Iterator[Pages]:
    """A factory of watched pages, each in its own context: ``pages.new_page(java_script_enabled=False)``."""
    opened = Pages(browser, live_server)
    yield opened
    problems = opened.close()
    assert not problems, "Problems in the browser:\n" + "\n".join(problems)


@pytest.fixture
def page(pages) -> Page:
    """A watched page in a fresh browser context, with the live server as its base URL."""
    return pages.new_page()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- checks ----------------------------------------------------------------------------

def axe_violations(page: Page) -> list[dict]:
    if page.context in _WITHOUT_JAVASCRIPT:
        raise RuntimeError("axe-core needs JavaScript: check this page in a context with JavaScript on")
    return _AXE.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
                         .replace("\n", " "))
    return "\n".join(lines)


def assert_accessible(page: Page, what: str = "") -> None:
    """axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules finds nothing on the page."""
    violations = axe_violations(page)
    assert not violations, (f"{len(violations)} axe-core violation(s) on {what or page.url} ({page.url}):\n"
                            + describe_violations(violations))


HEADINGS_SCRIPT = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => h.getClientRects().length > 0 || h.closest('.govuk-visually-hidden'))
  .map((h) => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, ' ')])"""


def assert_headings_in_order(page: Page, what: str = "") -> None:
    """One h1, and no heading level skipped on the way down (h2 then h4, say)."""
    headings = page.evaluate(HEADINGS_SCRIPT)
    levels = [level for level, _ in headings]
    assert levels.count(1) == 1, f"{what or page.url}: expected one h1, got {headings}"
    skipped = [(previous, heading) for previous, heading in zip(headings, headings[1:], strict=False)
               if heading[0] > previous[0] + 1]
    assert not skipped, f"{what or page.url}: heading levels skipped: {skipped}"


def check_page(page: Page, what: str = "") -> None:
    assert_accessible(page, what)
    assert_headings_in_order(page, what)
