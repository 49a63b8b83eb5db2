"""The printable report: what the PDF says (read back with ``pdftotext``), its pages,
and pictures of them in test-artifacts/pdf-report/ for people to look at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.formats.pdf_charts import (
    MISSING_NOTE,
    SUPPRESSED_NOTE,
    ChartFigure,
    chart_flowables,
    chart_plot,
    grey_fills,
)
from analysis.formats.pdf_format import _cell_alignments, _Grid, write_pdf
from analysis.periods import financial_year
from analysis.tables import Chart, Report, Table

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf-report"
SERVICES = [
    "Neighbourhood Services",
    "Specialist Services",
    "Youth Offending Service",
    "Strategic Services",
    "Commissioned Services",
]
OUTCOMES = ["Upheld", "Part upheld", "Not upheld", "Withdrawn"]
CATEGORIES = [
    "Communication",
    "Finance",
    "Management",
    "Conduct",
    "Service",
    "Protection",
    "Environment",
    "Discrimination",
    "Other",
]

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _with_total_row(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc["Total"] = frame.sum()
    return frame


def who_made_them() -> Table:
    frame = pd.DataFrame([[3, 13, 0, 0, 14], [50, 34, 0, 0, 1150]], index=["Children", "Others"], columns=SERVICES)
    frame["Total"] = frame.sum(axis=1)
    frame = _with_total_row(frame)
    return Table(
        "who",
        "Complaints by service and who made them",
        frame,
        note="N.B. In one complaint the service area involved could not be established",
        chart=Chart("hbar"),
    )


def outcomes() -> Table:
    columns = pd.MultiIndex.from_product([SERVICES, OUTCOMES])
    rows = [[(i * 7 + j * 3) % 11 for j in range(20)] for i in range(len(CATEGORIES))]
    frame = _with_total_row(pd.DataFrame(rows, index=CATEGORIES, columns=columns))
    return Table(
        "outcomes",
        "Complaint outcomes by service and by category",
        frame,
        note="N.B. Outcomes are counted when a complaint is closed.",
    )


def equalities() -> Table:
    frame = pd.DataFrame(
        {
            "Number (all users)": [1844, 262, 226, 156, 49, 116],
            "Percentage": [69.5, 9.9, 8.5, 5.9, 1.8, 4.4],
            "Number in complaints": [84, 10, 6, 9, 1, 6],
            "Percentage in complaints": [72.4, 8.6, 5.2, 7.8, 0.4, 5.2],
        },
        index=pd.Index(["White", "Mixed", "Asian", "Black", "Other Ethnic Group", "Not Stated"], name="Ethnic origin"),
    )
    frame.loc["Total"] = [2653, 100.0, 116, 100.0]
    return Table(
        "equalities",
        "Equalities monitoring: ethnic origin",
        frame,
        percent_columns={"Percentage": ("Number (all users)",), "Percentage in complaints": ("Number in complaints",)},
        chart=Chart("bar", series=("Percentage", "Percentage in complaints"), value_label="Percentage"),
    )


def satisfaction() -> Table:
    frame = pd.DataFrame(
        {"Yes": [12, "c", 30], "Sometimes": ["c", 7, 5], "No": [5, "c", "c"], "Total": [20, 11, 38]},
        index=pd.Index(["q_listened", "q_safe", "q_help"], name="Question"),
        dtype=object,
    )
    frame.loc["Overall positive %"] = [70.0, 15.0, 15.0, 100.0]
    return Table(
        "satisfaction",
        "How children answered",
        frame,
        percent_rows={"Overall positive %": ("q_listened",)},
        display_index={
            "q_listened": "Did your social worker listen to you?",
            "q_safe": "Do you feel safe where you live?",
            "q_help": "Has the help made things better?",
        },
        chart=Chart("stacked", series=("Yes", "Sometimes", "No")),
    )


def small_report(**changes) -> Report:
    tables = [who_made_them(), outcomes(), equalities(), satisfaction()]
    report = Report(
        kind="complaints",
        title="Annual complaints report",
        authority="Coventry City Council",
        period=financial_year(2011),
        previous=financial_year(2010),
        tables={t.id: t for t in tables},
        notes=(
            ("Where the figures come from", "Every complaint, comment and compliment logged by the team."),
            ("Small numbers", "Counts from 1 to 4 are shown as c.\n\nSo are counts that would reveal them."),
        ),
        subject="Children's social care",
        made_on=date(2012, 9, 4),
    )
    return report.replace(**changes)


def complaints_report() -> Report:
    """About the size of the Coventry 2011/12 complaints report: 12 tables, one of them
    20 columns wide, one 60 rows long, four with charts."""
    tables = [who_made_them(), outcomes(), equalities(), satisfaction()]
    by_category = pd.DataFrame(
        [[(i * 5 + j) % 13 for j in range(5)] for i in range(9)], index=CATEGORIES, columns=SERVICES
    )
    by_category["Total"] = by_category.sum(axis=1)
    tables.append(
        Table(
            "category",
            "Complaints by service and by category",
            _with_total_row(by_category),
            chart=Chart("stacked", series=tuple(SERVICES)),
        )
    )
    for stage in (1, 2):
        columns = pd.MultiIndex.from_product([SERVICES, ["Child", "Other"]])
        frame = pd.DataFrame(
            [[3, 44, 13, 32, 0, 0, 0, 0, 14, 1], [2, 32, 8, 26, 0, 0, 0, 0, 13, 1]],
            index=["Responded to", "Completed in time"],
            columns=columns,
        )
        tables.append(Table(f"stage{stage}", f"Stage {stage} complaints completed in time", frame))
    placements = pd.DataFrame(
        {"Children": [(i * 7) % 23 for i in range(60)], "Complaints": [(i * 3) % 5 for i in range(60)]},
        index=pd.Index([f"Placement area {i + 1}" for i in range(60)], name="Area"),
    )
    tables.append(Table("areas", "Complaints by placement area (a long table)", placements))
    compliments = pd.DataFrame([[55, 58, 8, 1, 0]], index=["Compliments"], columns=SERVICES)
    tables.append(Table("compliments", "Compliments received by service", compliments))
    for n in range(3):
        frame = pd.DataFrame(
            {"Number": [6, 8, 7, 6, 1, 2], "Percentage": [20, 27, 23, 20, 3, 7]},
            index=["Form", "Letter", "In person", "Email", "Telephone", "Text"],
        )
        tables.append(
            Table(f"contact{n}", f"Contact methods used ({n + 1})", frame, percent_columns={"Percentage": ("Number",)})
        )
    return small_report(tables={t.id: t for t in tables})


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@needs_poppler
@pytest.mark.parametrize("made_on", [date(2012, 9, 4), None])
def test_the_pdf_is_stamped_with_a_day_never_a_time(tmp_path, made_on):
    """The file's own creation and modification dates are the day the report was made
    (midnight UTC), like the workbook's: a time of day is finer than anything the
    platform keeps (issue 9's audit of every export, rule (e))."""
    path = tmp_path / "report.pdf"
    write_pdf(small_report(made_on=made_on), path)
    out = subprocess.run(["pdfinfo", "-isodates", str(path)], check=True, capture_output=True, text=True).stdout
    stamps = re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)", out, re.MULTILINE)
    assert len(stamps) == 2, out
    day = (made_on or date(2000, 1, 1)).isoformat()
    assert stamps == [f"{day}T00:00:00Z"] * 2, stamps


