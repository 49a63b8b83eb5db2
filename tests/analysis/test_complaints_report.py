"""Tests for analysis.complaints: the statutory annual report tables.

Every expected number was counted by hand from the register in
``tests/analysis/complaints_register.py`` (its comments give each stage response's
working-day count), never computed by the code under test.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import complaints
from analysis.complaints import ComplaintsSetup, complaints_report
from analysis.periods import financial_year
from analysis.tables import Chart, Group
from tests.analysis.complaints_register import (
    CATEGORIES,
    METHODS,
    NS,
    SETUP,
    SS,
    YOS,
    generated_register,
    population,
    register,
)

SERVICES = [NS, SS, YOS]
OUTCOMES = ["Upheld", "Partly upheld", "Not upheld", "Withdrawn"]
NOT_ESTABLISHED = "N.B. In 1 complaint the service area involved could not be established."

TABLE_IDS = [
    "representations_received",
    "compliments_by_service",
    "complaints_by_service_and_complainant",
    "complaints_by_service_and_category",
    "complaint_outcomes_by_service_and_category",
    "complaint_outcomes",
    "stage1_timeliness_by_service",
    "stage2_timeliness_by_service",
    "equalities_ethnicity",
    "equalities_disability",
    "contact_methods",
    "advocacy",
]


def expected(rows: dict, columns) -> pd.DataFrame:
    """A literal frame: ``rows`` maps each row label to its cells in column order."""
    if not isinstance(columns, pd.MultiIndex):
        columns = pd.Index(columns, dtype=object)
    frame = pd.DataFrame(list(rows.values()), index=pd.Index(list(rows), dtype=object), columns=columns)
    return frame


def counts(rows: dict, columns) -> pd.DataFrame:
    return expected(rows, columns).astype("int64")


def mixed(rows: dict, columns, count_columns) -> pd.DataFrame:
    frame = expected(rows, columns)
    for column in frame.columns:
        frame[column] = frame[column].astype("int64" if column in count_columns else "float64")
    return frame


@pytest.fixture(scope="module")
def report():
    return complaints_report(
        register(), population(), SETUP, 2011, authority="Coventry City Council", made_on=date(2012, 9, 4)
    )


def table(report, table_id):
    return report.tables[table_id].frame


# --- the report and the contract --------------------------------------------------------------------------------------


def test_report_metadata(report):
    assert report.kind == "complaints"
    assert report.title == "Comments, compliments and complaints: annual report"
    assert report.authority == "Coventry City Council"
    assert report.period == financial_year(2011)
    assert report.period.label == "2011/12"
    assert report.previous == financial_year(2010)
    assert report.made_on == date(2012, 9, 4)
    assert report.published is False
    headings = [heading for heading, _ in report.notes]
    assert headings == [
        "What is counted",
        "Completed in time",
        "Children and others",
        "Service not established",
        "Equalities",
    ]
    in_time = dict(report.notes)["Completed in time"]
    for words in ("day 0", "10", "20", "25", "65", "bank holidays", "weekends"):
        assert words in in_time


def test_table_ids_in_order(report):
    assert list(report.tables) == TABLE_IDS
    assert all(report.tables[table_id].id == table_id for table_id in TABLE_IDS)
    assert all(report.tables[table_id].title for table_id in TABLE_IDS)


def test_indexes_and_columns_follow_the_contract(report):
    def two_level(second):
        return [(service, value) for service in SERVICES for value in second]

    shape = {
        "representations_received": (["Comments", "Compliments", "Complaints"], ["2011/12", "2010/11"]),
        "compliments_by_service": (["Compliments"], [*SERVICES, "Total"]),
        "complaints_by_service_and_complainant": (["Children", "Others", "Total"], [*SERVICES, "Total"]),
        "complaints_by_service_and_category": ([*CATEGORIES, "Total"], [*SERVICES, "Total"]),
        "complaint_outcomes_by_service_and_category": ([*CATEGORIES, "Total"], two_level(OUTCOMES)),
        "complaint_outcomes": (OUTCOMES, ["Number", "Percentage", "Previous year percentage"]),
        "stage1_timeliness_by_service": (["Responded to", "Completed in time"], two_level(["Child", "Other"])),
        "stage2_timeliness_by_service": (["Responded to", "Completed in time"], two_level(["Child", "Other"])),
        "equalities_ethnicity": (
            ["White", "Mixed", "Asian", "Black", "Other ethnic group", "Not stated", "Total"],
            ["All users", "All users %", "Complaints", "Complaints %"],
        ),
        "equalities_disability": (
            ["Yes", "No", "Not stated", "Total"],
            ["All users", "All users %", "Complaints", "Complaints %"],
        ),
        "contact_methods": (list(METHODS), ["Children", "Children %", "Others", "Others %"]),
        "advocacy": (["Children who complained", "With an advocate"], ["Number"]),
    }
    for table_id, (index, columns) in shape.items():
        frame = table(report, table_id)
        assert list(frame.index) == index, table_id
        assert list(frame.columns) == columns, table_id
    assert isinstance(table(report, "complaint_outcomes_by_service_and_category").columns, pd.MultiIndex)
    assert isinstance(table(report, "stage1_timeliness_by_service").columns, pd.MultiIndex)


def test_value_lists_match_the_register():
    assert complaints.KINDS == ("complaint", "compliment", "comment")
    assert complaints.MADE_BY == ("child", "parent", "carer", "relative", "advocate", "professional", "other")
    assert complaints.ETHNICITIES == ("White", "Mixed", "Asian", "Black", "Other ethnic group", "Not stated")
    assert complaints.DISABILITIES == ("Yes", "No", "Not stated")
    assert complaints.OUTCOMES == ("Upheld", "Partly upheld", "Not upheld", "Withdrawn")


# --- each table, in full ----------------------------------------------------------------------------------------------


def test_representations_received(report):
    # 2011/12: comments M01, M02; compliments K01 (1 Apr 2011), K02, K03 (31 Mar 2012), K04; complaints C01-C11.
    # 2010/11: comment M03 (31 Mar 2011); compliment K05; complaints P01 (31 Mar 2011)-P04. 1 Apr 2012 is in neither.
    pd.testing.assert_frame_equal(
        table(report, "representations_received"),
        counts({"Comments": [2, 1], "Compliments": [4, 1], "Complaints": [11, 4]}, ["2011/12", "2010/11"]),
    )
    assert report.tables["representations_received"].chart == Chart(
        "bar", series=("2011/12", "2010/11"), value_label="Number received"
    )


def test_compliments_by_service(report):
    t = report.tables["compliments_by_service"]
    # K04 has no service: in the Total only.
    pd.testing.assert_frame_equal(t.frame, counts({"Compliments": [1, 1, 1, 4]}, [*SERVICES, "Total"]))
    assert t.note == "N.B. In 1 compliment the service area involved could not be established."
    assert t.groups == (Group(tuple(("Compliments", s) for s in SERVICES), ("Compliments", "Total"), (1,)),)


def test_complaints_by_service_and_complainant(report):
    t = report.tables["complaints_by_service_and_complainant"]
    # Children: C01, C07, C09 (NS), C03, C10, C11 (SS). Others: C02, C05 (NS), C04, C08 (SS), C06 (no service).
    pd.testing.assert_frame_equal(
        t.frame,
        counts(
            {"Children": [3, 3, 0, 6], "Others": [2, 2, 0, 5], "Total": [5, 5, 0, 11]},
            [*SERVICES, "Total"],
        ),
    )
    assert t.note == NOT_ESTABLISHED


def test_complaints_by_service_and_category(report):
    t = report.tables["complaints_by_service_and_category"]
    pd.testing.assert_frame_equal(
        t.frame,
        counts(
            {
                "Communication": [2, 1, 0, 4],  # C01, C09 / C03 / C06 with no service
                "Finance": [1, 0, 0, 1],  # C07
                "Management": [0, 0, 0, 0],
                "Conduct": [1, 1, 0, 2],  # C02 / C10
                "Service": [1, 1, 0, 2],  # C05 / C04
                "Protection": [0, 1, 0, 1],  # C11
                "Environment": [0, 0, 0, 0],
                "Discrimination": [0, 0, 0, 0],
                "Other": [0, 1, 0, 1],  # C08
                "Total": [5, 5, 0, 11],
            },
            [*SERVICES, "Total"],
        ),
    )
    assert t.note == NOT_ESTABLISHED
    assert t.chart == Chart("stacked", series=tuple(SERVICES), categories=CATEGORIES, value_label="Complaints")


def test_complaint_outcomes_by_service_and_category(report):
    t = report.tables["complaint_outcomes_by_service_and_category"]
    columns = pd.MultiIndex.from_product([SERVICES, OUTCOMES])
    zero = [0, 0, 0, 0]
    # NS: C01 Communication Upheld, C02 Conduct Not upheld, C05 Service Upheld, C09 Communication Not upheld.
    # SS: C03 Communication Partly, C04 Service Not upheld, C08 Other Partly, C10 Conduct Upheld, C11 Protection Upheld.
    # C07 (Finance) is open; C06 has no service.
    pd.testing.assert_frame_equal(
        t.frame,
        counts(
            {
                "Communication": [1, 0, 1, 0] + [0, 1, 0, 0] + zero,
                "Finance": zero * 3,
                "Management": zero * 3,
                "Conduct": [0, 0, 1, 0] + [1, 0, 0, 0] + zero,
                "Service": [1, 0, 0, 0] + [0, 0, 1, 0] + zero,
                "Protection": zero + [1, 0, 0, 0] + zero,
                "Environment": zero * 3,
                "Discrimination": zero * 3,
                "Other": zero + [0, 1, 0, 0] + zero,
                "Total": [2, 0, 2, 0] + [2, 2, 1, 0] + zero,
            },
            columns,
        ),
    )
    assert t.note == "N.B. In 1 complaint with an outcome the service area involved could not be established."


def test_complaint_outcomes(report):
    t = report.tables["complaint_outcomes"]
    # 2011/12 with an outcome (C07 open): Upheld C01, C05, C10, C11; Partly C03, C08; Not upheld C02, C04, C09;
    # Withdrawn C06: 10. 2010/11 with an outcome (P04 open): Upheld P01; Not upheld P02, P03: 3.
    pd.testing.assert_frame_equal(
        t.frame,
        mixed(
            {
                "Upheld": [4, 40.0, 100 / 3],
                "Partly upheld": [2, 20.0, 0.0],
                "Not upheld": [3, 30.0, 200 / 3],
                "Withdrawn": [1, 10.0, 0.0],
            },
            ["Number", "Percentage", "Previous year percentage"],
            ["Number"],
        ),
    )
    assert t.percent_columns["Percentage"] == ("Number",)
    (previous_counts,) = t.percent_columns["Previous year percentage"]
    pd.testing.assert_series_equal(
        previous_counts, pd.Series([1, 0, 2, 0], index=pd.Index(OUTCOMES, dtype=object)), check_names=False
    )
    assert t.chart == Chart("hbar", series=("Number",), value_label="Complaints")
    assert t.groups == (Group(tuple((o, "Number") for o in OUTCOMES)),)


def test_stage1_timeliness(report):
    t = report.tables["stage1_timeliness_by_service"]
    columns = pd.MultiIndex.from_product([SERVICES, ["Child", "Other"]])
    # NS child: C01 in time, C09 late. NS other: C02 late by one working day over Easter, the royal wedding and
    # May Day; C05 in time. SS child: C03 (extended to 20), C10, C11 in time. SS other: C04 on its deadline over
    # the August bank holiday, C08 in time. C06 (no service) and C07 (no response) are in no column; P01,
    # answered in 2011/12 but received on 31 March 2011, and N01 (1 April 2012) belong to other years.
    pd.testing.assert_frame_equal(
        t.frame,
        counts({"Responded to": [2, 2, 3, 2, 0, 0], "Completed in time": [1, 1, 3, 2, 0, 0]}, columns),
    )
    assert t.note == NOT_ESTABLISHED
    assert Group(((("Completed in time"), (NS, "Child")),), ("Responded to", (NS, "Child")), (1,)) in t.groups
    assert Group(((("Completed in time"), (SS, "Child")),), ("Responded to", (SS, "Child")), ()) in t.groups


def test_stage2_timeliness(report):
    t = report.tables["stage2_timeliness_by_service"]
    columns = pd.MultiIndex.from_product([SERVICES, ["Child", "Other"]])
    # NS other: C05 in time thanks to the agreed extension to 40. SS child: C11 late by one working day over
    # Christmas and New Year. SS other: C04 late.
    pd.testing.assert_frame_equal(
        t.frame,
        counts({"Responded to": [0, 1, 1, 1, 0, 0], "Completed in time": [0, 1, 0, 0, 0, 0]}, columns),
    )
    assert t.note == ""


def test_equalities_ethnicity(report):
    t = report.tables["equalities_ethnicity"]
    # Complaints: White C01, C04, C07, C09; Mixed C02, C10; Asian C05; Black C03, C11; Other C08; Not stated C06
    # (nothing recorded). All users: the 2011 rows ("Other Ethnic Group" matched whatever its case).
    pd.testing.assert_frame_equal(
        t.frame,
        mixed(
            {
                "White": [50, 62.5, 4, 400 / 11],
                "Mixed": [10, 12.5, 2, 200 / 11],
                "Asian": [8, 10.0, 1, 100 / 11],
                "Black": [6, 7.5, 2, 200 / 11],
                "Other ethnic group": [4, 5.0, 1, 100 / 11],
                "Not stated": [2, 2.5, 1, 100 / 11],
                "Total": [80, 100.0, 11, 100.0],
            },
            ["All users", "All users %", "Complaints", "Complaints %"],
            ["All users", "Complaints"],
        ),
    )
    assert t.percent_columns == {"All users %": ("All users",), "Complaints %": ("Complaints",)}
    assert t.chart.kind == "bar"
    assert t.chart.series == ("All users %", "Complaints %")


def test_equalities_disability(report):
    # Complaints: Yes C02, C07, C11; No C01, C03, C04, C08, C09, C10; Not stated C05, and C06 with nothing recorded.
    pd.testing.assert_frame_equal(
        table(report, "equalities_disability"),
        mixed(
            {
                "Yes": [10, 12.5, 3, 300 / 11],
                "No": [60, 75.0, 6, 600 / 11],
                "Not stated": [10, 12.5, 2, 200 / 11],
                "Total": [80, 100.0, 11, 100.0],
            },
            ["All users", "All users %", "Complaints", "Complaints %"],
            ["All users", "Complaints"],
        ),
    )


def test_contact_methods(report):
    t = report.tables["contact_methods"]
    # Children (6): Form C01, C10; Letter C11; Email C03; Telephone C09; Text C07.
    # Others (5): Letter C02; In person C05; Email C06; Telephone C04; Online C08.
    pd.testing.assert_frame_equal(
        t.frame,
        mixed(
            {
                "Form": [2, 200 / 6, 0, 0.0],
                "Letter": [1, 100 / 6, 1, 20.0],
                "In person": [0, 0.0, 1, 20.0],
                "Email": [1, 100 / 6, 1, 20.0],
                "Telephone": [1, 100 / 6, 1, 20.0],
                "Text": [1, 100 / 6, 0, 0.0],
                "Online": [0, 0.0, 1, 20.0],
            },
            ["Children", "Children %", "Others", "Others %"],
            ["Children", "Others"],
        ),
    )
    assert t.percent_columns == {"Children %": ("Children",), "Others %": ("Others",)}


def test_advocacy(report):
    # Children's complaints C01, C03, C07, C09, C10, C11; advocate on C01, C07, C10, C11 (C03 and C09 had none).
    t = report.tables["advocacy"]
    pd.testing.assert_frame_equal(
        t.frame, counts({"Children who complained": [6], "With an advocate": [4]}, ["Number"])
    )
    assert t.groups == (Group((("With an advocate", "Number"),), ("Children who complained", "Number"), (2,)),)


# --- totals, groups and the unestablished service ---------------------------------------------------------------------


def test_every_configured_category_appears_even_with_none(report):
    frame = table(report, "complaints_by_service_and_category")
    assert frame.loc["Discrimination"].tolist() == [0, 0, 0, 0]
    assert frame.loc["Discrimination", "Total"] == 0
    setup = ComplaintsSetup(SETUP.services, (*CATEGORIES, "Bullying"), SETUP.contact_methods)
    again = complaints_report(register(), population(), setup, 2011, authority="x")
    assert again.tables["complaints_by_service_and_category"].frame.loc["Bullying"].tolist() == [0, 0, 0, 0]
    assert list(again.tables["complaint_outcomes_by_service_and_category"].frame.loc["Bullying"]) == [0] * 12


def test_service_with_no_complaints_is_a_column_of_zeros(report):
    for table_id in ("complaints_by_service_and_complainant", "complaints_by_service_and_category"):
        assert table(report, table_id)[YOS].tolist() == [0] * len(table(report, table_id))
    assert (table(report, "complaint_outcomes_by_service_and_category")[YOS] == 0).all().all()


def test_unestablished_service_counts_in_totals_and_groups_say_so(report):
    t = report.tables["complaints_by_service_and_category"]
    groups = {g.total: g for g in t.groups if g.cells[0][1] in SERVICES}  # the row groups
    # Communication holds C06 (no service): 2 + 1 + 0 shown, 1 hidden, Total 4.
    assert groups[("Communication", "Total")] == Group(
        (("Communication", NS), ("Communication", SS), ("Communication", YOS)), ("Communication", "Total"), (1,)
    )
    assert groups[("Finance", "Total")].hidden == ()
    assert groups[("Total", "Total")].hidden == (1,)
    column_groups = [g for g in t.groups if g.total[0] == "Total" and g.cells[0][0] == "Communication"]
    assert [g.total[1] for g in column_groups] == [*SERVICES, "Total"]
    assert all(g.hidden == () for g in column_groups)  # every complaint has a category
    complainant = report.tables["complaints_by_service_and_complainant"]
    hidden = {g.total: g.hidden for g in complainant.groups}
    assert hidden[("Others", "Total")] == (1,)
    assert hidden[("Children", "Total")] == ()


def test_groups_add_up(report):
    """Every group's cells plus its hidden counts make its total (a consistency check)."""
    for t in report.tables.values():
        for group in t.groups:
            if group.total is None:
                continue
            shown = sum(int(t.frame.at[row, column]) for row, column in group.cells)
            assert shown + sum(group.hidden) == int(t.frame.at[group.total]), (t.id, group)


