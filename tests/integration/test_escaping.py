"""Hostile text people can send is shown as text everywhere staff see it, and exports do not run it.

Free text from the public forms reaches the complaints register, the safeguarding review and the
comments page; team names from the deployment reach the invitation pages, the audit log and the
satisfaction reports' tables (and so CSV and XLSX downloads); the deployment's own labels reach
the PDFs. Each must come out as the literal text.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from markupsafe import escape
from sqlalchemy import select

from feedback_app import privacy
from feedback_app.complaints.models import Representation
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.privacy import today
from tests.feedback_app.staff import conftest as staff_fixtures
from tests.helpers import csrf_token, example_answers, submit

make_user, signed_in = staff_fixtures.make_user, staff_fixtures.signed_in  # fixtures shared with the staff tests

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, IMG)
#: Pieces of the payloads that only appear if they were not escaped.
RAW = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")


def assert_escaped(page: str, *, shown: bool = True, where: str = ""):
    for raw in RAW:
        assert raw not in page, (where, raw)
    if shown:
        assert any(str(escape(payload)) in page for payload in PAYLOADS), where


def _hostile_submissions(client):
    """A complaint on have-your-say and conference feedback, both with a disclosure and both payloads."""
    words = f"my dad hits me {SCRIPT} {IMG}"
    sent = submit(client, "/q/have-your-say", {
        "kind": "complaint", "made_by": "parent", "about": SCRIPT, "what_happened": words, "put_right": IMG,
        "contact": f"{IMG} 01632 960000", "comments": SCRIPT})
    assert sent.status_code == 303
    sent = submit(client, "/q/cp-conference-parent", {"conference_type": "review", "comments": words})
    assert sent.status_code == 303


def test_free_text_payloads_are_escaped_on_every_staff_page_that_shows_them(app, client, signed_in, monkeypatch):
    _hostile_submissions(client)
    with app.app_context():
        [rep] = db.session.scalars(select(Representation)).all()
        rep.summary = f"Summary {SCRIPT}{IMG}"  # as a complaints officer might paste it
        db.session.commit()
        rep_id, reference = rep.id, rep.reference
        flags = db.session.scalars(select(SafeguardingFlag.id)).all()
    assert len(flags) == 2, "both disclosures are flagged"

    officer = signed_in("complaints_officer")
    listing = officer.get("/staff/complaints").get_data(as_text=True)
    assert reference in listing
    assert_escaped(listing, shown=False, where="complaints list")
    for url in (f"/staff/complaints/{rep_id}", f"/staff/complaints/{rep_id}/edit"):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.get_data(as_text=True), where=url)
    record = officer.get(f"/staff/complaints/{rep_id}").get_data(as_text=True)
    assert str(escape(f"{IMG} 01632 960000")) in record  # the contact details too

    manager = signed_in("manager")
    assert_escaped(manager.get("/staff/safeguarding").get_data(as_text=True), shown=False, where="concerns")
    for flag_id in flags:
        url = f"/staff/safeguarding/{flag_id}"
        assert_escaped(manager.get(url).get_data(as_text=True), where=url)
        done = manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": f"Referred {SCRIPT}"})
        assert done.status_code == 302
    reviewed = manager.get("/staff/safeguarding?status=reviewed").get_data(as_text=True)
    assert_escaped(reviewed, shown=False, where="reviewed concerns")
    for slug in ("have-your-say", "cp-conference-parent"):  # months of five: comments show once the month is over
        questionnaire = app.extensions["questionnaires"][slug]
        for _ in range(4):
            assert submit(client, f"/q/{slug}", example_answers(questionnaire.variant())).status_code == 303
    _month_is_over(monkeypatch)
    for slug in ("have-your-say", "cp-conference-parent"):
        for url in (f"/staff/reports/comments/{slug}", f"/staff/reports/comments/{slug}?search=dad",
                    f"/staff/reports/comments/{slug}?search=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E"):
            response = manager.get(url)
            assert response.status_code == 200, url
            assert_escaped(response.get_data(as_text=True), where=url)

    admin = signed_in("admin")
    audit = admin.get("/staff/audit").get_data(as_text=True)
    assert_escaped(audit, shown=False, where="audit log")


def test_a_team_name_with_markup_is_escaped_on_the_invitation_pages_and_in_the_audit_log(app, signed_in,
                                                                                         monkeypatch):
    monkeypatch.setitem(app.config["DEPLOYMENT"], "teams", [SCRIPT])  # teams come only from the deployment
    chair = signed_in("chair")
    url = "/staff/invitations/new"
    made = chair.post(url, data={"csrf_token": csrf_token(chair, url), "questionnaires": ["cp-conference-parent"],
                                 "meeting_type": "initial_cp_conference", "month": "2026-11",
                                 "team": SCRIPT, "cards_each": "1"})
    assert made.status_code == 200 and made.mimetype == "application/pdf"
    assert_escaped(chair.get("/staff/invitations").get_data(as_text=True), where="invitation batches")
    assert_escaped(signed_in("admin").get("/staff/audit").get_data(as_text=True), where="audit log")


FORMULA_TEAM = '=HYPERLINK("http://evil.example","North")'
FORMULA_AREA = "@SUM(1+1)"


def test_formula_like_labels_reach_csv_and_xlsx_downloads_neutralised(app, client, signed_in, runner, tmp_path,
                                                                      monkeypatch):
    """A team from the deployment becomes a row label of the satisfaction report; a service area from the
    deployment, one of the complaints report. Neither is a formula in the downloads."""
    monkeypatch.setitem(app.config["DEPLOYMENT"], "teams", [FORMULA_TEAM])
    chair = signed_in("chair")
    url = "/staff/invitations/new"
    made = chair.post(url, data={"csrf_token": csrf_token(chair, url), "questionnaires": ["cp-conference-parent"],
                                 "meeting_type": "initial_cp_conference", "month": "2026-11",
                                 "team": FORMULA_TEAM, "cards_each": "1"})
    assert made.status_code == 200
    with app.app_context():  # the code on the card: only its hash is stored, so make one the test knows
        _, [card] = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="initial_cp_conference",
                                       month="2026-11", team=FORMULA_TEAM, cards_each=1, created_by="chair@x")
        db.session.commit()
    assert client.get(f"/c/{card.code}").status_code == 302
    parent = app.extensions["questionnaires"]["cp-conference-parent"]
    for _ in range(5):  # a month of five responses, one of them from the card, shown once the month is over
        assert submit(client, "/q/cp-conference-parent", example_answers(parent.variant())).status_code == 303
    _month_is_over(monkeypatch)

    monkeypatch.setitem(app.config["DEPLOYMENT"], "service_areas", [FORMULA_AREA, "Specialist Services"])
    register = tmp_path / "register.csv"
    register.write_text(
        "reference,kind,received_on,service_area,category,made_by,contact_method,procedure,advocate,"
        "service_user_ethnicity,service_user_disability,stage1_responded_on,stage1_extended,stage2_started_on,"
        "stage2_responded_on,stage2_extended_to,stage3_requested_on,stage3_panel_on,stage3_responded_on,outcome\n"
        f"C1,complaint,2011-05-03,{FORMULA_AREA},Communication,child,Letter,statutory,yes,White,No,"
        "2011-05-10,no,,,,,,,Upheld\n", encoding="utf-8")
    result = runner.invoke(args=["complaints", "import", str(register)])
    assert result.exit_code == 0, result.output

    manager = signed_in("manager")
    this_year = today().isoformat()
    downloads = {
        FORMULA_TEAM: "/staff/reports/satisfaction/cp-conference-parent/download/{fmt}"
                      f"?from={today().replace(month=1, day=1).isoformat()}&to={this_year}",
        FORMULA_AREA: "/staff/reports/complaints/2011/download/{fmt}",
    }
    for label, pattern in downloads.items():
        csv_download = manager.get(pattern.format(fmt="csv"))
        assert csv_download.status_code == 200, pattern
        with zipfile.ZipFile(io.BytesIO(csv_download.data)) as files:  # one CSV file a table, and notes
            cells = [cell for name in files.namelist() if name.endswith(".csv")
                     for row in csv.reader(io.StringIO(files.read(name).decode("utf-8-sig"))) for cell in row]
        assert "'" + label in cells, (label, [c for c in cells if label in c])
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
        xlsx_download = manager.get(pattern.format(fmt="xlsx"))
        assert xlsx_download.status_code == 200, pattern
        book = openpyxl.load_workbook(io.BytesIO(xlsx_download.data))
        values = [(cell.value, cell.data_type) for sheet in book.worksheets for row in sheet.iter_rows()
                  for cell in row if cell.value is not None]
        assert not [value for value, kind in values if kind == "f"], "a formula in the workbook"
        assert ("'" + label, "s") in values, (label, [v for v in values if label in str(v[0])])


def _month_is_over(monkeypatch) -> None:
    """Reports count a month once it is over: move the reports' clock to the 1st of next month."""
    next_month = (today().replace(day=28) + timedelta(days=4)).replace(day=1)
    monkeypatch.setattr(privacy, "today", lambda: next_month)