@needs_poppler
def test_the_pdf_says_what_the_report_says(tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(small_report(), path)
    text = pdf_text(path)
    pages = text.split("\f")

    cover = pages[0]
    for words in (
        "Coventry City Council",
        "Annual complaints report",
        "Children's social care",
        "2011/12",
        "1 April 2011 to 31 March 2012",
        "Compared with 2010/11",
        "Not for publication: contains unprotected small numbers",
        "Made on 4 September 2012",
    ):
        assert words in cover, words

    captions = [
        "Table 1: Complaints by service and who made them",
        "Table 2: Complaint outcomes by service and by category",
        "Table 3: Equalities monitoring: ethnic origin",
        "Table 4: How children answered",
    ]
    contents = pages[1]
    assert "Contents" in contents
    body = "\f".join(pages[2:])
    for caption in [*captions, "About these figures"]:
        assert caption in contents, caption
        assert caption in body, caption
        # The contents give the page the caption is on.
        listed = re.search(re.escape(caption) + r"[ .]*(\d+)", contents)
        assert listed, caption
        assert caption in pages[int(listed.group(1)) - 1]

    assert "1,234" in body  # Others' total: counts have thousands separators
    assert "1,844" in body
    assert re.search(r"White\s+1,844\s+70%\s+84\s+72%", body)  # 69.5 rounds half up
    assert "<1%" in body
    assert re.search(r"Did your social worker listen to you\?\s+12\s+c\s+5\s+20", body)  # display_index, "c" as is
    assert "q_listened" not in body
    assert "c: not shown to protect small numbers" in body
    assert "N.B. In one complaint the service area involved could not be established" in body
    for heading, _ in small_report().notes:
        assert heading in body
    assert "Every complaint, comment and compliment logged by the team." in body
    assert "Withdrawn" in body and "Youth Offending" in body

    total = int(pdf_info(path)["Pages"])
    assert total == len([p for p in pages if p.strip()])
    for number in range(1, total + 1):
        assert f"Page {number} of {total}" in pages[number - 1]
    assert all("Annual complaints report, 2011/12" in page for page in pages[:total])


@needs_poppler
def test_metadata_and_the_wide_table_on_landscape_pages(tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(small_report(published=True), path)
    info = pdf_info(path)
    assert info["Title"] == "Annual complaints report, 2011/12"
    assert info["Author"] == "Coventry City Council"
    assert "\x2fLang (en-GB)" in path.read_bytes().decode("latin-1")
    assert "For publication: small numbers are protected" in pdf_text(path)
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True).stdout
    orientations = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", sizes)
    assert any(float(w) > float(h) for w, h in orientations)  # the 20-column table
    assert float(orientations[0][0]) < float(orientations[0][1])  # the cover is portrait
    assert float(orientations[-1][0]) < float(orientations[-1][1])  # notes back on portrait


@needs_poppler
def test_writes_to_a_file_object_and_to_a_str_path(tmp_path):
    buffer = io.BytesIO()
    write_pdf(small_report(), buffer)
    data = buffer.getvalue()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"%%EOF") == 1  # one document, not one per layout pass
    path = tmp_path / "from-bytes.pdf"
    path.write_bytes(data)
    assert "Table 4: How children answered" in pdf_text(path)
    write_pdf(small_report(), str(tmp_path / "str.pdf"))
    assert (tmp_path / "str.pdf").read_bytes().startswith(b"%PDF-")


