"""The page number a person asked for in ``?page=``, made safe to hand to a query; and a page of a
list ordered in Python, shaped like Flask-SQLAlchemy's pagination for the pagination macro.

A page number comes from the address bar, so it can be anything: ``abc``, ``-1``,
``1e9`` or ``99999999999999999999`` (whose offset no database can take: a 500).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

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


@dataclass(frozen=True)
class SlicedPage:
    """One page of a list worked out in Python (an order or filter the database does not hold),
    with what the pagination macro asks of Flask-SQLAlchemy's pages."""

    items: list
    page: int
    total: int
    per_page: int

    @classmethod
    def of(cls, ordered: Sequence, page: int, per_page: int) -> SlicedPage:
        return cls(list(ordered[(page - 1) * per_page:page * per_page]), page, len(ordered), per_page)

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return min(self.page - 1, self.pages)  # from past the end, back to the last page

    @property
    def next_num(self) -> int:
        return self.page + 1
