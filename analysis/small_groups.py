"""Small groups inside a table, on every staff page and in every download.

A staff member who can read "Black: 2 responses, Positive % 50" has learned what two
people they may well know answered. So in every table whose rows are groups of
people (:attr:`analysis.tables.Table.respondent_groups`: responses by version,
meeting type, team, About you group; FGC referrals by aim), a group with fewer than
the deployment's ``min_responses_shown`` respondents keeps its count and shows
``"c"`` for everything else in its row (percentages and answer counts).

One withheld group is not enough on its own: the whole selection's figures are shown
(it has at least the minimum), so the whole minus the groups shown would give the
withheld group away. So when the withheld groups of a table add up to fewer than the
minimum, the next smallest groups are withheld too, until the withheld ones together
reach the minimum or all are withheld. People in no row (who left an About you
question blank) are such a group as well: the whole minus every row shown would be
them, so they count as withheld from the start. A group of nobody (0) is never withheld: it
points at no one and hides nothing.

Tables of the whole selection (``overall``, ``question_summary``, ``answers_<id>``)
are left alone: the selection itself is checked against the minimum before any
report is made (``feedback_app/reports/service.py``).

Published mode (:mod:`analysis.disclosure`) applies its own rules on top. The rows
to withhold are worked out from the counts as counted, before published mode hides
any of them, so neither rule sees the other's ``"c"``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.disclosure import protect_report
from analysis.tables import SUPPRESSED, Report, Table

#: The row of the ``overall`` table that counts the selection's responses (analysis.satisfaction).
OVERALL_RESPONSES = "Responses"

NOTE_HEADING = "Small groups"


def note(minimum: int) -> str:
    return (f"A group (a team, a type of meeting, a version of the questionnaire, an About you answer) with "
            f"fewer than {minimum} responses shows only how many there were; its other figures are shown as c. "
            f"Where the groups shown as c would together have fewer than {minimum} responses, the next smallest "
            f"groups are shown as c too, so that they cannot be worked out from the totals; people who left "
            f"an About you question blank count as such a group.")


def rows_to_withhold(table: Table, minimum: int, unplaced: int = 0) -> list[Hashable]:
    """The rows of ``table`` whose figures (all but their count) must not be shown.

    ``unplaced``: respondents of the selection in none of its rows (who left an About
    you question blank). The whole selection minus the rows shown would show their
    answers, so they count as a withheld group from the start."""
    if table.respondent_groups is None:
        return []
    sizes = {row: _size(value) for row, value in table.frame[table.respondent_groups].items()}
    withheld = [row for row, size in sizes.items() if 0 < size < minimum]
    if not withheld and not 0 < unplaced < minimum:
        return []
    # Secondary: the next smallest groups, until the withheld ones together reach the minimum.
    others = sorted((row for row, size in sizes.items() if size >= minimum), key=lambda row: sizes[row])
    while others and unplaced + sum(sizes[row] for row in withheld) < minimum:
        withheld.append(others.pop(0))
    return withheld


def withhold(table: Table, rows: list[Hashable]) -> Table:
    """``table`` with ``"c"`` in every cell of ``rows`` except their count. A blank
    percentage is withheld too: "nobody in this group answered" is an answer."""
    if not rows:
        return table
    frame = table.frame.copy()
    columns = [column for column in frame.columns if column != table.respondent_groups]
    for column in columns:
        if not pd.api.types.is_object_dtype(frame[column].dtype):
            frame[column] = frame[column].astype(object)
        for row in rows:
            frame.at[row, column] = SUPPRESSED
    return table.replace(frame=frame)


def protect_small_groups(report: Report, minimum: int, *, publish: bool = False) -> Report:
    """Every table's small groups withheld, with a note saying so; with ``publish``,
    published mode's rules as well (worked out from the same, unhidden counts)."""
    everyone = _selection_size(report)
    rows = {table_id: rows_to_withhold(table, minimum, _unplaced(table, everyone))
            for table_id, table in report.tables.items()}
    if publish:
        report = protect_report(report)
    tables = {table_id: withhold(table, rows[table_id]) for table_id, table in report.tables.items()}
    return report.replace(tables=tables, notes=(*report.notes, (NOTE_HEADING, note(minimum))))


