"""Tests for analysis.small_groups: groups under the minimum inside a table, and
selections (or what they leave out) under the minimum. Figures are counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.disclosure import protect_report
from analysis.periods import financial_year
from analysis.small_groups import TooFew, protect_small_groups, rows_to_withhold, selection_problem
from analysis.tables import SUPPRESSED, Report, Table


def breakdown(sizes: dict[str, int], positive: dict[str, float | None]) -> Table:
    index = pd.Index(list(sizes), dtype=object)
    frame = pd.DataFrame({"Responses": pd.Series(sizes, dtype="int64"),
                          "Positive %": pd.Series(positive, dtype="float64")}, index=index)
    return Table("by_team", "Responses by team", frame, percent_columns={"Positive %": ("Responses",)},
                 respondent_groups="Responses")


def test_a_group_under_the_minimum_keeps_its_count_and_nothing_else():
    table = breakdown({"North": 9, "South": 8, "West": 7, "East": 0}, {"North": 50, "South": 60, "West": 20,
                                                                        "East": None})
    # Nobody is under 5: nothing withheld; a group of 0 hides nothing.
    assert rows_to_withhold(table, 5) == []
    table = breakdown({"North": 9, "South": 8, "West": 3, "East": 4}, {"North": 50, "South": 60, "West": 20,
                                                                        "East": None})
    # West 3 and East 4 are withheld, and together they are 7: no more.
    assert rows_to_withhold(table, 5) == ["West", "East"]


def test_withheld_groups_too_small_together_take_the_next_smallest_with_them():
    # West (2) alone: the whole selection minus North and South would give it away.
    # South (6) is the next smallest; North (9) stays.
    table = breakdown({"North": 9, "South": 6, "West": 2, "None": 0},
                      {"North": 50, "South": 60, "West": 100, "None": None})
    assert rows_to_withhold(table, 5) == ["West", "South"]
    report = Report("satisfaction", "S", "", financial_year(2011), {"by_team": table})
    shown = protect_small_groups(report, 5).tables["by_team"].frame
    assert shown["Responses"].tolist() == [9, 6, 2, 0]
    assert shown["Positive %"].tolist()[:3] == [50, SUPPRESSED, SUPPRESSED]
    assert pd.isna(shown.loc["None", "Positive %"])


def test_people_in_no_row_count_as_a_withheld_group():
    """Two of 30 left "ethnic group" blank: every ethnic group is 5 or more, but the
    whole selection (its overall positive %) minus the groups shown would be those two's
    answers. So they count as withheld, and the smallest group is withheld with them."""
    table = breakdown({"white": 16, "asian": 7, "mixed": 5}, {"white": 70, "asian": 60, "mixed": 80}) \
        .replace(id="equalities_eq_ethnicity")
    overall = Table("overall", "Overall", pd.DataFrame({"Value": [30, 68.0]}, index=["Responses", "Overall positive %"],
                                                       dtype=object))
    report = Report("satisfaction", "S", "", financial_year(2011), {"overall": overall, "equalities": table})
    shown = protect_small_groups(report, 5).tables["equalities"].frame
    assert shown["Responses"].tolist() == [16, 7, 5]
    assert shown["Positive %"].tolist() == [70, 60, SUPPRESSED]
    # Nobody left out (a table of every response, "Not known" a row of its own): as before.
    everyone = table.replace(frame=table.frame.assign(Responses=[18, 7, 5]))
    report = report.replace(tables={"overall": overall, "by_team": everyone})
    assert protect_small_groups(report, 5).tables["by_team"].frame["Positive %"].tolist() == [70, 60, 80]


def test_a_table_of_the_whole_selection_is_left_alone():
    table = breakdown({"yes": 2, "no": 9}, {"yes": 18.0, "no": 82.0}).replace(respondent_groups=None)
    assert rows_to_withhold(table, 5) == []


def test_published_mode_runs_on_the_counts_as_counted_and_the_rule_applies_on_top():
    table = breakdown({"North": 9, "South": 6, "West": 2}, {"North": 50, "South": 60, "West": 100})
    report = Report("satisfaction", "S", "", financial_year(2011), {"by_team": table})
    both = protect_small_groups(report, 5, publish=True)
    assert both.published
    frame = both.tables["by_team"].frame
    assert frame.loc["West", "Responses"] == SUPPRESSED  # published mode: a count of 2
    assert frame.loc["South", "Positive %"] == SUPPRESSED  # the small-groups rule
    assert frame.loc["North", "Positive %"] == 50
    assert [heading for heading, _ in both.notes] == [heading for heading, _ in protect_report(report).notes] + [
        "Small groups"]


def responses(*rows: tuple[str, str, int]) -> pd.DataFrame:
    """Decoded responses reduced to what the selection checks read: team, meeting type, weight."""
    return pd.DataFrame([{"variant": "standard", "team": team, "meeting_type": meeting, "weight": weight}
                         for team, meeting, weight in rows])


def test_a_selection_under_the_minimum_is_refused_with_its_count():
    whole = responses(("North", "fgc", 1), ("South", "lac_review", 20))
    problem = selection_problem(whole, {"team": "North", "meeting_type": "fgc"}, 5)
    assert problem == TooFew(1, 5)
    assert problem.message().startswith("There is 1 response in this selection.")
    assert selection_problem(whole, {}, 5) is None


def test_the_rest_of_the_period_must_be_none_or_at_least_the_minimum():
    whole = responses(("North", "fgc", 6), ("South", "fgc", 1))
    assert selection_problem(whole, {"team": "North"}, 5) == TooFew(6, 5, rest=1)
    assert "only 1 response in the rest of the period" in selection_problem(whole, {"team": "North"}, 5).message()
    assert selection_problem(whole, {"meeting_type": "fgc"}, 5) is None  # the rest is nobody
    assert selection_problem(responses(("North", "fgc", 6), ("South", "fgc", 5)), {"team": "North"}, 5) is None


@pytest.mark.parametrize("filters", [{"team": "North", "meeting_type": "initial"},
                                     {"meeting_type": "initial", "team": "North"}])
def test_each_selection_with_one_filter_fewer_must_leave_none_or_at_least_the_minimum(filters):
    # North at initial conferences 6, North at reviews 2, South at reviews 8. The whole
    # (16) minus the selection is 10, but North (8) minus North-initial is North's 2 reviews.
    whole = responses(("North", "initial", 6), ("North", "lac_review", 2), ("South", "lac_review", 8))
    assert selection_problem(whole, filters, 5) == TooFew(6, 5, rest=2)
