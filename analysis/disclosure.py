"""Statistical disclosure control for published report tables.

A table that leaves the council must not let a reader pick out a child or family.
The rule (``interfaces.md``, "Published mode"): a count from 1 to 4 is shown as
``"c"`` (*primary* suppression), and so is any percentage made from one. That is not
enough on its own: with a row total shown, one hidden cell in the row is the total
minus the others. So further cells are hidden (*secondary* suppression) until no
hidden number can be worked out from what is shown.

How the secondary cells are found:

1. The group rule. Every :class:`~analysis.tables.Group` (cells adding up to a
   total) needs none or at least two hidden members; a group with exactly one gets
   its smallest non-zero shown cell hidden too (small cells lose the least
   information), else a zero, else its total. Counts that belong to a group but are
   never shown (``Group.hidden``) take part: one of 1 to 4 counts as hidden.
   Repeated until nothing changes, because each new hidden cell may leave another
   group (its column, say) with exactly one. A cell of a group adding up to 0 is
   never chosen: everyone can see it is 0.
2. An exact check. The group rule is the usual first pass, but it is not proof: two
   hidden cells can still be pinned down by the groups together (a hidden cell
   joining two otherwise separate rectangles of hidden cells, or hidden zeros that
   can only go up). So for every hidden number (and every hidden 1 to 4 that the
   table never shows) we ask what a reader who knows the shown numbers, the totals
   and that counts are never negative could conclude: we find the smallest and
   largest value it could take by linear programming (exact fractions, no scipy).
   If the two are equal it is disclosed, and we hide one more cell in a group it
   belongs to (chosen as in step 1), then go back to step 1.

Limits: the choices are greedy, so more cells may be hidden than the fewest that
would do. A small count whose groups have nothing else to hide (a lone cell whose
sum is published elsewhere) stays ``"c"`` but can still be worked out; tables
built with :func:`~analysis.tables.with_totals` always have something to hide.

Zeros are never suppressed for being zero: "nobody" points at no one. Percentages
are suppressed after the counts and never chosen as secondary cells.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from fractions import Fraction
from numbers import Number

import pandas as pd

from analysis.tables import SUPPRESSED, Cell, Group, Report, Table

METHOD_NOTE = (
    "To protect people's privacy, counts from 1 to 4 are shown as c, and so are "
    "percentages worked out from them. Some other numbers are also shown as c, so that "
    "a hidden number cannot be found by taking the numbers shown away from a total. "
    "Zero is shown, because a count of nobody cannot point to anyone."
)
METHOD_HEADING = "Protecting small numbers"


def is_small(value) -> bool:
    """A count from 1 to 4: the numbers that could identify someone."""
    count = _count(value)
    return count is not None and 1 <= count <= 4


def protect(table: Table) -> Table:
    """The table as it may be published: suppressed cells hold ``"c"``.

    The frame is copied; columns that gain a ``"c"`` become object dtype. Cells
    holding None or NaN are left as they are.
    """
    frame = table.frame
    values = _count_values(table)
    suppressed = {cell for cell, value in values.items() if is_small(value)}
    groups = [g for g in table.groups if g.cells or g.total is not None]
    # A cell of a group adding up to 0 is 0 for all to see: hiding it would hide nothing.
    unchoosable = {cell for g in groups if _total_value(g, values) == 0 for cell in g.cells}
    hopeless: set = set()
    while True:
        _apply_group_rule(groups, values, suppressed, unchoosable)
        disclosed = _disclosed(groups, values, suppressed, skip=hopeless)
        if disclosed is None:
            break
        extra = _choose(_groups_with(groups, disclosed), values, suppressed, unchoosable)
        if extra is None:  # nothing left to hide around it (not seen with with_totals groups)
            hopeless.add(disclosed)
        else:
            suppressed.add(extra)
    suppressed |= _percent_cells(table, suppressed)
    return table.replace(frame=_with_suppressed(frame, suppressed))


def protect_report(report: Report) -> Report:
    """Every table protected, marked published, with a note on the method."""
    tables = {key: protect(table) for key, table in report.tables.items()}
    return report.replace(tables=tables, published=True, notes=(*report.notes, (METHOD_HEADING, METHOD_NOTE)))


# --- reading the table -----------------------------------------------------------


def _count(value) -> int | None:
    """``value`` as a whole number, or None for text, None, NaN and fractions."""
    if isinstance(value, bool) or not isinstance(value, Number):
        return None
    try:
        if math.isnan(value) or value != int(value):
            return None
    except (TypeError, ValueError, OverflowError):
        return None
    return int(value)


def _count_values(table: Table) -> dict[Cell, int | None]:
    """Every count cell (outside percentage rows and columns) and its whole-number value."""
    frame = table.frame
    values = {}
    for i, row in enumerate(frame.index):
        if row in table.percent_rows:
            continue
        for j, column in enumerate(frame.columns):
            if column not in table.percent_columns:
                values[(row, column)] = _count(frame.iat[i, j])
    return values


def _value(values: dict[Cell, int | None], cell: Cell) -> int:
    """The value a cell adds to its group (a blank adds nothing)."""
    return values.get(cell) or 0


def _total_value(group: Group, values) -> int:
    """What the group adds up to, whether or not its total is in the table."""
    if group.total is not None:
        return _value(values, group.total)
    return sum(_value(values, c) for c in group.cells) + sum(group.hidden)


# --- secondary suppression: the group rule ---------------------------------------


def _apply_group_rule(groups: list[Group], values, suppressed: set, unchoosable: set) -> None:
    """Give every group none or at least two hidden members, until nothing changes.

    A group with a hidden 1 to 4 and no hidden shown cell also gets one: otherwise
    the hidden count is simply the total minus the cells shown.
    """
    changed = True
    while changed:
        changed = False
        for group in groups:
            shown_hidden = sum(1 for cell in _members(group) if cell in suppressed)
            small_hidden = sum(1 for value in group.hidden if 1 <= value <= 4)
            if shown_hidden + small_hidden == 1 or (small_hidden and not shown_hidden):
                extra = _choose([group], values, suppressed, unchoosable)
                if extra is not None:
                    suppressed.add(extra)
                    changed = True


def _members(group: Group) -> tuple[Cell, ...]:
    return group.cells if group.total is None else (*group.cells, group.total)


def _choose(groups: list[Group], values, suppressed: set, unchoosable: set) -> Cell | None:
    """The cell to hide next among these groups' shown cells: the smallest non-zero
    body cell, else a zero body cell, else a total; the first one on ties."""
    best, best_key = None, None
    order = 0
    for group in groups:
        for cell in _members(group):
            order += 1
            if cell in suppressed or cell in unchoosable or values.get(cell) is None:
                continue
            value = values[cell]
            key = (cell == group.total, value == 0, value, order)
            if best_key is None or key < best_key:
                best, best_key = cell, key
    return best


def _groups_with(groups: list[Group], target) -> list[Group]:
    """The groups a cell (or a never-shown count) is in."""
    if isinstance(target, _Hidden):
        return [groups[target.group]]
    return [g for g in groups if target in _members(g)]


# --- secondary suppression: the exact check --------------------------------------


@dataclass(frozen=True)
class _Hidden:
    """A count of a group that no table shows (its place in ``Group.hidden``)."""

    group: int
    position: int


def _disclosed(groups: list[Group], values, suppressed: set, skip=frozenset()):
    """The first hidden number a reader could work out exactly, or None.

    Unknowns are the suppressed cells and the never-shown counts; each group gives
    one equation. An unknown is disclosed when its least and greatest possible
    values (over non-negative reals; for tables of rows, columns and totals that is
    the same as over whole numbers) are equal. Never-shown counts of 5 or more may
    be worked out: only the small ones are checked.
    """
    unknowns: list = []
    index: dict = {}
    truth: list[int] = []

    def var(key, value):
        if key not in index:
            index[key] = len(unknowns)
            unknowns.append(key)
            truth.append(value)
        return index[key]

    equations = []
    for g, group in enumerate(groups):
        coefficients: dict[int, int] = {}
        rhs = 0
        for cell in group.cells:
            if cell in suppressed:
                coefficients[var(cell, _value(values, cell))] = 1
            else:
                rhs -= _value(values, cell)
        for position, value in enumerate(group.hidden):
            coefficients[var(_Hidden(g, position), value)] = 1
        if group.total is None:
            rhs += _total_value(group, values)
        elif group.total in suppressed:
            coefficients[var(group.total, _value(values, group.total))] = -1
        else:
            rhs += _value(values, group.total)
        if coefficients:
            equations.append((coefficients, rhs))

    targets = [
        k for k, key in enumerate(unknowns) if key not in skip and (not isinstance(key, _Hidden) or 1 <= truth[k] <= 4)
    ]
    if not targets:
        return None
    lp = _LinearProgram(equations, len(unknowns))
    free: set[int] = set()  # unknowns shown to be able to change
    for k in targets:
        for sense in (1, -1):
            if k in free:
                break
            point = lp.optimum(k, sense)
            if point is None:  # unbounded: it can certainly change
                free.add(k)
            else:
                free.update(j for j, x in enumerate(point) if x != truth[j])
        if k not in free:
            return unknowns[k]
    return None


class _LinearProgram:
    """``A x = b, x >= 0`` by the simplex method in exact fractions (Bland's rule, so it
    cannot cycle). Phase one (finding a starting vertex) is done once; each call to
    :meth:`optimum` then maximises or minimises one unknown from there."""

    def __init__(self, equations: list[tuple[dict[int, int], int]], n: int):
        self.n = n
        m = len(equations)
        rows = []
        for i, (coefficients, rhs) in enumerate(equations):
            sign = -1 if rhs < 0 else 1
            row = [Fraction(0)] * (n + m + 1)
            for j, a in coefficients.items():
                row[j] = Fraction(sign * a)
            row[n + i] = Fraction(1)  # artificial unknown
            row[-1] = Fraction(sign * rhs)
            rows.append(row)
        basis = [n + i for i in range(m)]
        objective = [Fraction(0)] * n + [Fraction(1)] * m + [Fraction(0)]  # maximise -sum(artificials)
        for row in rows:
            objective = [o - r for o, r in zip(objective, row, strict=True)]
        _simplex(rows, basis, objective, n + m)
        if objective[-1] != 0:
            raise ValueError("the groups of this table do not add up")
        keep = []
        for i in range(m):  # drive artificial unknowns out of the basis; drop redundant equations
            if basis[i] >= n:
                column = next((j for j in range(n) if rows[i][j] != 0), None)
                if column is None:
                    continue
                _pivot(rows, [objective], i, column)
                basis[i] = column
            keep.append(i)
        self.rows = [rows[i] for i in keep]
        self.basis = [basis[i] for i in keep]

    def optimum(self, k: int, sense: int) -> list[Fraction] | None:
        """A vertex maximising ``sense * x[k]``, or None if there is no maximum."""
        rows = [list(row) for row in self.rows]
        basis = list(self.basis)
        objective = [Fraction(0)] * len(rows[0]) if rows else [Fraction(0)] * (self.n + 1)
        objective[k] = Fraction(-sense)
        for i, b in enumerate(basis):
            if objective[b] != 0:
                factor = objective[b]
                objective = [o - factor * r for o, r in zip(objective, rows[i], strict=True)]
        if not _simplex(rows, basis, objective, self.n):
            return None
        point = [Fraction(0)] * self.n
        for i, b in enumerate(basis):
            point[b] = rows[i][-1]
        return point


def _pivot(rows: list[list[Fraction]], others: list[list[Fraction]], r: int, c: int) -> None:
    pivot_row = rows[r]
    p = pivot_row[c]
    if p != 1:
        pivot_row[:] = [v / p for v in pivot_row]
    for row in (*rows, *others):
        if row is not pivot_row and row[c] != 0:
            factor = row[c]
            row[:] = [v - factor * w for v, w in zip(row, pivot_row, strict=True)]


def _simplex(rows, basis, objective, entering_limit: int) -> bool:
    """Maximise ``objective`` (held as minus the reduced costs, value last) over a
    tableau in canonical form, letting only columns below ``entering_limit`` enter.
    Returns False when unbounded."""
    while True:
        column = next((j for j in range(entering_limit) if objective[j] < 0), None)
        if column is None:
            return True
        best = None
        for i, row in enumerate(rows):
            if row[column] > 0:
                key = (row[-1] / row[column], basis[i])
                if best is None or key < best[0]:
                    best = (key, i)
        if best is None:
            return False
        _pivot(rows, [objective], best[1], column)
        basis[best[1]] = column


# --- percentages and writing out -------------------------------------------------


def _percent_cells(table: Table, suppressed: set) -> set[Cell]:
    """Percentages made from a suppressed count (or from a Series count of 1 to 4).

    A percentage gives its count away when the denominator is shown, so it goes
    with its count. Percentages are never used as secondary cells.
    """
    frame = table.frame
    out = set()

    def hides(source, cell: Cell, key: Hashable) -> bool:
        if isinstance(source, pd.Series):
            return is_small(source.get(key))
        return cell in suppressed

    for column, sources in table.percent_columns.items():
        for row in frame.index:
            if any(hides(s, (row, s), row) for s in sources):
                out.add((row, column))
    for row, sources in table.percent_rows.items():
        for column in frame.columns:
            if any(hides(s, (s, column), column) for s in sources):
                out.add((row, column))
    return out


def _with_suppressed(frame: pd.DataFrame, cells: set[Cell]) -> pd.DataFrame:
    """A copy of ``frame`` with ``"c"`` in these cells, except those holding None/NaN."""
    out = frame.copy()
    by_position = []
    for row, column in cells:
        i, j = frame.index.get_loc(row), frame.columns.get_loc(column)
        value = frame.iat[i, j]
        if pd.api.types.is_scalar(value) and pd.isna(value):
            continue
        by_position.append((i, j))
    for j in sorted({j for _, j in by_position}):
        if not pd.api.types.is_object_dtype(out.dtypes.iloc[j]):
            out.isetitem(j, out.iloc[:, j].astype(object))
    for i, j in by_position:
        out.iat[i, j] = SUPPRESSED
    return out
