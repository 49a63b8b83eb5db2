"""The few places where the app touches anything that could identify a person.

Anonymity is the promise: no IP address, user agent or precise time is stored or
logged. The rate limiter still needs to tell clients apart for a few minutes, so
it is given a keyed hash of the address that changes every day; the address
itself never leaves memory, even when limits are kept in Redis.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, request

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today's date in England: the only time a response records."""
    return datetime.now(LONDON).date()


def anonymous_client_key() -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"{today().isoformat()}|{request.remote_addr or ''}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


class DropRequestLines(logging.Filter):
    """Werkzeug's development server logs each request as
    ``ADDRESS - - [EXACT TIME] "REQUEST" STATUS``; those lines are dropped,
    everything else (start-up messages, errors) is kept."""

    REQUEST_LINE = re.compile(r"^\S* - - \[")

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.REQUEST_LINE.match(str(record.msg))


def quiet_request_logs() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropRequestLines) for f in logger.filters):
        logger.addFilter(DropRequestLines())
