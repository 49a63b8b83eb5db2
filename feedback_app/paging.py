"""The page number a person asked for in ``?page=``, made safe to hand to a query.

A page number comes from the address bar, so it can be anything: ``abc``, ``-1``,
``1e9`` or ``99999999999999999999`` (whose offset no database can take: a 500).
"""

from __future__ import annotations

import re

from flask import abort, request

#: No staff list is anywhere near this long; past it, a page is as empty as the one after the last.
MAX_PAGE = 10_000
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_DIGITS = re.compile(r"[0-9]+")


def requested_page(max_page: int = MAX_PAGE) -> int:
    """``?page=`` as a whole number from 1 to ``max_page``: page 1 for anything that is not a
    whole number, and ``max_page`` for one past it."""
    raw = request.args.get("page", "")
    if not _WHOLE_NUMBER.fullmatch(raw):
        return max_page if _DIGITS.fullmatch(raw) else 1  # all digits but too long: past the end
    return min(max(int(raw), 1), max_page)


def existing_page(last_page: int) -> int:
    """``?page=`` for a list whose pages must exist (the comments page): a whole number from 1
    to ``last_page``, page 1 when none is given, and Not found (404) for anything else."""
    raw = request.args.get("page", "")
    if raw == "":
        return 1
    if not _WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= last_page:
        abort(404)
    return int(raw)
