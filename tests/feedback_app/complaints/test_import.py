"""``complaints import`` and ``population import``: all or nothing, row and column named."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from feedback_app.complaints.models import Population, Representation
from feedback_app.extensions import db

HEADER = ("reference,kind,received_on,service_area,category,made_by,contact_method,procedure,advocate,"
          "service_user_ethnicity,service_user_disability,stage1_responded_on,stage1_extended,stage2_started_on,"
          "stage2_responded_on,stage2_extended_to,stage3_requested_on,stage3_panel_on,stage3_responded_on,outcome")
GOOD = [
    "C-001,complaint,2011-04-04,neighbourhood services,COMMUNICATION,child,form,statutory,yes,White,No,"
    "2011-04-15,no,,,,,,,Upheld",
    "C-002,Complaint,2011-05-03,,Finance,parent,Telephone,corporate,no,Not stated,Not stated,2011-05-20,yes,"
    "2011-06-01,2011-08-01,40,,,,Partly upheld",
    "C-003,compliment,2011-06-01,Specialist Services,,professional,Email,,,,,,,,,,,,,",
]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_good_file_is_imported_with_the_configured_spellings(app, runner, write_csv):
    result = runner.invoke(args=["complaints", "import", write_csv("\n".join([HEADER, *GOOD]) + "\n")])
    assert result.exit_code == 0, result.output
    assert "Imported 3 representations" in result.output
    with app.app_context():
        first = db.session.scalar(select(Representation).where(Representation.reference == "C-001"))
        assert (first.service_area, first.category, first.contact_method) == ("Neighbourhood Services",
                                                                              "Communication", "Form")
        assert first.advocate is True and first.status == "closed" and first.received_on == date(2011, 4, 4)
        second = db.session.scalar(select(Representation).where(Representation.reference == "C-002"))
        assert second.kind == "complaint" and second.stage1_extended and second.stage2_extended_to == 40
        assert second.service_area is None
        third = db.session.scalar(select(Representation).where(Representation.reference == "C-003"))
        # A compliment needs no casework: closed on receipt (it used to stay "open" for ever).
        assert third.status == "closed" and third.closed_on == date(2011, 6, 1) and third.advocate is None


def _bad(row: int, **cells) -> str:
    columns = HEADER.split(",")
    lines = [HEADER]
    for number, line in enumerate(GOOD, start=2):
        values = line.split(",")
        if number == row:
            for name, value in cells.items():
                values[columns.index(name)] = value
        lines.append(",".join(values))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("row", "column", "value", "message"), [
    (2, "reference", "", "a reference is needed"),
    (3, "reference", "C-001", "also on row 2"),
    (2, "kind", "moan", "not one of complaint"),
    (2, "received_on", "04/04/2011", "YYYY-MM-DD"),
    (2, "received_on", "2011-02-30", "YYYY-MM-DD"),
    (2, "received_on", "", "is empty"),
    (2, "service_area", "Parks", "not one of Neighbourhood Services"),
    (2, "category", "Noise", "not one of Communication"),
    (4, "category", "Finance", "only complaints have a category"),
    (2, "made_by", "neighbour", "not one of child"),
    (2, "contact_method", "Pigeon", "not one of Form"),
    (2, "procedure", "informal", "not one of statutory"),
    (2, "advocate", "maybe", "must be yes or no"),
    (2, "service_user_ethnicity", "Martian", "not one of White"),
    (2, "service_user_disability", "Perhaps", "not one of Yes"),
    (2, "stage1_responded_on", "2011-04-01", "before received_on"),
    (2, "stage1_extended", "y", "must be yes or no"),
    (3, "stage2_started_on", "June", "YYYY-MM-DD"),
    (3, "stage2_responded_on", "2011-13-01", "YYYY-MM-DD"),
    (3, "stage2_extended_to", "25", "from 26 to 65"),
    (3, "stage2_extended_to", "66", "from 26 to 65"),
    (3, "stage2_extended_to", "thirty", "from 26 to 65"),
    (2, "stage3_requested_on", "soon", "YYYY-MM-DD"),
    (2, "stage3_panel_on", "2011-4-20", "YYYY-MM-DD"),
    (2, "stage3_responded_on", "x", "YYYY-MM-DD"),
    (2, "outcome", "Won", "not one of Upheld"),
])
def test_every_kind_of_bad_cell_names_row_and_column_and_writes_nothing(app, runner, write_csv, row, column,
                                                                       value, message):
    result = runner.invoke(args=["complaints", "import", write_csv(_bad(row, **{column: value}))])
    assert result.exit_code != 0
    assert f"row {row}, column {column}:" in result.output and message in result.output, result.output
    assert "Nothing was imported" in result.output
    assert count(app, Representation) == 0


def test_header_problems_and_references_already_in_the_register(app, runner, write_csv):
    result = runner.invoke(args=["complaints", "import", write_csv("reference,kind,colour\nA,complaint,red\n")])
    assert result.exit_code != 0 and "row 1, column colour" in result.output
    assert "row 1, column received_on: the column is missing" in result.output
    good = write_csv("\n".join([HEADER, *GOOD]) + "\n")
    assert runner.invoke(args=["complaints", "import", good]).exit_code == 0
    again = runner.invoke(args=["complaints", "import", good])
    assert again.exit_code != 0 and "row 2, column reference: 'C-001' is already in the register" in again.output
    assert count(app, Representation) == 3


POPULATION = "year,dimension,group,count\n2011,ethnicity,White,900\n2011,Ethnicity,mixed,50\n2011,disability,Yes,30\n"


def test_population_import_replaces_that_year_and_dimension(app, runner, write_csv):
    assert runner.invoke(args=["population", "import", write_csv(POPULATION)]).exit_code == 0
    result = runner.invoke(args=["population", "import", write_csv("year,dimension,group,count\n"
                                                                   "2011,ethnicity,Asian,70\n", "again.csv")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = {(p.year, p.dimension, p.group): p.count for p in db.session.scalars(select(Population))}
    assert rows == {(2011, "ethnicity", "Asian"): 70, (2011, "disability", "Yes"): 30}


@pytest.mark.parametrize(("line", "column"), [
    ("20x1,ethnicity,White,1", "year"),
    ("2011,religion,White,1", "dimension"),
    ("2011,disability,White,1", "group"),
    ("2011,ethnicity,White,-3", "count"),
    ("2011,ethnicity,White,many", "count"),
    ("2011,ethnicity,White,1", "group"),  # the same group twice
])
def test_bad_population_rows_are_refused(app, runner, write_csv, line, column):
    result = runner.invoke(args=["population", "import", write_csv(POPULATION + line + "\n")])
    assert result.exit_code != 0
    assert f"row 5, column {column}:" in result.output, result.output
    assert count(app, Population) == 0
