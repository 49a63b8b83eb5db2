"""Cell values as the file writers store them, and the one guard against formula
injection that the CSV and XLSX writers share.

A table cell holds a count (an integer, perhaps a numpy one or a float with no
fraction), a percentage from 0 to 100, ``None``/NaN where there is nothing to show,
or the string ``"c"`` once protected. :func:`plain_value` turns any of them into a
plain Python value: ``int`` for counts, ``float`` rounded to 1 decimal place for
percentages, ``None``, or text.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from analysis.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""

PERCENT_DECIMALS = 1


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet could take it for a
    formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return).
    Only ever given text: numbers, negative ones too, are written as numbers."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def is_missing(value) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and ``NaT``."""
    if value is None:
        return True
    if isinstance(value, str | tuple | list):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_percent_cell(table: Table, row: Hashable, column: Hashable) -> bool:
    """Whether the cell at ``row``, ``column`` holds a percentage."""
    return _has(table.percent_columns, column) or _has(table.percent_rows, row)


def _has(mapping: dict, key: Hashable) -> bool:
    try:
        return key in mapping
    except TypeError:  # an unhashable label
        return False


def plain_value(value, *, is_percent: bool = False):
    """``value`` as ``None``, ``int``, ``float`` (percentages rounded to 1 dp), ``bool``
    or ``str``; numpy and Decimal numbers become Python ones."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        number = float(value)
        if math.isinf(number):
            return None
        if is_percent:
            return round(number, PERCENT_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
        if number.is_integer():
            return int(number)
        return number
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def plain_label(label):
    """A row or column label as a plain Python value (a tuple for a two-level one)."""
    if isinstance(label, tuple):
        return tuple(plain_label(part) for part in label)
    return plain_value(label)


def label_text(label) -> str:
    """One level of a label as text (for a header cell or a CSV field)."""
    value = plain_label(label)
    if value is None:
        return ""
    return str(value)


def header_rows(table: Table) -> list[list]:
    """The table's column header as rows of plain labels, without the index column:
    one row, or one per level of a MultiIndex."""
    columns = table.frame.columns
    levels = columns.nlevels
    if levels == 1:
        return [[plain_label(column) for column in columns]]
    return [[plain_label(column[level]) for column in columns] for level in range(levels)]


def body_rows(table: Table) -> list[tuple[object, list]]:
    """(row label, plain values) for each row of the table, percentages rounded."""
    frame = table.frame
    columns = list(frame.columns)
    percent_columns = [_has(table.percent_columns, column) for column in columns]
    rows = []
    for row, values in zip(frame.index, frame.to_numpy(dtype=object), strict=True):
        row_is_percent = _has(table.percent_rows, row)
        rows.append(
            (
                row,
                [plain_value(value, is_percent=row_is_percent or percent_columns[i]) for i, value in enumerate(values)],
            )
        )
    return rows


def index_header(table: Table) -> str:
    """The heading of the index column: the index's name, or nothing."""
    names = [name for name in table.frame.index.names if name is not None]
    return " / ".join(label_text(name) for name in names)
