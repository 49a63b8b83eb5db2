"""The reading queue (issue 14): every child's free-text answer is read by a person within a deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from feedback_app.alerts.models import SafeguardingAlert
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.privacy import today
from feedback_app.reading import service
from feedback_app.reading.models import RAISED, READ, ReadingEntry
from feedback_app.responses import store_response
from feedback_app.staff.models import AuditEvent, utc_now
from tests.feedback_app.staff import conftest as staff_fixtures
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import csrf_token, submit

make_user, signed_in = staff_fixtures.make_user, staff_fixtures.signed_in  # fixtures shared with the staff tests
DISCLOSURE = "my step dad hits me when mum is out"
TEAM, MEETING = "Child Protection North", "initial_cp_conference"


def _entries(app):
    with app.app_context():
        return sorted((e.response.questionnaire, e.question_id, e.likely_concern, e.read_on, e.outcome)
                      for e in db.session.scalars(select(ReadingEntry)))


def _store(app, slug, variant, comments, on=None, **context):
    with app.app_context():
        store_response(app.extensions["questionnaires"][slug], variant, {"comments": [comments]} if comments else {},
                       submitted_on=on, **context)


def test_every_child_s_free_text_answer_enters_the_queue_and_no_adult_form_s(app, client):
    submit(client, "/q/lac-review-child/child", {"comments": "My IRO is nice"})
    submit(client, "/q/fgc-young-person/young", {"comments": DISCLOSURE})
    submit(client, "/q/lac-review-child/child", {"comments": "   "})  # nothing written: nothing to read
    submit(client, "/q/cp-conference-parent", {"conference_type": "review", "comments": "Fine"})
    assert _entries(app) == [("fgc-young-person", "comments", True, None, None),
                             ("lac-review-child", "comments", False, None, None)]


def test_every_have_your_say_free_text_answer_enters_the_queue_but_not_contact_details(app, client):
    submit(client, "/q/have-your-say", {"kind": "comment", "made_by": "parent", "about": "the contact centre",
                                        "what_happened": "It was fine", "contact": "Sam 07700 900123"})
    assert [(slug, qid) for slug, qid, *_ in _entries(app)] == [("have-your-say", "about"),
                                                                ("have-your-say", "what_happened")]


def test_likely_concerns_come_first_then_the_oldest(app, signed_in):
    _store(app, "lac-review-child", "child", "Second oldest, ordinary", on=today() - timedelta(days=5))
    _store(app, "lac-review-child", "child", "Newest, ordinary", on=today())
    _store(app, "lac-review-child", "child", "The oldest, ordinary", on=today() - timedelta(days=9))
    _store(app, "lac-review-child", "child", DISCLOSURE, on=today())
    page = signed_in("manager").get("/staff/reading").get_data(as_text=True)
    order = [page.index(text) for text in (DISCLOSURE, "The oldest", "Second oldest", "Newest")]
    assert order == sorted(order)
    assert "Likely concern: read first" in page and "Past its deadline" in page


def test_the_queue_shows_no_team_meeting_type_date_or_card(app, signed_in):
    sent_on = today() - timedelta(days=3)
    _store(app, "lac-review-child", "child", "My IRO listens", on=sent_on, meeting_type=MEETING, team=TEAM)
    page = signed_in("manager").get("/staff/reading").get_data(as_text=True)
    assert "My IRO listens" in page
    for secret in (TEAM, MEETING, "Initial", "conference", sent_on.isoformat(), sent_on.strftime("%-d %B"),
                   "lac-review-child"):
        assert secret not in page
    assert re.search(r"received (today|\d+ working days? ago)", page)


def test_a_reading_record_keeps_the_answer_a_day_and_who_read_it_and_nothing_else(app):
    columns = {column.name: type(column.type) for column in ReadingEntry.__table__.columns}
    assert columns == {"id": sa.String, "response_id": sa.String, "question_id": sa.String,
                       "likely_concern": sa.Boolean, "read_on": sa.Date, "read_by": sa.Integer,
                       "outcome": sa.String}


def test_marking_an_answer_read_keeps_the_day_and_who_and_is_audited(app, signed_in):
    _store(app, "lac-review-child", "child", "My IRO is nice", meeting_type=MEETING, team=TEAM)
    manager = signed_in("manager")
    page = manager.get("/staff/reading").get_data(as_text=True)
    [action] = re.findall(r'action="(/staff/reading/[0-9a-f]+/read)"', page)
    assert manager.post(action, data={}).status_code == 400  # no form token: nothing changes
    assert _entries(app)[0][3] is None
    assert manager.post(action, data={"csrf_token": csrf_token(manager, "/staff/reading")}).status_code == 302
    with app.app_context():
        [entry] = db.session.scalars(select(ReadingEntry)).all()
        assert (entry.read_on, entry.outcome, entry.reader.email) == (today(), READ, "manager@council.example")
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("%reading queue%"))).all()
        assert event.actor == "manager@council.example" and entry.id[:8] not in event.detail
    assert "There is nothing to read" in manager.get("/staff/reading").get_data(as_text=True)
    assert manager.post(action, data={"csrf_token": csrf_token(manager, "/staff/reading")}).status_code == 404


def test_raising_an_answer_as_a_concern_records_what_was_done_in_the_concerns_list(app, signed_in):
    _store(app, "lac-review-child", "child", "I don't like it at home lately")
    manager = signed_in("manager")
    page = manager.get("/staff/reading").get_data(as_text=True)
    [url] = re.findall(r'href="(/staff/reading/[0-9a-f]+/concern)"', page)
    refused = manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": "  "})
    assert refused.status_code == 200 and "Say what was done" in refused.get_data(as_text=True)
    assert _entries(app)[0][3] is None
    done = manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": "Rang the social worker"})
    assert done.status_code == 302
    assert _entries(app)[0][3:] == (today(), RAISED)
    with app.app_context():
        [flag] = db.session.scalars(select(SafeguardingFlag)).all()
        assert (flag.categories, flag.status, flag.action_taken) == (
            service.RAISED_BY_READER, "reviewed", "Rang the social worker")
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("%raised%")))
    assert "Rang the social worker" in manager.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)
    assert "Raised by a reader" in manager.get("/staff/safeguarding?status=reviewed").get_data(as_text=True)


def test_raising_a_flagged_answer_reviews_its_concern_as_its_own_page_does(app, client, signed_in):
    """The concern's alert rows (the first one's time is close to the response's arrival) go, as they do
    when the concern is reviewed on its own page (decision 0011, "Seen on purpose")."""
    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    with app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
        db.session.add(SafeguardingAlert(flag_id=flag_id, recipient="lead@council.example", kind="new",
                                         created_at=utc_now(), attempts=0, next_attempt_at=utc_now()))
        db.session.commit()
    manager = signed_in("manager")
    page = manager.get("/staff/reading").get_data(as_text=True)
    [url] = re.findall(r'href="(/staff/reading/[0-9a-f]+/concern)"', page)
    done = manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": "Referred to MASH"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(sa.func.count()).select_from(SafeguardingAlert)) == 0
        flag = db.session.get(SafeguardingFlag, flag_id)
        assert (flag.status, flag.action_taken, flag.reviewed_by is not None) == ("reviewed", "Referred to MASH", True)
    assert _entries(app)[0][3:] == (today(), RAISED)


def test_reviewing_a_concern_reads_its_answers(app, client, signed_in):
    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    manager = signed_in("manager")
    with app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
    url = f"/staff/safeguarding/{flag_id}"
    manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": "Referred to MASH"})
    assert _entries(app)[0][3:] == (today(), RAISED)


def test_the_deadline_counts_working_days_on_the_register_s_calendar():
    christmas_eve = date(2026, 12, 24)  # Thursday; 25 and 28 December are bank holidays
    assert not service.is_late(christmas_eve, date(2026, 12, 30), 2)
    assert service.is_late(christmas_eve, date(2026, 12, 31), 2)
    assert not service.is_late(date(2026, 12, 4), date(2026, 12, 8), 2)  # Friday: Monday, Tuesday
    assert service.is_late(date(2026, 12, 4), date(2026, 12, 9), 2)


def test_the_home_page_counts_unread_answers_for_their_readers_only(app, make_user, monkeypatch):
    _store(app, "lac-review-child", "child", "fine", on=today() - timedelta(days=10))
    _store(app, "lac-review-child", "child", "also fine")
    monkeypatch.setitem(app.config["DEPLOYMENT"], "safeguarding_leads", ["chair.lead@council.example"])
    for role, email, sees in (("manager", None, True), ("chair", "chair.lead@council.example", True),
                              ("chair", None, False), ("admin", None, False), ("complaints_officer", None, False)):
        make_user(role, email or f"{role}@council.example")
        client = app.test_client()
        sign_in(client, email or f"{role}@council.example")
        page = client.get("/staff/").get_data(as_text=True)
        assert ('id="answers-to-read"' in page) is sees, (role, email)
        if sees:
            assert "2 answers" in page and "1 answer" in page  # two unread, one past its deadline
            assert re.search(r"sent \d+ working days ago", page)
        with app.app_context():
            from feedback_app.staff.models import StaffUser
            db.session.execute(sa.delete(StaffUser).where(StaffUser.email == (email or f"{role}@council.example")))
            db.session.commit()


def test_a_bad_deadline_in_the_deployment_stops_the_app(tmp_path, monkeypatch):
    import pytest

    from feedback_app.config import ConfigError, load_deployment

    for bad in ("0", "two", "true", "30"):
        path = tmp_path / "deployment.yaml"
        path.write_text(f"reading_deadline_working_days: {bad}\n")
        with pytest.raises(ConfigError, match="reading_deadline_working_days"):
            load_deployment(str(path))


def test_the_privacy_notice_says_that_children_s_words_are_read_soon(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "What children and young people write" in page and "is also read soon after it is sent" in page
    polish = client.get("/privacy?lang=pl").get_data(as_text=True)
    assert "To, co piszą dzieci i młodzież" in polish