def test_empty_tables_and_no_notes_still_make_a_pdf():
    empty = Table("empty", "Nothing yet", pd.DataFrame())
    buffer = io.BytesIO()
    write_pdf(small_report(tables={"empty": empty}, notes=(), previous=None, made_on=None), buffer)
    assert buffer.getvalue().startswith(b"%PDF-")


def test_greys_are_distinct():
    levels = [fill.red for fill in grey_fills(5)]
    assert levels == sorted(levels)
    assert min(b - a for a, b in zip(levels, levels[1:], strict=False)) >= 0.15


@needs_poppler
def test_complaints_sized_report_is_quick_and_pictured():
    """Writes test-artifacts/pdf-report/page-N.png for people to look at."""
    report = complaints_report()
    started = time.perf_counter()
    buffer = io.BytesIO()
    write_pdf(report, buffer)
    elapsed = time.perf_counter() - started
    print(f"complaints-sized report ({len(report.tables)} tables) written in {elapsed:.2f}s")

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    pdf = ARTIFACTS / "report.pdf"
    pdf.write_bytes(buffer.getvalue())
    (ARTIFACTS / "timing.txt").write_text(f"{elapsed:.3f}s for {len(report.tables)} tables\n")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "page")], check=True)
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) == int(pdf_info(pdf)["Pages"])
    text = pdf_text(pdf)
    assert "Table 12: Contact methods used (3)" in text


