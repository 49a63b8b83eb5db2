"""Reports are tagged PDFs: language, title, headings, tables with header cells, charts
with words, page furniture as artefacts, every font embedded (decision 0014)."""

from __future__ import annotations

import io

import pytest

from analysis.formats.pdf_charts import chart_description
from analysis.formats.pdf_format import write_pdf
from tests import pdf_checks
from tests.analysis.test_pdf_format import complaints_report, small_report

needs_poppler = pdf_checks.needs_poppler


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    buffer = io.BytesIO()
    write_pdf(complaints_report(), buffer)
    return buffer.getvalue()


def test_the_catalogue_says_tagged_its_language_and_to_show_its_title(report_pdf):
    document = pdf_checks.open_pdf(report_pdf)
    root = document.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "/StructTreeRoot" in root and "/ParentTree" in root.StructTreeRoot


@needs_poppler
def test_poppler_reads_it_as_tagged_with_headings_tables_and_figures(report_pdf, tmp_path):
    info = pdf_checks.info(report_pdf, tmp_path)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Annual complaints report, 2011/12"
    tree = pdf_checks.structure(report_pdf, tmp_path)
    roles = {line.strip().split(" ")[0].rstrip(":") for line in tree.splitlines() if not line.strip().startswith("/")}
    assert tree.startswith("Document\n")
    assert {"H1", "H2", "H3", "TOC", "TOCI", "Table", "TR", "TH", "TD", "Figure", "P"} <= roles


def test_header_cells_have_scopes_and_every_chart_has_words(report_pdf):
    elements = pdf_checks.elements(report_pdf)
    roles = [element["role"] for element in elements]
    assert roles.count("H1") == 1
    assert roles.index("H1") < roles.index("TOC") < roles.index("Table")
    scopes = {element["attributes"].get("Scope") for element in elements if element["role"] == "TH"}
    assert scopes == {"Column", "Row"}
    figures = [element for element in elements if element["role"] == "Figure"]
    assert figures, "the complaints report has charts"
    for figure in figures:
        assert figure["alt"] and figure["alt"].split(":")[0].endswith("chart"), figure
    assert any("Children" in figure["alt"] and "Others" in figure["alt"] for figure in figures)


def test_everything_on_the_page_is_tagged_or_an_artefact(report_pdf):
    assert pdf_checks.unmarked_painting(report_pdf) == []


@needs_poppler
def test_every_font_is_embedded(report_pdf, tmp_path):
    fonts = pdf_checks.fonts(report_pdf, tmp_path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)


@needs_poppler
def test_a_small_report_still_reads_the_same(tmp_path):
    buffer = io.BytesIO()
    write_pdf(small_report(), buffer)
    text = pdf_checks.text(buffer.getvalue(), tmp_path)
    assert "Contents" in text and "About these figures" in text


def test_a_chart_description_names_each_bar_and_its_figure():
    words = chart_description("hbar", "Number", "Service", ["Children", "Others"], ["North", "South"],
                              [[3, "c"], [None, 12.5]], percent=False)
    assert words.startswith("Bar chart: Number by service.")
    assert "Children: North 3, South not shown (small number)." in words
    assert "Others: North no figure, South 12.5." in words
    one = chart_description("vbar", "Share", "", ["Total"], ["Yes"], [[40.0]], percent=True)
    assert one == "Column chart: Share. Yes 40%."


def test_the_contents_links_are_tagged_and_say_where_they_go(report_pdf):
    document = pdf_checks.open_pdf(report_pdf)
    links = [annotation for page in document.pages for annotation in page.get("/Annots", [])
             if annotation.get("/Subtype") == "/Link"]
    assert links
    for link in links:
        assert str(link.Contents).startswith("Go to page ")
        assert "/StructParent" in link
    roles = [element["role"] for element in pdf_checks.elements(report_pdf)]
    assert roles.count("Link") == len(links)
