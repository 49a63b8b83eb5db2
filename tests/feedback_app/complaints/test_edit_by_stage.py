"""Issue 10, casework item 5: the edit form as a task list with a page per stage, showing what was written."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from tests.feedback_app.complaints.test_pages import add, form_data
from tests.helpers import csrf_token, example_answers, submit


def _visible_fields(page: str) -> set[str]:
    """Names of the form's visible controls (text boxes, areas, selects, radios)."""
    names = set(re.findall(r'<(?:textarea|select)[^>]*name="([^"]+)"', page))
    names |= set(re.findall(r'<input(?![^>]*type="hidden")[^>]*name="([^"]+)"', page))
    return names - {"csrf_token"}


def test_the_edit_page_is_a_task_list_and_each_stage_page_shows_only_its_fields(app, signed_in):
    rep_id = add(app, reference="26C-0001", summary="Late visit")
    client = signed_in("complaints_officer")
    tasks = client.get(f"/staff/complaints/{rep_id}/edit").get_data(as_text=True)
    assert "govuk-task-list" in tasks
    for section in ("received", "stage1", "stage2", "stage3", "outcome"):
        assert f"/staff/complaints/{rep_id}/edit?section={section}" in tasks
    stage1 = client.get(f"/staff/complaints/{rep_id}/edit?section=stage1").get_data(as_text=True)
    assert _visible_fields(stage1) == {"stage1_responded_on", "stage1_extended", "stage1_extension_reason"}
    assert 'type="hidden" name="summary" value="Late visit"' in stage1


def test_a_stage_page_saves_its_fields_and_keeps_the_rest(app, signed_in):
    rep_id = add(app, reference="26C-0001", summary="Late visit", service_area="Specialist Services")
    client = signed_in("complaints_officer")
    url = f"/staff/complaints/{rep_id}/edit?section=stage1"
    page = client.get(url).get_data(as_text=True)
    data = {name: values[0] if len(values) == 1 else values for name, values in _hidden(page).items()}
    data.update(stage1_responded_on=["15", "1", "2026"], stage1_extended="no", stage1_extension_reason="")
    saved = client.post(url, data=data)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/staff/complaints/{rep_id}/edit")
    with app.app_context():
        rep = db.session.get(Representation, rep_id)
        assert rep.stage1_responded_on == date(2026, 1, 15)
        assert (rep.summary, rep.service_area, rep.received_on) == ("Late visit", "Specialist Services",
                                                                    date(2026, 1, 5))


def _hidden(page: str) -> dict[str, list[str]]:
    """Every hidden input's values by name, as the browser would send them."""
    found: dict[str, list[str]] = {}
    for tag in re.findall(r'<input[^>]*type="hidden"[^>]*>', page):
        name, value = re.search(r'name="([^"]+)"', tag).group(1), re.search(r'value="([^"]*)"', tag)
        found.setdefault(name, []).append(value.group(1) if value else "")
    return found


def test_an_error_in_another_stage_is_shown_on_the_page_to_fix_there(app, signed_in):
    rep_id = add(app, reference="26C-0001")
    client = signed_in("complaints_officer")
    url = f"/staff/complaints/{rep_id}/edit?section=outcome"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "version": "1", **form_data(
        status="closed", outcome="Upheld", closed_on=["1", "2", "2026"])})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the date the stage 1 response was sent" in page
    assert "stage1_responded_on" in _visible_fields(page) and "summary" not in _visible_fields(page)


def test_the_edit_page_shows_what_the_person_wrote_online(app, client, signed_in):
    questionnaire = app.extensions["questionnaires"]["have-your-say"]
    answers = example_answers(questionnaire.variant(questionnaire.default_variant))
    answers["what_happened"] = "The contact centre cancelled our visit twice"
    assert submit(client, "/q/have-your-say", answers).status_code == 303
    with app.app_context():
        rep_id = db.session.scalar(select(Representation.id))
    tasks = signed_in("complaints_officer").get(f"/staff/complaints/{rep_id}/edit").get_data(as_text=True)
    assert "What they wrote on the form" in tasks
    assert "The contact centre cancelled our visit twice" in tasks


def test_a_case_whose_officer_has_left_still_saves(app, signed_in, make_user):
    leaver = make_user("complaints_officer", "leaver@council.example")
    rep_id = add(app, reference="26C-0001", owner_id=leaver)
    with app.app_context():
        from feedback_app.staff.models import StaffUser

        db.session.get(StaffUser, leaver).active = False
        db.session.commit()
    client = signed_in("admin")
    url = f"/staff/complaints/{rep_id}/edit?section=stage1"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "version": "1",
                                      **form_data(owner_id=str(leaver), summary="Still saves")})
    assert response.status_code == 302, response.get_data(as_text=True)
