"""Blank forms are drawn once, but every visitor still gets their own CSRF token."""

from __future__ import annotations

from tests.helpers import CSRF, count_rows, submit


def _page_and_token(client, url):
    html = client.get(url).get_data(as_text=True)
    return html, CSRF.search(html).group(1)


def test_each_visitor_gets_their_own_token_in_an_otherwise_identical_page(app):
    first, second = app.test_client(), app.test_client()
    page_one, token_one = _page_and_token(first, "/q/fgc-family")
    page_two, token_two = _page_and_token(second, "/q/fgc-family")
    assert token_one != token_two
    assert page_one.replace(token_one, "T") == page_two.replace(token_two, "T")
    assert ("/q/fgc-family", "en") in app.extensions["blank_pages"]
    for client in (first, second):
        assert submit(client, "/q/fgc-family", {"fgc_useful": "yes"}).status_code == 303
    assert count_rows(app)["responses"] == 2


def test_a_page_with_errors_or_answers_is_never_taken_from_the_cache(app, client):
    client.get("/q/fgc-family")
    response = submit(client, "/q/fgc-family", {"fgc_useful": "sideways"})
    assert "There is a problem" in response.get_data(as_text=True)
    assert "There is a problem" not in client.get("/q/fgc-family").get_data(as_text=True)


def test_the_paged_first_step_is_cached_too(app):
    page_one, token_one = _page_and_token(app.test_client(), "/q/fgc-family/paged")
    page_two, token_two = _page_and_token(app.test_client(), "/q/fgc-family/paged")
    assert token_one != token_two and "Question 1 of" in page_two
    assert page_one.replace(token_one, "T") == page_two.replace(token_two, "T")
