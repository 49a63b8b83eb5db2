"""The register's staff pages: list, views, record, add and change, optimistic locking."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.privacy import today
from tests.helpers import csrf_token


def add(app, **values) -> str:
    base = {"reference": "C-1", "kind": "complaint", "status": "open", "received_on": date(2026, 1, 5),
            "made_by": "child", "stage1_extended": False}
    with app.app_context():
        rep = Representation(**{**base, **values})
        db.session.add(rep)
        db.session.commit()
        return rep.id


def form_data(**changes) -> dict:
    data = {"reference": "C-9", "kind": "complaint", "status": "open", "received_on": ["5", "1", "2026"],
            "service_area": "Specialist Services", "category": "Communication", "made_by": "parent",
            "contact_method": "Email", "procedure": "statutory", "advocate": "no",
            "service_user_ethnicity": "White", "service_user_disability": "No",
            "stage1_responded_on": ["", "", ""], "stage1_extended": "no", "stage1_extension_reason": "",
            "stage2_started_on": ["", "", ""], "stage2_extended_to": "", "stage2_extension_reason": "",
            "stage2_responded_on": ["", "", ""], "stage3_requested_on": ["", "", ""],
            "stage3_panel_on": ["", "", ""], "stage3_responded_on": ["", "", ""], "outcome": "",
            "ombudsman_decision": "", "closed_on": ["", "", ""], "summary": "Late visit", "contact_details": ""}
    data.update(changes)
    return data


def test_the_officer_adds_a_complaint_and_sees_its_deadlines(app, signed_in):
    client = signed_in("complaints_officer")
    data = form_data(stage1_responded_on=["16", "1", "2026"], contact_details="07700 900123")
    response = client.post("/staff/complaints/new", data={"csrf_token": csrf_token(client, "/staff/complaints/new"),
                                                          **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # 5 Jan 2026 + 10 working days = 19 Jan 2026; answered on the 16th: in time.
    assert "19 Jan 2026" in page and "In time" in page
    assert "07700 900123" in page and "Specialist Services" in page


def test_bad_answers_show_gov_uk_errors_and_store_nothing(app, signed_in):
    client = signed_in("complaints_officer")
    data = form_data(received_on=["31", "2", "2026"], kind="compliment", stage2_extended_to="70",
                     stage1_extended="yes")
    response = client.post("/staff/complaints/new", data={"csrf_token": csrf_token(client, "/staff/complaints/new"),
                                                          **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "govuk-error-message" in page
    for message in ("Date received must be a real date", "Only complaints have a category",
                    "from 26 to 65", "Say why stage 1 was extended"):
        assert message in page
    with app.app_context():
        assert db.session.scalar(select(Representation)) is None


def test_a_stale_save_changes_nothing(app, signed_in, make_user):
    rep_id = add(app)
    first = signed_in("complaints_officer")
    second = signed_in("admin")
    url = f"/staff/complaints/{rep_id}/edit"
    first_token, second_token = csrf_token(first, url), csrf_token(second, url)
    ok = first.post(url, data={"csrf_token": first_token, "version": "1",
                               **form_data(reference="C-1", summary="First")})
    assert ok.status_code == 302
    stale = second.post(url, data={"csrf_token": second_token, "version": "1",
                                   **form_data(reference="C-1", summary="Second")})
    assert stale.status_code == 409
    assert "Someone else changed this complaint while you were editing it" in stale.get_data(as_text=True)
    with app.app_context():
        rep = db.session.get(Representation, rep_id)
        assert rep.summary == "First" and rep.version == 2


def test_managers_read_but_do_not_change_or_see_contact_details(app, signed_in):
    rep_id = add(app, contact_details="12 Any Street")
    manager = signed_in("manager")
    page = manager.get(f"/staff/complaints/{rep_id}")
    assert page.status_code == 200 and "12 Any Street" not in page.get_data(as_text=True)
    assert manager.get(f"/staff/complaints/{rep_id}/edit").status_code == 403
    assert manager.get("/staff/complaints/new").status_code == 403
    assert signed_in("chair").get("/staff/complaints").status_code == 403
    officer = signed_in("complaints_officer")
    assert "12 Any Street" in officer.get(f"/staff/complaints/{rep_id}").get_data(as_text=True)


def test_filters_views_and_pagination(app, signed_in):
    on = today()
    add(app, reference="DUE", received_on=on - timedelta(days=7))  # 10 working days: due within a week
    add(app, reference="LATE", received_on=on - timedelta(days=60))
    add(app, reference="DONE", received_on=on - timedelta(days=60), status="closed", closed_on=on)
    add(app, reference="THANKS", kind="compliment", received_on=on - timedelta(days=60))
    for number in range(30):
        add(app, reference=f"OLD-{number:02}", received_on=date(2020, 1, 1), status="closed",
            closed_on=date(2020, 2, 1), kind="comment")
    client = signed_in("complaints_officer")
    due = client.get("/staff/complaints?view=due").get_data(as_text=True)
    assert ">DUE<" in due and ">LATE<" not in due
    overdue = client.get("/staff/complaints?view=overdue").get_data(as_text=True)
    assert ">LATE<" in overdue and ">DUE<" not in overdue and ">DONE<" not in overdue and "Overdue" in overdue
    compliments = client.get("/staff/complaints?kind=compliment").get_data(as_text=True)
    assert ">THANKS<" in compliments and ">DUE<" not in compliments
    first = client.get("/staff/complaints?status=closed").get_data(as_text=True)
    assert "31 found" in first and "govuk-pagination" in first and "page=2" in first and "status=closed" in first
    second = client.get("/staff/complaints?status=closed&page=2").get_data(as_text=True)
    assert second.count(">OLD-") == 6


def test_a_half_typed_or_missing_date_is_an_error_not_a_crash(app, signed_in):
    client = signed_in("complaints_officer")
    token = csrf_token(client, "/staff/complaints/new")
    half = client.post("/staff/complaints/new", data={"csrf_token": token,
                                                      **form_data(received_on=["", "3", "2026"])})
    assert half.status_code == 400 and "Date received must be a real date" in half.get_data(as_text=True)
    assert 'href="#received_on-day"' in half.get_data(as_text=True)
    data = form_data()
    del data["received_on"], data["closed_on"]
    missing = client.post("/staff/complaints/new", data={"csrf_token": token, **data})
    assert missing.status_code == 400 and "Enter the date it was received" in missing.get_data(as_text=True)
    closed = client.post("/staff/complaints/new", data={"csrf_token": token, **form_data(status="closed")})
    assert "Enter the date it was closed" in closed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Representation)) is None


def test_a_change_saved_between_reading_and_writing_is_caught_too(app, signed_in):
    """The form's version matched, but another save landed just before ours was written (StaleDataError)."""
    from sqlalchemy import event, update
    from sqlalchemy.orm import Session

    rep_id = add(app)
    client = signed_in("complaints_officer")
    url = f"/staff/complaints/{rep_id}/edit"
    token = csrf_token(client, url)

    done = []

    def someone_else_saves(session, _context, _instances):
        if done or not any(isinstance(obj, Representation) for obj in session.dirty):
            return
        done.append(True)
        session.connection().execute(update(Representation.__table__).where(Representation.__table__.c.id == rep_id)
                                     .values(version=2, summary="Theirs"))

    event.listen(Session, "before_flush", someone_else_saves)
    try:
        response = client.post(url, data={"csrf_token": token, "version": "1",
                                          **form_data(reference="C-1", summary="Ours")})
    finally:
        event.remove(Session, "before_flush", someone_else_saves)
    assert done
    assert response.status_code == 409
    assert "Someone else changed this complaint" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Representation, rep_id).summary is None  # rolled back with ours: nothing changed
