"""The report writers: JSON to the contract, CSV folders, XLSX workbooks, downloads
and display text."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis import formats
from analysis.formats.cells import neutralise_formula, plain_value
from analysis.formats.csv_format import write_csv
from analysis.formats.display import display_label, format_cell
from analysis.formats.json_format import report_to_dict, write_json
from analysis.formats.xlsx_format import sheet_names, write_xlsx
from analysis.periods import financial_year
from analysis.tables import SUPPRESSED, Report, Table

LONG_ID = "complaint_outcomes_by_service_and_category"
TWIN_IDS = ("complaints_by_service_and_complainant_children", "complaints_by_service_and_complainant_others")


def _outcomes() -> Table:
    frame = pd.DataFrame(
        {"Number": np.array([7, 3, 0], dtype="int64"), "Percentage": [70.0, 100 / 3, None]},
        index=pd.Index(["Upheld", "Not upheld", "Withdrawn"]),
    )
    return Table(
        "complaint_outcomes",
        "Complaint outcomes",
        frame,
        note="N.B. One complaint is still open.",
        percent_columns={"Percentage": ("Number",)},
    )


def _by_service() -> Table:
    columns = pd.MultiIndex.from_tuples(
        [("Fostering", "Upheld"), ("Fostering", "Not upheld"), ("Adoption", "Upheld"), ("Adoption", "Not upheld")]
    )
    frame = pd.DataFrame([[1, 2, 3, 4], [5, 6, 7, 8]], index=["Access", "Total"], columns=columns)
    return Table(LONG_ID, "Complaint outcomes by service and category", frame)


def _protected() -> Table:
    frame = pd.DataFrame(
        {"Number": [SUPPRESSED, 12, SUPPRESSED, -3, 1234], "Percentage": [SUPPRESSED, 40.04, SUPPRESSED, None, 0.3]},
        index=["=SUM(A1)", "+1", "-x", "@cmd", "Plain"],
        dtype=object,
    )
    return Table(
        "contact_methods",
        "Contact methods",
        frame,
        percent_columns={"Percentage": ("Number",)},
    )


def _twins() -> list[Table]:
    frame = pd.DataFrame({"Number": [1]}, index=["Children"])
    return [Table(table_id, f"Twin {n}", frame) for n, table_id in enumerate(TWIN_IDS)]


@pytest.fixture
def report() -> Report:
    tables = [_outcomes(), _by_service(), _protected(), *_twins()]
    return Report(
        kind="complaints",
        title="Comments, compliments and complaints 2011/12",
        authority="Anytown Council",
        period=financial_year(2011),
        previous=financial_year(2010),
        tables={table.id: table for table in tables},
        published=True,
        notes=(
            ("Small numbers", "Counts from 1 to 4 are shown as c."),
            ("-Dashed", "=A note that looks like a formula"),
        ),
        made_on=date(2012, 5, 1),
    )


# JSON


def test_json_matches_the_contract(report, tmp_path):
    path = tmp_path / "report.json"
    write_json(report, path)
    data = json.loads(path.read_text("utf-8"))
    assert data["report"] == "complaints"
    assert data["period"] == {"from": "2011-04-01", "to": "2012-03-31", "label": "2011/12"}
    assert data["published"] is True
    assert list(data["tables"]) == ["complaint_outcomes", LONG_ID, "contact_methods", *TWIN_IDS]
    for table in data["tables"].values():
        assert set(table) == {"title", "index", "columns", "data"}
    assert data["previous"] == {"from": "2010-04-01", "to": "2011-03-31", "label": "2010/11"}
    assert data["notes"][0] == {"heading": "Small numbers", "text": "Counts from 1 to 4 are shown as c."}
    assert data["authority"] == "Anytown Council"
    assert data["title"] == report.title
    assert "subject" in data


def test_json_tables_are_split_orientation_with_plain_values(report):
    data = json.loads(json.dumps(report_to_dict(report)))
    outcomes = data["tables"]["complaint_outcomes"]
    assert outcomes == {
        "title": "Complaint outcomes",
        "index": ["Upheld", "Not upheld", "Withdrawn"],
        "columns": ["Number", "Percentage"],
        "data": [[7, 70.0], [3, 33.3], [0, None]],
    }
    assert all(type(row[0]) is int for row in outcomes["data"])
    # the same shape as pandas' own split orientation
    split = _outcomes().frame.to_dict(orient="split")
    assert outcomes["index"] == split["index"] and outcomes["columns"] == split["columns"]


def test_json_two_level_columns_are_two_item_lists(report):
    table = report_to_dict(report)["tables"][LONG_ID]
    assert table["columns"][0] == ["Fostering", "Upheld"]
    assert all(isinstance(column, list) and len(column) == 2 for column in table["columns"])
    assert table["data"] == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert all(type(value) is int for row in table["data"] for value in row)


def test_json_keeps_c_and_rounds_percentages(report):
    table = json.loads(json.dumps(report_to_dict(report)))["tables"]["contact_methods"]
    assert table["index"] == ["=SUM(A1)", "+1", "-x", "@cmd", "Plain"]  # JSON needs no neutralising
    assert table["data"] == [["c", "c"], [12, 40.0], ["c", "c"], [-3, None], [1234, 0.3]]


def test_json_writes_to_a_file_object(report):
    buffer = io.BytesIO()
    write_json(report, buffer)
    assert json.loads(buffer.getvalue())["report"] == "complaints"


# CSV


def test_csv_folder_has_a_file_per_table_and_notes(report, tmp_path):
    folder = tmp_path / "out"
    write_csv(report, folder)
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted([f"{table_id}.csv" for table_id in report.tables] + ["notes.txt"])
    notes = (folder / "notes.txt").read_text("utf-8")
    assert report.title in notes and "2011/12" in notes and "Published: yes" in notes
    assert "Counts from 1 to 4 are shown as c." in notes


def test_csv_values_read_back(report, tmp_path):
    write_csv(report, tmp_path)
    raw = (tmp_path / "complaint_outcomes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(tmp_path / "complaint_outcomes.csv", index_col=0, encoding="utf-8-sig")
    assert list(frame.columns) == ["Number", "Percentage"]
    assert frame.loc["Not upheld", "Number"] == 3
    assert frame.loc["Not upheld", "Percentage"] == 33.3
    assert math.isnan(frame.loc["Withdrawn", "Percentage"])


def test_csv_two_level_header_is_two_rows(report, tmp_path):
    write_csv(report, tmp_path)
    frame = pd.read_csv(tmp_path / f"{LONG_ID}.csv", header=[0, 1], index_col=0, encoding="utf-8-sig")
    assert list(frame.columns)[0] == ("Fostering", "Upheld")
    assert frame.loc["Total", ("Adoption", "Not upheld")] == 8


def test_csv_neutralises_formula_text_but_not_numbers(report, tmp_path):
    write_csv(report, tmp_path)
    with open(tmp_path / "contact_methods.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["", "Number", "Percentage"]
    assert rows[1:] == [
        ["'=SUM(A1)", "c", "c"],
        ["'+1", "12", "40.0"],
        ["'-x", "c", "c"],
        ["'@cmd", "-3", ""],
        ["Plain", "1234", "0.3"],
    ]


# XLSX


def _workbook(report, tmp_path):
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path)
    return openpyxl.load_workbook(path)


def test_xlsx_has_contents_then_a_sheet_per_table(report, tmp_path):
    workbook = _workbook(report, tmp_path)
    names = sheet_names(report.tables)
    assert workbook.sheetnames == ["Contents", *names.values()]
    contents = workbook["Contents"]
    assert contents["A1"].value == report.title and contents["A1"].font.bold
    texts = [cell.value for row in contents.iter_rows() for cell in row if cell.value is not None]
    for table_id, table in report.tables.items():
        assert table_id in texts and names[table_id] in texts and table.title in texts
    assert "Anytown Council" in texts and "Small numbers" in texts
    assert "'=A note that looks like a formula" in texts and "'-Dashed" in texts


def test_xlsx_values_and_layout(report, tmp_path):
    workbook = _workbook(report, tmp_path)
    sheet = workbook["Complaint outcomes"]
    assert sheet["A1"].value == "Complaint outcomes" and sheet["A1"].font.bold
    assert sheet["A2"].value is None
    assert [sheet.cell(3, column).value for column in (2, 3)] == ["Number", "Percentage"]
    assert sheet["B3"].font.bold
    assert sheet["A4"].value == "Upheld" and sheet["B4"].value == 7 and isinstance(sheet["B4"].value, int)
    assert sheet["C5"].value == 33.3 and sheet["C5"].number_format == "0.0"
    assert sheet["C6"].value is None
    assert sheet.freeze_panes == "B4"
    assert sheet["A8"].value == "N.B. One complaint is still open."
    assert sheet.column_dimensions["A"].width >= len("Not upheld")


def test_xlsx_two_level_header(report, tmp_path):
    sheet = _workbook(report, tmp_path)[sheet_names(report.tables)[LONG_ID]]
    assert [sheet.cell(3, column).value for column in range(2, 6)] == ["Fostering", "Fostering", "Adoption", "Adoption"]
    assert [sheet.cell(4, column).value for column in range(2, 6)] == ["Upheld", "Not upheld"] * 2
    assert sheet["A6"].value == "Total" and sheet["E6"].value == 8
    assert sheet.freeze_panes == "B5"


def test_xlsx_has_no_formulas_and_neutralises_text(report, tmp_path):
    workbook = _workbook(report, tmp_path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    sheet = workbook["Contact methods"]
    assert [sheet.cell(row, 1).value for row in range(4, 9)] == ["'=SUM(A1)", "'+1", "'-x", "'@cmd", "Plain"]
    assert sheet["B4"].value == "c" and sheet["B4"].data_type == "s"
    assert sheet["B7"].value == -3 and sheet["B7"].data_type == "n"
    assert sheet["C5"].value == 40.0 and sheet["B8"].value == 1234


def _titled(*pairs: tuple[str, str]) -> dict[str, Table]:
    frame = pd.DataFrame({"Number": [1]}, index=["Total"])
    return {table_id: Table(table_id, title, frame) for table_id, title in pairs}


def test_sheet_names_come_from_titles_not_cut_ids(report):
    names = sheet_names(report.tables)
    assert names["complaint_outcomes"] == "Complaint outcomes"
    # 43 characters of title: cut at the last whole word that fits, not mid-word like the id was
    assert names[LONG_ID] == "Complaint outcomes by service"
    assert names[TWIN_IDS[0]] == "Twin 0" and names[TWIN_IDS[1]] == "Twin 1"


def test_sheet_names_are_short_unique_and_legal():
    tables = _titled(
        ("complaints_by_service_and_complainant", "Complaints by service and complainant"),
        ("complaints_by_service_and_category", "Complaints by service and category"),
        ("odd", "Answers: [which] *service*? a/b\\c"),
        ("contents", "Contents"),
        ("untitled_table", ""),
        ("one_word", "Supercalifragilisticexpialidocious-and-more"),
    )
    names = sheet_names(tables)
    assert all(0 < len(name) <= 31 for name in names.values())
    assert len({name.lower() for name in names.values()} | {"contents"}) == len(tables) + 1
    # the two long titles share their first 31 characters' words: the second is numbered
    assert names["complaints_by_service_and_complainant"] == "Complaints by service and"
    assert names["complaints_by_service_and_category"] == "Complaints by service and (2)"
    assert names["odd"] == "Answers which service a b c"
    assert names["contents"] == "Contents (2)"  # "Contents" is the workbook's own first sheet
    assert names["untitled_table"] == "untitled_table"
    assert names["one_word"] == "Supercalifragilisticexpialidocio"[:31]


# Downloads


def test_to_bytes_json(report):
    data, mimetype, filename = formats.to_bytes(report, "json")
    assert json.loads(data)["report"] == "complaints"
    assert mimetype == "application/json" and filename == "complaints-2011-12.json"


def test_to_bytes_csv_is_a_zip_of_the_folder(report):
    data, mimetype, filename = formats.to_bytes(report, "csv")
    assert mimetype == "application/zip" and filename == "complaints-2011-12.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(
            f"complaints-2011-12/{name}" for name in [*(f"{t}.csv" for t in report.tables), "notes.txt"]
        )
        assert archive.read("complaints-2011-12/complaint_outcomes.csv").startswith(b"\xef\xbb\xbf")


def test_to_bytes_xlsx(report):
    data, mimetype, filename = formats.to_bytes(report, "xlsx")
    assert filename == "complaints-2011-12.xlsx" and mimetype.endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "Contents"


def test_write_dispatches(report, tmp_path):
    formats.write(report, "json", tmp_path / "r.json")
    formats.write(report, "csv", tmp_path / "r")
    formats.write(report, "xlsx", tmp_path / "r.xlsx")
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["published"] is True
    assert (tmp_path / "r" / "notes.txt").exists()
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Contents"
    with pytest.raises(ValueError, match="unknown report format"):
        formats.write(report, "docx", tmp_path / "r.docx")
    assert formats.FORMATS == ("json", "csv", "xlsx", "pdf")


def test_file_name_from_a_date_range(report):
    from analysis.periods import date_range

    other = report.replace(kind="satisfaction", period=date_range(date(2012, 1, 1), date(2012, 3, 31)))
    assert formats.base_name(other) == "satisfaction-1-January-2012-to-31-March-2012"


# Cells and display


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Total", "Total"),
        ("", ""),
    ],
)
def test_neutralise_formula(text, expected):
    assert neutralise_formula(text) == expected


def test_plain_value():
    assert plain_value(np.int64(3)) == 3 and type(plain_value(np.int64(3))) is int
    assert type(plain_value(4.0)) is int
    assert plain_value(33.333, is_percent=True) == 33.3
    assert plain_value(float("nan")) is None and plain_value(pd.NA) is None and plain_value(None) is None
    assert plain_value("c") == "c"


@pytest.mark.parametrize(
    ("value", "is_percent", "expected"),
    [
        (1234, False, "1,234"),
        (np.int64(1234567), False, "1,234,567"),
        (0, False, "0"),
        (-3, False, "-3"),
        (70.0, True, "70%"),
        (69.5, True, "70%"),
        (70.4, True, "70%"),
        (0.3, True, "<1%"),
        (0.86, True, "<1%"),  # 1 in 116: Coventry's "Other Ethnic Group"
        (1.0, True, "1%"),
        (0, True, "0%"),
        (100, True, "100%"),
        ("c", False, "c"),
        ("c", True, "c"),
        (None, False, "\u2013"),
        (float("nan"), True, "\u2013"),
        (np.nan, False, "\u2013"),
    ],
)
def test_format_cell(value, is_percent, expected):
    assert format_cell(value, is_percent=is_percent) == expected


def test_display_label():
    table = Table("answers_q1", "Q1", pd.DataFrame({"Number": [1]}, index=["yes"]), display_index={"yes": "Yes"})
    assert display_label(table, "yes") == "Yes"
    assert display_label(table, "no") == "no"
    assert display_label(table, ("Fostering", "Upheld")) == "Fostering \u2013 Upheld"
    assert display_label(table, ("yes", "")) == "Yes"
    assert display_label(table, np.int64(5)) == "5"


def test_percent_rows_are_rounded_and_formatted(tmp_path):
    frame = pd.DataFrame({"Value": [120.0, 200 / 3]}, index=["Responses", "Overall positive %"])
    table = Table("overall", "Overall", frame, percent_rows={"Overall positive %": ("Responses",)})
    report = Report("satisfaction", "Survey", "Anytown Council", financial_year(2011), {"overall": table})
    data = report_to_dict(report)["tables"]["overall"]
    assert data["data"] == [[120], [66.7]] and type(data["data"][0][0]) is int
    path = tmp_path / "overall.xlsx"
    write_xlsx(report, path)
    sheet = openpyxl.load_workbook(path)["Overall"]
    assert sheet["B4"].value == 120 and sheet["B4"].number_format == "#,##0"
    assert sheet["B5"].value == 66.7 and sheet["B5"].number_format == "0.0"
    assert report_to_dict(report)["previous"] is None


def test_mixed_columns_keep_counts_as_integers():
    frame = pd.DataFrame({"Number": [3, 4], "Percentage": [42.86, 57.14]}, index=["Yes", "No"])
    table = Table("answers_q1", "Q1", frame, percent_columns={"Percentage": ("Number",)})
    report = Report("satisfaction", "Survey", "", financial_year(2011), {"answers_q1": table})
    data = json.loads(json.dumps(report_to_dict(report)))["tables"]["answers_q1"]["data"]
    assert data == [[3, 42.9], [4, 57.1]]
    assert [type(row[0]) for row in data] == [int, int]
