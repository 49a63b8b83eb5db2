"""Have-your-say submissions join the register; ``retention run`` deletes expired contact details."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.models import ContactDetail, Response
from feedback_app.privacy import today
from feedback_app.staff.models import AuditEvent
from tests.helpers import example_answers, submit


@pytest.mark.parametrize("variant", ["standard", "child", "young"])
def test_each_have_your_say_variant_becomes_a_new_representation(app, client, variant):
    questionnaire = app.extensions["questionnaires"]["have-your-say"]
    answers = example_answers(questionnaire.variant(variant))
    url = "/q/have-your-say" + ("" if variant == questionnaire.default_variant else f"/{variant}")
    assert submit(client, url, answers).status_code == 303
    with app.app_context():
        rep = db.session.scalar(select(Representation))
        response = db.session.scalar(select(Response))
        assert rep.status == "new" and rep.contact_method == "Online" and rep.received_on == today()
        assert rep.kind == answers.get("kind", "comment")
        if "made_by" in answers:
            assert rep.made_by == answers["made_by"]
        assert re.fullmatch(rf"HYS-{today().year}-[A-Z2-9]{{6}}", rep.reference)
        assert rep.response_id == response.id  # its own response, and nothing else about the person


def test_other_questionnaires_do_not_make_representations_and_paper_imports_do(app, client, runner, write_csv):
    questionnaire = app.extensions["questionnaires"]["lac-review-child"]
    submit(client, "/q/lac-review-child", example_answers(questionnaire.variant(questionnaire.default_variant)))
    paper = write_csv("submitted_on,kind,made_by,what_happened\n2026-01-05,complaint,parent,Late again\n")
    result = runner.invoke(args=["responses", "import", "have-your-say", paper])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 2
        # Only the have-your-say row: every have-your-say response opens a case, whichever way it came in.
        rep = db.session.scalar(select(Representation))
        assert db.session.scalar(select(func.count()).select_from(Representation)) == 1
        assert (rep.kind, rep.made_by, rep.received_on, rep.contact_method) == (
            "complaint", "parent", date(2026, 1, 5), "Form")


def test_a_submission_and_its_representation_are_stored_together_or_not_at_all(app, client, monkeypatch):
    from feedback_app.complaints import service

    def broken(response, answers):
        raise RuntimeError("register unavailable")

    monkeypatch.setattr(service, "representation_from_submission", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        questionnaire = app.extensions["questionnaires"]["have-your-say"]
        response = submit(client, "/q/have-your-say", example_answers(questionnaire.variant("standard")))
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
        assert db.session.scalar(select(func.count()).select_from(ContactDetail)) == 0


def _closed(app, reference: str, closed_on: date | None, contact: str | None, status: str = "closed",
            form_contact: str | None = None) -> str:
    with app.app_context():
        response_id = None
        if form_contact:
            response = Response(questionnaire="have-your-say", definition_version=1, variant="standard",
                                channel="web", submitted_on=date(2026, 1, 1))
            db.session.add(response)
            db.session.flush()
            db.session.add(ContactDetail(response_id=response.id, question_id="contact", value=form_contact))
            response_id = response.id
        rep = Representation(reference=reference, kind="complaint", status=status, received_on=date(2026, 1, 1),
                             made_by="parent", stage1_extended=False, closed_on=closed_on, contact_details=contact,
                             response_id=response_id)
        db.session.add(rep)
        db.session.commit()
        return rep.id


def test_retention_deletes_contact_details_after_the_configured_days(app, runner):
    long_ago = today() - timedelta(days=91)
    old_typed = _closed(app, "OLD-1", long_ago, "07700 900001")
    old_form = _closed(app, "OLD-2", long_ago, None, form_contact="me@example.org")
    recent = _closed(app, "NEW-1", today() - timedelta(days=89), "07700 900002")
    still_open = _closed(app, "OPEN-1", None, "07700 900003", status="open")

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0 and "Would delete contact details of 2 representations" in dry.output
    with app.app_context():
        assert db.session.get(Representation, old_typed).contact_details == "07700 900001"
        assert db.session.scalar(select(func.count()).select_from(ContactDetail)) == 1

    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Deleted contact details of 2 representations closed more than 90 days ago" in result.output
    assert "1 typed in by staff, 1 given on the have-your-say form" in result.output
    with app.app_context():
        assert db.session.get(Representation, old_typed).contact_details is None
        assert db.session.get(Representation, old_form).response_id is not None
        assert db.session.scalar(select(func.count()).select_from(ContactDetail)) == 0
        assert db.session.get(Representation, recent).contact_details == "07700 900002"
        assert db.session.get(Representation, still_open).contact_details == "07700 900003"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "retention run"))
        assert "0900" not in event.detail and event.actor == "system"
    assert "of 0 representations" in runner.invoke(args=["retention", "run"]).output


def test_the_retention_period_comes_from_the_deployment(app, runner):
    _closed(app, "OLD-1", today() - timedelta(days=20), "07700 900001")
    retention = app.config["DEPLOYMENT"].get("retention")
    app.config["DEPLOYMENT"]["retention"] = {"contact_details_days_after_closure": 10}
    try:
        result = runner.invoke(args=["retention", "run"])
    finally:
        app.config["DEPLOYMENT"]["retention"] = retention
    assert "of 1 representations closed more than 10 days ago" in result.output


def test_the_officer_reads_the_submission_and_contact_details_a_manager_neither(app, client, signed_in):
    questionnaire = app.extensions["questionnaires"]["have-your-say"]
    answers = {**example_answers(questionnaire.variant("standard")), "what_happened": "The visit was cancelled",
               "contact": "07700 900555"}
    submit(client, "/q/have-your-say", answers)
    with app.app_context():
        rep_id = db.session.scalar(select(Representation.id))
    officer = signed_in("complaints_officer").get(f"/staff/complaints/{rep_id}").get_data(as_text=True)
    assert "The visit was cancelled" in officer and "07700 900555" in officer
    manager = signed_in("manager").get(f"/staff/complaints/{rep_id}").get_data(as_text=True)
    assert "The visit was cancelled" not in manager and "07700 900555" not in manager


def test_the_audit_log_names_the_change_not_what_was_written(app, signed_in):
    from tests.feedback_app.complaints.test_pages import add, form_data
    from tests.helpers import csrf_token

    rep_id = add(app)
    client = signed_in("complaints_officer")
    url = f"/staff/complaints/{rep_id}/edit"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "version": "1",
                                      **form_data(reference="C-1", summary="Secret words",
                                                  contact_details="07700 900777")})
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint changed"))
        assert event.detail.startswith("C-1: ") and "summary" in event.detail
        assert "Secret" not in event.detail and "0777" not in event.detail


def test_the_thank_you_page_gives_the_case_reference_once(app, client):
    questionnaire = app.extensions["questionnaires"]["have-your-say"]
    sent = submit(client, "/q/have-your-say", example_answers(questionnaire.variant("standard")))
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        reference = db.session.scalar(select(Representation.reference))
    assert f'Your reference is <strong dir="ltr">{reference}</strong>' in page and "10 working days" in page
    assert reference not in client.get(sent.headers["Location"]).get_data(as_text=True)  # once: not on a reload
