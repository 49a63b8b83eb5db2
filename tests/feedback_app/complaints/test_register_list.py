"""Issue 10, casework item 4: the list's search, sort and date filters, its downloads, and ``complaints export``."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from feedback_app.complaints.importing import COLUMNS
from feedback_app.complaints.models import CaseNote, Representation
from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent
from tests.feedback_app.complaints.test_pages import add

HEADER = ",".join(COLUMNS)


def _listed(page: str) -> list[str]:
    return re.findall(r'href="/staff/complaints/[0-9a-f]{32}">([^<]+)</a>', page)


def _three(app) -> None:
    add(app, reference="26C-0001", received_on=date(2026, 1, 5), summary="A missed visit")
    second = add(app, reference="26C-0002", received_on=date(2026, 3, 2), summary="Letters not answered",
                 contact_details="12 Any Street")
    add(app, reference="25K-0009", kind="compliment", status="closed", closed_on=date(2025, 6, 1),
        received_on=date(2025, 6, 1), summary="Thank you to the social worker")
    with app.app_context():
        db.session.add(CaseNote(representation_id=second, author="someone@council.example",
                                text="Spoke to the TEAM MANAGER"))
        db.session.commit()


def test_search_sort_and_dates(app, signed_in):
    _three(app)
    client = signed_in("manager")
    assert _listed(client.get("/staff/complaints?q=0002").get_data(as_text=True)) == ["26C-0002"]
    assert _listed(client.get("/staff/complaints?q=MISSED").get_data(as_text=True)) == ["26C-0001"]
    assert _listed(client.get("/staff/complaints?q=team+manager").get_data(as_text=True)) == ["26C-0002"]
    assert _listed(client.get("/staff/complaints?q=100%25").get_data(as_text=True)) == []
    assert _listed(client.get("/staff/complaints").get_data(as_text=True)) == ["26C-0002", "26C-0001", "25K-0009"]
    assert _listed(client.get("/staff/complaints?sort=reference").get_data(as_text=True)) == [
        "25K-0009", "26C-0001", "26C-0002"]
    assert _listed(client.get("/staff/complaints?sort=status").get_data(as_text=True)) == [
        "26C-0002", "26C-0001", "25K-0009"]
    assert _listed(client.get("/staff/complaints?sort=deadline").get_data(as_text=True)) == [
        "26C-0001", "26C-0002", "25K-0009"]
    between = client.get("/staff/complaints?received_from=2026-01-01&received_to=31/1/2026")
    assert _listed(between.get_data(as_text=True)) == ["26C-0001"]
    bad = client.get("/staff/complaints?received_from=2026-02-30")
    assert bad.status_code == 400
    assert "Received from must be a real date" in bad.get_data(as_text=True)


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_downloads_hold_what_the_list_shows_contact_details_by_role_and_are_audited(app, signed_in):
    _three(app)
    officer = signed_in("complaints_officer")
    page = officer.get("/staff/complaints?kind=complaint&sort=reference").get_data(as_text=True)
    link = re.search(r'href="(/staff/complaints/export\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    rows = _csv_rows(officer.get(link))
    assert [row["reference"] for row in rows] == _listed(page) == ["26C-0001", "26C-0002"]
    assert rows[1]["contact_details"] == "12 Any Street" and rows[1]["status"] == "open"
    manager_rows = _csv_rows(signed_in("manager").get(link))
    assert [row["reference"] for row in manager_rows] == ["26C-0001", "26C-0002"]
    assert "contact_details" not in manager_rows[0]
    book = load_workbook(io.BytesIO(officer.get(link.replace(".csv", ".xlsx")).data), read_only=True)
    sheet = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert sheet[0][0] == "reference" and [row[0] for row in sheet[1:]] == ["26C-0001", "26C-0002"]
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "complaints register downloaded").order_by(AuditEvent.id)).all()
    assert details == ["2 cases as csv, with contact details", "2 cases as csv",
                       "2 cases as xlsx, with contact details"]
    assert officer.get("/staff/complaints/export.json").status_code == 404
    assert officer.get("/staff/complaints/export.csv?received_to=yesterday").status_code == 400


def test_a_formula_typed_into_the_register_is_text_in_the_download(app, signed_in):
    add(app, reference="26C-0001", contact_details="=HYPERLINK(\"http://evil.example\")")
    rows = _csv_rows(signed_in("complaints_officer").get("/staff/complaints/export.csv"))
    assert rows[0]["contact_details"].startswith("'=")


def test_complaints_export_imports_again(app, runner, write_csv, tmp_path):
    text = "\n".join([
        HEADER + ",status,void_reason",
        "26C-0001,complaint,2026-01-05,Specialist Services,Communication,child,Email,statutory,yes,White,No,"
        "2026-01-15,no,2026-01-20,2026-02-20,30,,,,Upheld,closed,",
        "26C-0002,complaint,2026-02-05,,,parent,,,,,,,no,,,,,,,,open,",
        "26C-0003,complaint,2026-02-06,,,parent,,,,,,,no,,,,,,,,new,Entered twice",
        "25K-0001,compliment,2025-03-01,Specialist Services,,carer,Letter,,,,,,no,,,,,,,,closed,",
    ]) + "\n"
    assert runner.invoke(args=["complaints", "import", write_csv(text)]).exit_code == 0
    out = tmp_path / "register.csv"
    result = runner.invoke(args=["complaints", "export", str(out)])
    assert result.exit_code == 0, result.output
    exported = out.read_text(encoding="utf-8")
    assert exported.splitlines()[0] == HEADER + ",status,void_reason"
    assert sorted(exported.splitlines()[1:]) == sorted(text.splitlines()[1:])
    year = tmp_path / "2025.csv"
    assert runner.invoke(args=["complaints", "export", str(year), "--year", "2025"]).exit_code == 0
    assert [line.split(",")[0] for line in year.read_text().splitlines()[1:]] == ["26C-0001", "26C-0002", "26C-0003"]

    with app.app_context():
        before = {rep.reference: _values(rep) for rep in db.session.scalars(select(Representation))}
        for rep in db.session.scalars(select(Representation)):
            db.session.delete(rep)
        db.session.commit()
    again = runner.invoke(args=["complaints", "import", str(out)])
    assert again.exit_code == 0, again.output
    with app.app_context():
        after = {rep.reference: _values(rep) for rep in db.session.scalars(select(Representation))}
    assert after == before and after["26C-0003"]["void_reason"] == "Entered twice"


def _values(rep: Representation) -> dict:
    return {name: getattr(rep, name) for name in (*COLUMNS, "status", "void_reason", "closed_on")}