@needs_poppler
def test_a_table_too_wide_for_any_page_comes_in_parts(tmp_path):
    columns = pd.MultiIndex.from_tuples(
        [(f"Team {i // 4}", f"Outcome number {i % 4}") for i in range(40)] + [("Total", "")]
    )
    frame = pd.DataFrame(
        [[r * 100 + c for c in range(41)] for r in range(5)], index=[f"Row {r}" for r in range(5)], columns=columns
    )
    percentages = pd.DataFrame({"Positive %": [55.5, 80.0, 0.2]}, index=["x", "y", "z"])
    tables = [
        Table("wide", "A far too wide table", frame),
        Table("pct", "Percentages only", percentages, percent_columns={"Positive %": ()}, chart=Chart("hbar")),
    ]
    path = tmp_path / "wide.pdf"
    write_pdf(small_report(tables={t.id: t for t in tables}), path)
    text = pdf_text(path)
    assert "Table 1, continued" in text
    for value in (0, 39, 40, 440):  # the first and last figure of the first row, its total, the last row's
        assert re.search(rf"\b{value}\b", text), value
    assert "Team 9" in text and "Total" in text
    assert "56%" in text and "<1%" in text


@needs_poppler
def test_no_page_is_blank(tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(complaints_report(), path)
    for number, page in enumerate(pdf_text(path).split("\f")[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        body = [line for line in lines if "Page " not in line and "Not for publication" not in line]
        assert body, f"page {number} is blank"


# -- alignment, chart series, chart notes ---------------------------------------------


def test_text_cells_and_their_header_are_on_the_left():
    questions = ["Did any other professional talk to you?", "Did it help to talk to the Chair?", None]
    assert _cell_alignments(questions) == ("LEFT", ["LEFT", "LEFT", "LEFT"])
    assert _cell_alignments([86, 88.0, "c", None]) == ("RIGHT", ["RIGHT"] * 4)
    assert _cell_alignments(["c", "c"]) == ("RIGHT", ["RIGHT", "RIGHT"])  # the protection mark is a figure
    # Mostly figures with a word among them: the word on the left, the rest as figures.
    assert _cell_alignments([12, "n/a", "c"]) == ("RIGHT", ["RIGHT", "LEFT", "RIGHT"])


def test_the_question_summary_grid_aligns_its_text_column_left():
    frame = pd.DataFrame(
        {
            "Question": ["Did you feel listened to?", "Did it help?"],
            "Answered": [86, 88],
            "Positive %": [67.4, "c"],
            "Previous positive %": [None, None],
        },
        index=["Q3", "Q4"],
        dtype=object,
    )
    table = Table("question_summary", "Positive answers to each question", frame, percent_columns={"Positive %": ()})
    grid = _Grid(table)
    assert [header for header, _ in grid.alignments] == ["LEFT", "RIGHT", "RIGHT", "RIGHT"]
    flowable = grid.flowable(9, grid.layout()[2])
    assert flowable._cellStyles[1][1].alignment == "LEFT"  # a question
    assert flowable._cellStyles[2][1].alignment == "LEFT"
    assert flowable._cellStyles[1][2].alignment == "RIGHT"  # a count
    assert flowable._cellStyles[2][3].alignment == "RIGHT"  # "c"
    header = flowable._cellvalues[0][1]
    assert header.style.alignment == 0  # TA_LEFT
    assert flowable._cellvalues[0][2].style.alignment == 2  # TA_RIGHT


def _positive_table(previous) -> Table:
    frame = pd.DataFrame(
        {"Positive %": [67.0, 80.0, 55.0], "Previous positive %": previous},
        index=["Q3", "Q4", "Q5"],
        dtype=object,
    )
    return Table(
        "question_summary",
        "Positive answers to each question",
        frame,
        percent_columns={"Positive %": (), "Previous positive %": ()},
        chart=Chart("hbar", series=("Positive %", "Previous positive %"), value_label="Positive answers (%)"),
    )


def _label(table, label):
    return str(label)


def _notes(flowables) -> list[str]:
    (figure,) = flowables
    assert isinstance(figure, ChartFigure)
    return [note.text for note in figure.notes]


def _legend_names(flowables) -> list[str]:
    (figure,) = flowables
    legends = [shape for shape in figure.drawing.contents if type(shape).__name__ == "Legend"]
    return [name for legend in legends for _, name in legend.colorNamePairs]


def test_a_series_with_no_figures_is_left_out_of_the_chart():
    empty = _positive_table([None, float("nan"), None])
    series, categories, data = chart_plot(empty)
    assert series == ["Positive %"]
    assert categories == ["Q3", "Q4", "Q5"]
    assert data == [[67.0, 80.0, 55.0]]
    flowables = chart_flowables(empty, width=400, label=_label)
    assert _notes(flowables) == []  # nothing else is missing: no "no figure" note
    assert _legend_names(flowables) == []  # one series: no legend

    # A series with some figures stays, and its gaps are noted.
    partial = _positive_table([70.0, None, "c"])
    series, _, data = chart_plot(partial)
    assert series == ["Positive %", "Previous positive %"]
    assert data[1] == [70.0, None, "c"]
    flowables = chart_flowables(partial, width=400, label=_label)
    assert _notes(flowables) == [SUPPRESSED_NOTE, MISSING_NOTE]
    assert _legend_names(flowables) == ["Positive %", "Previous positive %"]

    # Protected figures are figures: a series of "c" is kept (drawn as 0, with the note).
    protected = _positive_table(["c", "c", "c"])
    assert chart_plot(protected)[0] == ["Positive %", "Previous positive %"]


def test_no_chart_when_every_series_is_empty():
    frame = pd.DataFrame({"Positive %": [None, None], "Previous positive %": [float("nan"), None]}, index=["Q3", "Q4"])
    table = Table("empty", "Nothing answered", frame, percent_columns={"Positive %": ()}, chart=Chart("hbar"))
    assert chart_plot(table) is None
    assert chart_flowables(table, width=400, label=_label) == []
    buffer = io.BytesIO()
    write_pdf(small_report(tables={"empty": table}), buffer)
    assert buffer.getvalue().startswith(b"%PDF-")


def _page_texts(path: Path) -> list[str]:
    total = int(pdf_info(path)["Pages"])
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, total + 1)
    ]


@needs_poppler
@pytest.mark.parametrize("rows", range(22, 36))
def test_a_chart_note_never_has_a_page_to_itself(tmp_path, rows):
    """A table that nearly fills a page, then its chart with a note under it: whatever
    the table's length, the note stays with the chart (before, one length left the
    note alone at the top of the next page)."""
    frame = pd.DataFrame(
        {"Number": [None if i % 5 == 0 else (i * 7) % 23 + 1 for i in range(rows)]},
        index=pd.Index([f"Area {i + 1}" for i in range(rows)], name="Area"),
        dtype=object,
    )
    table = Table("areas", "Complaints by area", frame, note="N.B. Areas as at 31 March.", chart=Chart("bar"))
    path = tmp_path / "report.pdf"
    write_pdf(small_report(tables={"areas": table}, notes=()), path)
    pages = _page_texts(path)
    assert any(MISSING_NOTE in page for page in pages)
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Annual complaints report") and "publication" not in line]
        assert body, f"page {number} is blank"
        assert not all(line in (MISSING_NOTE, SUPPRESSED_NOTE) for line in body), f"page {number}: only {body}"
