"""Item 6: a questionnaire built and published (not a shipped file) prints on paper, takes a
typed-in paper form and a CSV import, and is reported, exactly as a shipped one."""

from __future__ import annotations

import json
import shutil

from feedback_app.extensions import db
from feedback_app.models import Response
from tests.feedback_app.builder.youth_club import publish
from tests.feedback_app.staff.test_paper import entry, pdf_text


def test_a_built_questionnaire_prints_on_paper_and_takes_a_typed_in_form(app, runner, signed_in, tmp_path):
    publish(runner, tmp_path)
    client = signed_in("manager")
    pdf = client.get("/staff/paper/youth-club/standard.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "Did you enjoy youth club?" in " ".join(pdf_text(pdf.data, tmp_path).split())
    response = entry(client, "/staff/paper/youth-club/standard", {"enjoyed": "yes"}, "2012-01-03")
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.query(Response).filter_by(questionnaire="youth-club").all()
        assert [(row.definition_version, row.channel) for row in stored] == [(1, "paper")]


def test_a_built_questionnaire_takes_a_csv_import_and_is_reported(app, runner, tmp_path):
    publish(runner, tmp_path)
    rows = ["submitted_on,variant,channel,enjoyed,comments"] + [
        f"2012-01-{day:02d},standard,paper,{'yes' if day % 3 else 'no'}," for day in range(1, 13)]
    csv = tmp_path / "youth.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(args=["responses", "import", "youth-club", str(csv)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "report.json"
    result = runner.invoke(args=["report", "satisfaction", "youth-club", "--from", "2012-01-01", "--to",
                                 "2012-01-31", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = json.loads(out.read_text(encoding="utf-8"))["tables"]["question_summary"]
    summary = dict(zip(table["index"], table["data"], strict=True))["enjoyed"]
    assert dict(zip(table["columns"], summary, strict=True))["Positive"] == 8
