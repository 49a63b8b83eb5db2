"""Issue 10, casework items 2 and 3: void (page and command), acknowledgement, owner, notes, history."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from analysis.sources import representations_for_year
from feedback_app.complaints.models import CaseChange, Representation
from feedback_app.extensions import db
from feedback_app.privacy import today
from feedback_app.staff.models import AuditEvent, StaffUser
from tests.feedback_app.complaints.test_pages import add, form_data
from tests.helpers import csrf_token


def _rep(app, rep_id: str) -> Representation:
    with app.app_context():
        rep = db.session.get(Representation, rep_id)
        db.session.expunge(rep)
        return rep


def test_the_officer_voids_a_duplicate_on_its_page_and_it_leaves_every_figure(app, signed_in):
    keep = add(app, reference="26C-0001", received_on=date(2026, 4, 6))
    duplicate = add(app, reference="26C-0002", received_on=date(2026, 4, 6))
    client = signed_in("complaints_officer")
    url = f"/staff/complaints/{duplicate}/void"
    token = csrf_token(client, url)
    empty = client.post(url, data={"csrf_token": token, "reason": "  "})
    assert empty.status_code == 400 and "Enter why this case was recorded in error" in empty.get_data(as_text=True)
    assert _rep(app, duplicate).voided_on is None
    done = client.post(url, data={"csrf_token": token, "reason": "Duplicate of 26C-0001"})
    assert done.status_code == 302
    rep = _rep(app, duplicate)
    assert rep.voided_on == today() and rep.void_reason == "Duplicate of 26C-0001"
    page = client.get(f"/staff/complaints/{duplicate}").get_data(as_text=True)
    assert "Void: recorded in error" in page and "Duplicate of 26C-0001" in page
    listed = client.get("/staff/complaints").get_data(as_text=True)
    assert ">26C-0002<" in listed and ">Void<" in listed.replace("\n", "").replace("  ", "")
    with app.app_context():
        counted = representations_for_year(db.engine, 2026)
        assert len(counted) == 1  # the duplicate counts nowhere
        assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "complaint voided")) == \
            "26C-0002"
    assert client.get(f"/staff/complaints/{keep}/void").status_code == 200
    manager = signed_in("manager")
    token = csrf_token(manager, f"/staff/complaints/{keep}")
    assert manager.post(f"/staff/complaints/{keep}/void", data={"csrf_token": token, "reason": "x"}).status_code == 403


def test_a_void_case_has_no_running_deadline(app, signed_in):
    rep_id = add(app, reference="LATE", received_on=today() - timedelta(days=60))
    client = signed_in("complaints_officer")
    assert ">LATE<" in client.get("/staff/complaints?view=overdue").get_data(as_text=True)
    url = f"/staff/complaints/{rep_id}/void"
    client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "Spam"})
    assert ">LATE<" not in client.get("/staff/complaints?view=overdue").get_data(as_text=True)


def test_complaints_void_command(app, runner):
    rep_id = add(app, reference="26C-UX1")
    missing = runner.invoke(args=["complaints", "void", "26C-NOPE", "--reason", "Spam"])
    assert missing.exit_code != 0 and "no representation has the reference '26C-NOPE'" in missing.output
    blank = runner.invoke(args=["complaints", "void", "26c-ux1", "--reason", " "])
    assert blank.exit_code != 0 and _rep(app, rep_id).voided_on is None
    done = runner.invoke(args=["complaints", "void", "26c-ux1", "--reason", "Entered twice"])
    assert done.exit_code == 0, done.output
    assert _rep(app, rep_id).void_reason == "Entered twice"
    again = runner.invoke(args=["complaints", "void", "26C-UX1", "--reason", "Again"])
    assert again.exit_code != 0 and "already void" in again.output
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "complaint voided")) == "system"


def test_owner_acknowledgement_notes_and_a_history_of_old_and_new_values(app, signed_in):
    rep_id = add(app, reference="26C-0007", received_on=date(2026, 1, 5), summary="Late visit",
                 contact_details="07700 900123")
    client = signed_in("complaints_officer")
    with app.app_context():
        officer_id = db.session.scalar(select(StaffUser.id).where(StaffUser.role == "complaints_officer"))
    url = f"/staff/complaints/{rep_id}/edit"
    assert f'value="{officer_id}"' in client.get(f"{url}?section=received").get_data(as_text=True)
    saved = client.post(url, data={"csrf_token": csrf_token(client, url), "version": "1", **form_data(
        summary="Late visit, and a missed call", acknowledged_on=["9", "1", "2026"], owner_id=str(officer_id),
        contact_details="07700 900999")})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    record = f"/staff/complaints/{rep_id}"
    note = client.post(f"{record}/notes", data={"csrf_token": csrf_token(client, record),
                                                "text": "Rang the parent; a letter follows"})
    assert note.status_code == 302
    page = client.get(record).get_data(as_text=True)
    # 5 Jan 2026 + 3 working days = 8 Jan; sent on the 9th: late.
    assert "Due by 8 Jan 2026" in page and "Late" in page
    assert page.count("complaints_officer@council.example") >= 3  # owner, note author, history author
    assert "Rang the parent; a letter follows" in page
    with app.app_context():
        changes = {change.field: (change.old, change.new) for change in db.session.scalars(select(CaseChange))}
    assert changes["summary"] == ("Late visit", "Late visit, and a missed call")
    assert changes["acknowledged_on"] == (None, "2026-01-09")
    assert changes["investigating_officer"] == (None, "complaints_officer@council.example")
    # Contact details leave the case after closure (retention): the history never keeps a copy.
    assert changes["contact_details"] == ("(not kept in the history)", "(not kept in the history)")
    assert "07700 900123" not in page.split("History")[-1]
    empty = client.post(f"{record}/notes", data={"csrf_token": csrf_token(client, record), "text": ""})
    assert empty.status_code == 400 and "Enter the note" in empty.get_data(as_text=True)
    manager = signed_in("manager")
    refused = manager.post(f"{record}/notes", data={"csrf_token": csrf_token(manager, record), "text": "x"})
    assert refused.status_code == 403


def test_retention_deletes_the_contact_details_of_a_case_void_long_enough(app, runner):
    long_ago = today() - timedelta(days=91)
    void_long_ago = add(app, reference="26C-0001", contact_details="07700 900001", voided_on=long_ago,
                        void_reason="Spam")
    void_lately = add(app, reference="26C-0002", contact_details="07700 900002", voided_on=today(),
                      void_reason="Duplicate")
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0 and "Deleted contact details of 1 representations" in result.output
    assert _rep(app, void_long_ago).contact_details is None
    assert _rep(app, void_lately).contact_details == "07700 900002"
