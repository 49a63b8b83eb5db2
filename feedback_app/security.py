"""Security headers on every response, with a Content-Security-Policy the pages satisfy.

The only inline script is GOV.UK Frontend's one line that marks the page as
having JavaScript; it is allowed by its hash, so no other inline script can run.
"""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response, abort, request
from werkzeug.routing import IntegerConverter

GOVUK_INLINE_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? "
    "' govuk-frontend-supported' : '');"
)


def script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    f"script-src 'self' {script_hash(GOVUK_INLINE_SCRIPT)}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Invitation codes travel in URLs: never send a URL on to another site.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


_LOWER_HEADERS = [(name.lower(), name, value) for name, value in HEADERS.items()]


def add_security_headers(response: Response) -> Response:
    """Each header unless the view set its own. One pass over the response's headers instead
    of ``setdefault`` for each (which scans them three times and builds a KeyError when the
    header is missing, as it nearly always is): this runs on every response."""
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    for lower, name, value in _LOWER_HEADERS:
        if lower not in present:
            headers.add(name, value)
    if "cache-control" not in present and (request.endpoint != "static" or response.mimetype == "text/html"):
        # Answers on a shared phone or library computer must not come back with the Back button,
        # and nor may a downloaded report, a sheet of invitation codes or a paper form.
        headers.add("Cache-Control", "no-store")
    return response


def refuse_json_bodies() -> None:
    """Every form here is an HTML form. Flask-WTF would read a JSON body as the form's
    data and fail on one that is not an object (``0``, ``[1]``): a 500 found by the fuzz
    test. Nothing here takes JSON, so such a request is refused before any form sees it."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.is_json:
        abort(415)


def refuse_nul_in_the_address() -> None:
    """No page takes a NUL character in its path or query, and PostgreSQL refuses one in
    any text it is asked to compare ("text fields cannot contain NUL"): such an address
    is a bad request, not a server error (found by the staff fuzz test). Staff pages check it
    after sign-in and access, so a page still says 403 to a role it is not for, whatever was typed."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                       for key, value in request.args.items(multi=True)):
        abort(400)


class BoundedInteger(IntegerConverter):
    """``<int:...>`` in a route matches only numbers a database integer column can hold, so
    ``/staff/users/99999999999999999999`` is Not found instead of an overflow in the query."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_security(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInteger
    app.before_request(refuse_json_bodies)
    app.after_request(add_security_headers)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.after_request(_strict_transport)


def _strict_transport(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
