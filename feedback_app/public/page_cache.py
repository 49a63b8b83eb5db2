"""Blank questionnaire pages, drawn once per process.

Drawing a questionnaire through the GOV.UK Frontend macros costs about 20 ms of
CPU, most of what the server does under load (see bench/README.md). A blank form
is the same for everyone but for its CSRF token and its language, so the first
drawing in each language is kept with the token swapped for a marker, and each
request gets a copy with its own token.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_wtf.csrf import generate_csrf

from feedback_app.i18n import current_language

MARKER = "\x00csrf-token\x00"  # cannot occur in HTML the templates produce


def blank_page(draw: Callable[[], str]) -> str:
    """The page ``draw`` makes for a blank form, drawn only the first time it is asked for."""
    if current_app.debug or current_app.config.get("TEMPLATES_AUTO_RELOAD"):
        return draw()  # while templates are being edited, always draw afresh
    # The same token FlaskForm puts in the form (one per session, kept in flask.g for the request).
    token = generate_csrf()
    pages: dict[tuple[str, str], str] = current_app.extensions.setdefault("blank_pages", {})
    # The language list links to this page with each ?lang=; other query arguments change nothing drawn.
    key = (request.path, current_language())
    page = pages.get(key)
    if page is None:
        html = draw()
        if html.count(token) != 1:
            return html  # not the page this cache knows how to reuse: never guess
        page = pages[key] = html.replace(token, MARKER)
    return page.replace(MARKER, token)