def _selection_size(report: Report) -> int | None:
    """How many responses the report counts (its ``overall`` table's), if it says."""
    overall = report.tables.get("overall")
    if overall is None or OVERALL_RESPONSES not in overall.frame.index:
        return None
    return _size(overall.frame.iloc[:, 0].loc[OVERALL_RESPONSES])


def _unplaced(table: Table, everyone: int | None) -> int:
    """Respondents in none of ``table``'s rows. Where a respondent can be in several rows
    (aims of a referral), the rows can add up to more than everyone: then none is counted
    (and where they add up to less, counting the difference only withholds more)."""
    if everyone is None or table.respondent_groups is None:
        return 0
    return max(0, everyone - sum(_size(value) for value in table.frame[table.respondent_groups]))


def _size(value) -> int:
    """A group's count (0 for a blank). Published mode has not run yet, so it is a number."""
    if isinstance(value, str) or value is None or pd.isna(value):
        return 0
    return int(value)



# --- the selection as a whole ------------------------------------------------------------------


@dataclass(frozen=True)
class TooFew:
    """Why nothing of a selection may be shown: it has fewer responses than the
    minimum, or it leaves out of a wider selection a rest that has."""

    responses: int
    minimum: int
    #: The responses a wider selection (the whole period, or the selection with one
    #: filter fewer) has beyond this one, when that rest is the problem.
    rest: int | None = None

    def message(self) -> str:
        """One line, for a page and for the command line alike."""
        counted = f"There {'is' if self.responses == 1 else 'are'} {_responses(self.responses)} in this selection"
        if self.rest is None:
            return (f"{counted}. Nothing more is shown for fewer than {self.minimum} responses, so that no one's "
                    f"answers can be picked out.")
        return (f"{counted}, but only {_responses(self.rest)} in the rest of the period beside it. Nothing more "
                f"is shown, because taking this selection away from the whole would show what those "
                f"{'person' if self.rest == 1 else 'people'} answered: choose fewer filters or a longer period.")


def selection(responses: pd.DataFrame, filters: Mapping[str, str]) -> pd.DataFrame:
    """The decoded responses whose context (``variant``, ``meeting_type``, ``team``, ``language``)
    has every value in ``filters``."""
    for name, value in filters.items():
        responses = responses[(responses[name] == value).to_numpy()]
    return responses


def selection_problem(responses: pd.DataFrame, filters: Mapping[str, str], minimum: int) -> TooFew | None:
    """Whether the selection ``filters`` makes of ``responses`` (a whole period,
    decoded) may be shown. It may not when it has fewer than ``minimum`` responses;
    nor when, with filters, what it leaves out is 1 to ``minimum - 1`` responses: of the
    whole period (all teams minus team A is the other teams' few), or of the
    selection with any one filter fewer (team A's meetings of one type minus team A's
    meetings of that type for one version of the form)."""
    count = _count(selection(responses, filters))
    if count < minimum:
        return TooFew(count, minimum)
    wider = [{}] if filters else []
    if len(filters) > 1:
        wider += [{n: v for n, v in filters.items() if n != left_out} for left_out in filters]
    for parent in wider:
        rest = _count(selection(responses, parent)) - count
        if 0 < rest < minimum:
            return TooFew(count, minimum, rest)
    return None


def _count(responses: pd.DataFrame) -> int:
    return int(responses["weight"].sum()) if "weight" in responses.columns else len(responses)


def _responses(n: int) -> str:
    return f"{n} response{'' if n == 1 else 's'}"


def withhold_column(table: Table, column: Hashable) -> Table:
    """``table`` with ``"c"`` all down ``column`` (a comparison with a period too small to show)."""
    frame = table.frame.copy()
    frame[column] = pd.Series([SUPPRESSED] * len(frame), index=frame.index, dtype=object)
    return table.replace(frame=frame)