def test_the_same_whatever_the_date_type(report):
    for dates in ("date", "datetime64"):
        again = complaints_report(register(dates), population(), SETUP, 2011, authority="x")
        for table_id in TABLE_IDS:
            pd.testing.assert_frame_equal(again.tables[table_id].frame, table(report, table_id))


def test_unconfigured_service_counts_in_totals_with_a_note():
    frame = register()
    frame.loc[frame["reference"] == "C01", "service_area"] = "Old Service"
    report = complaints_report(frame, population(), SETUP, 2011, authority="x")
    t = report.tables["complaints_by_service_and_complainant"]
    pd.testing.assert_frame_equal(
        t.frame,
        counts(
            {"Children": [2, 3, 0, 6], "Others": [2, 2, 0, 5], "Total": [4, 5, 0, 11]},
            [*SERVICES, "Total"],
        ),
    )
    assert NOT_ESTABLISHED in t.note
    assert "1 complaint about a service that is not in the configured list (Old Service)" in t.note


def test_stage2_extension_is_at_least_25_and_at_most_65_working_days():
    # Stage 2 from Mon 5 Sep 2011, no bank holiday until Christmas: day 20 is Mon 3 Oct, day 65 Mon 5 Dec.
    frame = pd.DataFrame(
        {
            "reference": ["A", "B", "C"],
            "kind": "complaint",
            "received_on": "2011-08-01",
            "service_area": NS,
            "made_by": "parent",
            "stage2_started_on": "2011-09-05",
            "stage2_responded_on": ["2011-10-03", "2011-12-05", "2011-12-06"],
            "stage2_extended_to": [10, 200, 200],
        }
    )
    report = complaints_report(frame, population(), SETUP, 2011, authority="x")
    stage2 = table(report, "stage2_timeliness_by_service")
    assert stage2.loc["Responded to", (NS, "Other")] == 3
    assert stage2.loc["Completed in time", (NS, "Other")] == 2  # C answered on day 66


