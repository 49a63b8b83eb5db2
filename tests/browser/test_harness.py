"""The browser checks themselves: they must be able to fail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Pages, assert_accessible, assert_headings_in_order, closing_each_response

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_its_rule_and_element(page):
    page.set_content('<html lang="en"><title>Test</title><main><h1>Test</h1><img src="data:,"></main></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "a page with a picture without a text alternative")
    assert "image-alt" in str(failure.value) and "img" in str(failure.value)


def test_headings_that_skip_a_level_are_reported(page):
    page.set_content('<html lang="en"><title>Test</title><main><h1>One</h1><h3>Three</h3></main></html>')
    with pytest.raises(AssertionError, match="skipped"):
        assert_headings_in_order(page)


def test_csp_violations_javascript_errors_and_third_party_requests_are_caught(browser, live_server):
    pages = Pages(browser, live_server)
    try:
        page = pages.new_page()
        page.goto("/privacy")
        page.evaluate("""() => {
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.head.append(script);
        }""")
        page.evaluate("setTimeout(() => { throw new Error('deliberate'); })")
        page.wait_for_timeout(100)
        other = pages.new_page()
        other.set_content('<img src="https://example.com/tracker.png" alt="">')
        other.wait_for_timeout(100)
    finally:
        problems = pages.close()
    assert any(p.startswith("CSP violation") and "script-src" in p for p in problems), problems
    assert any(p.startswith("JavaScript error") and "deliberate" in p for p in problems), problems
    assert any(p.startswith("third-party request") and "example.com" in p for p in problems), problems


class _FileLikeResponse:
    """A response iterable that, like Flask's file responses, must be closed."""

    def __init__(self):
        self.closed = False

    def __iter__(self):
        yield b"first"
        yield b"second"

    def close(self):
        self.closed = True


@pytest.mark.parametrize("chunks_read", [1, 2])
def test_the_live_server_closes_a_response_used_up_or_dropped_part_way(chunks_read):
    response = _FileLikeResponse()
    served = closing_each_response(lambda environ, start_response: response)({}, None)
    for _ in range(chunks_read):
        next(served)
    if chunks_read == 2:
        assert next(served, None) is None, "the response has only two chunks"
        assert response.closed, "a used-up response is closed before the server's own clean-up"
    del served
    assert response.closed, "a response dropped part way is closed"
