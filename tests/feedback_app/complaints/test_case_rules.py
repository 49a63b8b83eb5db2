"""Issue 10, casework item 1: the register's data rules (references, dates, closure, compliments, the form)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.privacy import today
from tests.feedback_app.complaints.test_pages import add, form_data
from tests.helpers import csrf_token

NEW = "/staff/complaints/new"


def _post_new(client, **changes):
    return client.post(NEW, data={"csrf_token": csrf_token(client, NEW), **form_data(**changes)})


def _stored(app, **where) -> Representation | None:
    with app.app_context():
        rep = db.session.scalar(select(Representation).filter_by(**where))
        if rep is not None:
            db.session.expunge(rep)
        return rep


def test_the_app_makes_the_reference_counting_on_from_imported_ones(app, signed_in):
    add(app, reference="26C041", received_on=date(2026, 1, 2))  # an old-style reference, imported
    add(app, reference="25C-0100", received_on=date(2025, 12, 30))  # another year: its own count
    client = signed_in("complaints_officer")
    first = _post_new(client, reference="TYPED-BY-HAND")
    assert first.status_code == 302, first.get_data(as_text=True)
    assert _stored(app, reference="26C-0042") is not None and _stored(app, reference="TYPED-BY-HAND") is None
    compliment = _post_new(client, kind="compliment", category="")
    assert compliment.status_code == 302
    assert _stored(app, reference="26K-0001") is not None


def test_references_are_one_whatever_their_case_in_the_database_and_in_search(app, signed_in):
    add(app, reference="26C-UX1")
    with app.app_context():
        db.session.add(Representation(reference="26c-ux1", kind="complaint", status="open",
                                      received_on=date(2026, 1, 5), made_by="child", stage1_extended=False))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    page = signed_in("manager").get("/staff/complaints?q=26c-ux1").get_data(as_text=True)
    assert ">26C-UX1<" in page and "1 found" in page


@pytest.mark.parametrize("field", ["received_on", "stage1_responded_on", "stage2_responded_on", "closed_on",
                                   "acknowledged_on"])
def test_no_date_may_be_in_the_future(app, signed_in, field):
    tomorrow = today() + timedelta(days=1)
    changes = {field: [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]}
    if field == "stage2_responded_on":
        changes["stage2_started_on"] = ["10", "1", "2026"]
    response = _post_new(signed_in("complaints_officer"), **changes)
    assert response.status_code == 400
    assert "must be today or in the past" in response.get_data(as_text=True)
    assert _stored(app) is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"status": "closed", "closed_on": ["1", "2", "2026"], "stage1_responded_on": ["15", "1", "2026"]},
     "Select an outcome: a closed complaint needs one"),
    ({"status": "closed", "closed_on": ["1", "2", "2026"], "outcome": "Upheld"},
     "Enter the date the stage 1 response was sent"),
    ({"status": "closed", "closed_on": ["1", "3", "2026"], "outcome": "Not upheld",
      "stage1_responded_on": ["15", "1", "2026"], "stage2_started_on": ["20", "1", "2026"]},
     "Enter the date the stage 2 response was sent"),
    ({"status": "open", "outcome": "Upheld"}, "A complaint has an outcome only when it is closed"),
])
def test_closure_needs_an_outcome_and_the_stages_it_passed_and_an_outcome_needs_closure(app, signed_in, changes,
                                                                                         message):
    response = _post_new(signed_in("complaints_officer"), **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _stored(app) is None


def test_a_closed_complaint_with_its_outcome_and_responses_saves_and_a_withdrawn_one_needs_no_response(app,
                                                                                                      signed_in):
    client = signed_in("complaints_officer")
    done = _post_new(client, status="closed", closed_on=["1", "2", "2026"], outcome="Upheld",
                     stage1_responded_on=["15", "1", "2026"])
    assert done.status_code == 302
    withdrawn = _post_new(client, status="closed", closed_on=["8", "1", "2026"], outcome="Withdrawn")
    assert withdrawn.status_code == 302


def test_compliments_and_comments_are_closed_on_receipt(app, signed_in):
    response = _post_new(signed_in("complaints_officer"), kind="comment", category="", status="open")
    assert response.status_code == 302
    rep = _stored(app, kind="comment")
    assert rep.status == "closed" and rep.closed_on == date(2026, 1, 5)


def test_made_by_starts_empty_and_must_be_chosen(app, signed_in):
    client = signed_in("complaints_officer")
    page = client.get(NEW).get_data(as_text=True)
    select_box = re.search(r'<select[^>]*id="made_by".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"( selected)?', select_box)
    assert options[0] == ("", "") and not any(selected for _, selected in options)  # the browser shows the first
    response = _post_new(client, made_by="")
    assert response.status_code == 400 and "Select who made it" in response.get_data(as_text=True)


def test_after_a_save_conflict_the_form_shows_what_is_saved_now(app, signed_in):
    rep_id = add(app, reference="26C-0001")
    first, second = signed_in("complaints_officer"), signed_in("admin")
    url = f"/staff/complaints/{rep_id}/edit"
    first_token, second_token = csrf_token(first, url), csrf_token(second, url)
    assert first.post(url, data={"csrf_token": first_token, "version": "1",
                                 **form_data(summary="Saved first")}).status_code == 302
    stale = second.post(url, data={"csrf_token": second_token, "version": "1",
                                   **form_data(summary="Typed second")})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Someone else changed this complaint" in page
    assert re.search(r'<textarea[^>]*id="summary"[^>]*>\s*Saved first</textarea>', page)
    assert "Typed second" not in page
    assert re.search(r'<input[^>]*name="version"[^>]*value="2"', page) or re.search(
        r'<input[^>]*value="2"[^>]*name="version"', page)


def test_the_import_refuses_future_dates_and_an_outcome_on_an_open_complaint(app, runner, write_csv):
    from feedback_app.complaints.importing import COLUMNS

    future = (today() + timedelta(days=1)).isoformat()
    text = "\n".join([
        ",".join(COLUMNS) + ",status",
        f"26C-0001,complaint,{future},,,child,,,,,,,no,,,,,,,,open",
        "26C-0002,complaint,2026-01-05,,,child,,,,,,2026-01-09,no,,,,,,,Upheld,open",
    ]) + "\n"
    result = runner.invoke(args=["complaints", "import", write_csv(text)])
    assert result.exit_code != 0
    assert f"row 2, column received_on: {future} is in the future" in result.output
    assert "row 3, column outcome: a complaint has an outcome only when it is closed, and this one is open" in \
        result.output
    assert _stored(app) is None