def test_empty_register_and_population():
    empty = pd.DataFrame(columns=["reference", "kind", "received_on"])
    report = complaints_report(empty, pd.DataFrame(), SETUP, 2011, authority="x")
    assert list(report.tables) == TABLE_IDS
    for t in report.tables.values():
        numbers = t.frame[t.count_columns()]
        assert (numbers == 0).all().all(), t.id
        for column in t.percent_columns:
            assert t.frame[column].isna().all(), t.id
        assert t.note == ""


def test_generated_register_is_consistent():
    frame = generated_register(3000, seed=7)
    report = complaints_report(frame, population(), SETUP, 2011, authority="x")
    received = pd.to_datetime(frame["received_on"])
    in_year = (received >= "2011-04-01") & (received <= "2012-03-31") & (frame["kind"] == "complaint")
    n = int(in_year.sum())
    assert report.tables["representations_received"].frame.at["Complaints", "2011/12"] == n
    assert table(report, "complaints_by_service_and_complainant").at["Total", "Total"] == n
    assert table(report, "complaints_by_service_and_category").at["Total", "Total"] == n
    assert table(report, "equalities_ethnicity").at["Total", "Complaints"] == n
    assert table(report, "equalities_disability").at["Total", "Complaints"] == n
    methods = table(report, "contact_methods")
    assert methods["Children"].sum() + methods["Others"].sum() == n
    assert np.isclose(methods["Children %"].sum(), 100)
    assert table(report, "complaint_outcomes")["Percentage"].sum() == pytest.approx(100)
    test_groups_add_up(report)