HOSTILE_AUTHORITY = "<b>Council</b> & <script>x</script> &amp; <font size=40>"


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_pdfs_print_markup_in_configured_labels_as_literal_text(app, client, signed_in, runner, tmp_path,
                                                               monkeypatch):
    authority = {**app.config["DEPLOYMENT"]["authority"], "name": HOSTILE_AUTHORITY,
                 "complaints_email": "a&b<c>@example.org"}
    monkeypatch.setitem(app.config["DEPLOYMENT"], "authority", authority)
    monkeypatch.setitem(app.config["DEPLOYMENT"], "service_areas", ["<i>Area</i> & Co", "Specialist Services"])
    monkeypatch.setitem(app.config["DEPLOYMENT"], "teams", ["<u>North</u> & South"])
    register = tmp_path / "register.csv"
    register.write_text(
        "reference,kind,received_on,service_area,category,made_by,contact_method,procedure,advocate,"
        "service_user_ethnicity,service_user_disability,stage1_responded_on,stage1_extended,stage2_started_on,"
        "stage2_responded_on,stage2_extended_to,stage3_requested_on,stage3_panel_on,stage3_responded_on,outcome\n"
        "C1,complaint,2011-05-03,<i>Area</i> & Co,Communication,child,Letter,statutory,yes,White,No,"
        "2011-05-10,no,,,,,,,Upheld\n", encoding="utf-8")
    assert runner.invoke(args=["complaints", "import", str(register)]).exit_code == 0
    parent = app.extensions["questionnaires"]["cp-conference-parent"]
    for _ in range(5):  # a month of five responses, shown once the month is over
        assert submit(client, "/q/cp-conference-parent", example_answers(parent.variant())).status_code == 303
    _month_is_over(monkeypatch)

    manager = signed_in("admin")
    pdfs = {
        "complaints report": manager.get("/staff/reports/complaints/2011/download/pdf"),
        "satisfaction report": manager.get("/staff/reports/satisfaction/cp-conference-parent/download/pdf"
                                           f"?from={today().replace(month=1, day=1).isoformat()}&to={today()}"),
        "paper form": manager.get("/staff/paper/cp-conference-parent/standard.pdf"),
        "invitation cards": manager.post("/staff/invitations/new", data={
            "csrf_token": csrf_token(manager, "/staff/invitations/new"), "questionnaires": ["cp-conference-parent"],
            "meeting_type": "initial_cp_conference", "month": "2026-11", "team": "<u>North</u> & South",
            "cards_each": "1"}),
    }
    for name, response in pdfs.items():
        assert response.status_code == 200 and response.mimetype == "application/pdf", name
        words = " ".join(_pdf_text(response.data, tmp_path).split())
        assert HOSTILE_AUTHORITY in words, (name, words[:400])
    complaints_words = " ".join(_pdf_text(pdfs["complaints report"].data, tmp_path).split())
    assert "<i>Area</i> & Co" in complaints_words
    assert "a&b<c>@example.org" in " ".join(_pdf_text(pdfs["paper form"].data, tmp_path).split())
