"""Making a batch of cards: only questionnaires that fit the meeting, a version for each
child's card, and one batch however often the same form is sent."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from feedback_app.extensions import db
from feedback_app.invitations.models import InvitationBatch, InvitationCode
from tests.feedback_app.staff.test_invitations import NEW, batch_form, post_batch
from tests.helpers import csrf_token

BATCH_TOKEN = re.compile(r'name="batch" type="hidden" value="([^"]+)"|type="hidden" name="batch" value="([^"]+)"'
                         r'|id="batch" name="batch" type="hidden" value="([^"]+)"')


def _batches(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(InvitationBatch.id)))


def _codes_in(pdf: bytes, tmp_path) -> list[str]:
    (tmp_path / "cards.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "cards.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    return re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b", text)


def _form_with_token(client) -> dict:
    page = client.get(NEW).get_data(as_text=True)
    [token] = [value for match in BATCH_TOKEN.findall(page) for value in match if value]
    return {"csrf_token": csrf_token(client, NEW), "batch": token}


def test_a_questionnaire_that_does_not_fit_the_meeting_is_refused(app, signed_in):
    client = signed_in("chair")
    response = post_batch(client, questionnaires=["cp-conference-parent", "lac-review-child"],
                          meeting_type="review_cp_conference")
    page = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Tell us about your review (lac-review-child) is not for a review child protection conference" in page
    assert "Choose from: Tell us about the child protection conference (cp-conference-parent)" in page
    assert _batches(app) == 0
    fgc = post_batch(client, questionnaires=["cp-conference-child"], meeting_type="fgc")
    assert "is not for a family group conference" in fgc.get_data(as_text=True) and _batches(app) == 0
    initial = post_batch(client, questionnaires=["fgc-family"], meeting_type="initial_cp_conference")
    assert "is not for an initial child protection conference" in initial.get_data(as_text=True)


def test_the_form_says_which_meetings_each_questionnaire_is_for(app, signed_in):
    page = " ".join(signed_in("chair").get(NEW).get_data(as_text=True).split())
    assert "For: looked after child review" in page
    assert "For: initial child protection conference, review child protection conference" in page


def test_the_chair_picks_the_version_a_child_s_card_opens(app, signed_in, client, tmp_path):
    chair = signed_in("chair")
    page = chair.get(NEW).get_data(as_text=True)
    assert 'name="version_cp-conference-child"' in page and "Young people aged 13 and over" in page
    assert 'name="version_cp-conference-parent"' not in page  # one version only: nothing to choose
    response = chair.post(NEW, data={"csrf_token": csrf_token(chair, NEW), **batch_form(
        cards_each="1", **{"version_cp-conference-child": "standard"})})
    assert response.mimetype == "application/pdf"
    with app.app_context():
        assert sorted(db.session.scalars(select(InvitationCode.questionnaire))) == [
            "cp-conference-child/standard", "cp-conference-parent"]
    opened = {code: client.get(f"/c/{code}").headers["Location"] for code in _codes_in(response.data, tmp_path)}
    assert sorted(opened.values()) == ["/q/cp-conference-child/standard", "/q/cp-conference-parent"]


def test_a_version_not_in_the_list_is_refused(app, signed_in):
    response = post_batch(signed_in("chair"), **{"version_cp-conference-child": "grown-up"})
    assert response.status_code == 400 and "Choose a version from the list" in response.get_data(as_text=True)
    assert _batches(app) == 0


def test_the_same_form_sent_twice_makes_one_batch(app, signed_in):
    client = signed_in("chair")
    sent = _form_with_token(client)
    first = client.post(NEW, data={**sent, **batch_form()})
    assert first.mimetype == "application/pdf"
    again = client.post(NEW, data={**sent, **batch_form()})
    page = " ".join(again.get_data(as_text=True).split())
    assert again.status_code == 409
    assert "These cards were already made" in page and "No more cards have been made" in page
    with app.app_context():
        batch = db.session.scalars(select(InvitationBatch)).one()
    assert f"invitation-cards-2026-11-{batch.id[:6]}.pdf" in page
    assert _batches(app) == 1
    # a new form is a new batch
    assert client.post(NEW, data={**_form_with_token(client), **batch_form()}).mimetype == "application/pdf"
    assert _batches(app) == 2


def test_a_made_batch_is_confirmed_on_the_next_page(app, signed_in):
    client = signed_in("chair")
    post_batch(client, cards_each="2")
    assert "Cards made: 4 cards, downloaded as invitation-cards-2026-11-" in client.get(
        "/staff/invitations").get_data(as_text=True)


def test_two_sendings_at_once_cannot_both_make_the_batch(app):
    """Two requests with the same form that both pass the "already made?" check: the batch id is
    the primary key, so the second INSERT fails and that request shows "already made"."""
    from feedback_app.invitations.codes import create_batch
    from feedback_app.models import new_id

    batch_id = new_id()
    fields = {"questionnaires": ["cp-conference-parent"], "meeting_type": "fgc", "month": "2026-11", "team": None,
              "cards_each": 1, "created_by": "chair@council.example", "batch_id": batch_id}
    with app.app_context():
        create_batch(**fields)
        db.session.commit()
        with pytest.raises(IntegrityError):
            create_batch(**fields)
        db.session.rollback()
    assert _batches(app) == 1
