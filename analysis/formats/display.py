"""Cells and labels for people to read: the printed report and the web pages.

Files meant for further analysis (JSON, CSV, XLSX) keep numbers as numbers; these
turn them into text: ``1,234``, ``70%``, ``<1%``, ``c``, and an en dash where there
is nothing to show.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from analysis.formats.cells import is_missing, is_percent_cell, plain_value
from analysis.tables import Table

__all__ = ["MISSING", "display_label", "format_cell", "is_percent_cell"]

MISSING = "\u2013"
"""What an empty cell shows (an en dash)."""

LABEL_SEPARATOR = " \u2013 "


def format_cell(value, *, is_percent: bool) -> str:
    """A cell as text: counts with thousands separators (``1,234``), percentages as
    whole numbers (``70%``, and ``<1%`` for one above 0 but below 1, as the seed
    reports print 1 in 116), ``c``
    unchanged, and an en dash for ``None`` or NaN."""
    if is_missing(value):
        return MISSING
    if isinstance(value, str):
        return value
    number = plain_value(value)
    if isinstance(number, bool) or not isinstance(number, int | float):
        return str(number)
    if math.isinf(number):
        return MISSING
    if is_percent:
        if 0 < number < 1:
            return "<1%"
        return f"{_round_half_up(number):,}%"
    if isinstance(number, int):
        return f"{number:,}"
    return f"{number:,.1f}"


def _round_half_up(number: float) -> int:
    """70.5 -> 71 (Python's round() would give 70 for 70.5's neighbours by parity)."""
    return int(math.floor(abs(number) + 0.5)) * (1 if number >= 0 else -1)


def display_label(table: Table, label: Hashable) -> str:
    """A row or column label as readers see it: the table's ``display_index`` entry
    when it has one, and a two-level label's parts joined with an en dash."""
    mapping = table.display_index
    try:
        if label in mapping:
            return str(mapping[label])
    except TypeError:  # an unhashable label
        pass
    if isinstance(label, tuple):
        parts = [display_label(table, part) for part in label]
        return LABEL_SEPARATOR.join(part for part in parts if part)
    if is_missing(label):
        return ""
    return str(plain_value(label))
