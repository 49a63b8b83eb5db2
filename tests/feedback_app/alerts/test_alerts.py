"""Safeguarding alerts through a real SMTP server on loopback: what is sent, when, to whom,
and that no message says anything about the person or what they wrote."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from feedback_app.alerts.models import SafeguardingAlert
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.responses import store_response
from feedback_app.staff.models import AuditEvent, StaffUser
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import csrf_token, submit

DISCLOSURE = "my step dad hits me when mum is out"
LEAD = "lead@council.example"
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The job's clock, moved by the test: ``clock.now = ...``."""
    class Clock:
        now = START

    monkeypatch.setattr("feedback_app.alerts.cli.utc_now", lambda: Clock.now)
    return Clock


@pytest.fixture
def yaml_lead(mailing_app, monkeypatch):
    monkeypatch.setitem(mailing_app.config["DEPLOYMENT"], "safeguarding_leads", [LEAD])
    return LEAD


def _run(app):
    result = app.test_cli_runner().invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def _alerts(app):
    with app.app_context():
        return [(a.recipient, a.kind, a.attempts, a.sent_at is not None)
                for a in db.session.scalars(select(SafeguardingAlert))]


def _text(received) -> str:
    message = message_from_bytes(received.raw, policy=policy.default)
    return f"{message['Subject']}\n{message.get_content()}"


def test_a_flagged_submission_is_e_mailed_to_the_lead_by_the_next_run(mailing_app, smtp_server, yaml_lead, clock):
    client = mailing_app.test_client()
    response = submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE}, follow_redirects=True)
    assert response.status_code == 200
    assert smtp_server.messages == []  # the submission sends nothing: the job does
    assert "Queued 1, sent 1" in _run(mailing_app)
    [received] = smtp_server.messages
    assert received.recipients == [LEAD]
    text = _text(received)
    assert "A safeguarding concern is waiting to be reviewed" in text
    assert "https://feedback.council.example/staff/safeguarding" in text
    assert "Queued 0, sent 0" in _run(mailing_app)  # told once
    assert len(smtp_server.messages) == 1


def test_an_unflagged_submission_sends_nothing(mailing_app, smtp_server, yaml_lead, clock):
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": "My reviews are good"})
    _run(mailing_app)
    assert smtp_server.messages == []
    assert _alerts(mailing_app) == []


def test_with_the_mail_server_down_nothing_is_lost_and_it_is_sent_when_it_is_back(
        mailing_app, smtp_server, yaml_lead, clock, caplog):
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    smtp_server.stop()
    with caplog.at_level(logging.WARNING, logger="feedback_app.alerts"):
        assert "kept to try again 1" in _run(mailing_app)
    assert _alerts(mailing_app) == [(LEAD, "concern", 1, False)]
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("feedback_app.alerts")]
    assert "could not be reached" in line
    with mailing_app.app_context():
        flag = db.session.scalar(select(SafeguardingFlag))
    for content in (DISCLOSURE, "step dad", LEAD, flag.id, flag.response_id, "lac-review-child"):
        assert content not in caplog.text

    smtp_server.start()
    _run(mailing_app)
    assert smtp_server.messages == []  # backing off: not yet due
    clock.now = START + timedelta(minutes=1)
    assert "sent 1" in _run(mailing_app)
    assert [m.recipients for m in smtp_server.messages] == [[LEAD]]
    assert _alerts(mailing_app) == [(LEAD, "concern", 1, True)]


def test_retries_back_off_and_never_give_up(mailing_app, smtp_server, yaml_lead, clock):
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    smtp_server.stop()
    waits = []
    with mailing_app.app_context():
        for attempt in range(1, 8):
            _run(mailing_app)
            alert = db.session.scalar(select(SafeguardingAlert))
            due = alert.next_attempt_at if alert.next_attempt_at.tzinfo else alert.next_attempt_at.replace(tzinfo=UTC)
            assert alert.attempts == attempt and alert.sent_at is None
            waits.append(int((due - clock.now).total_seconds() // 60))
            clock.now = due
            db.session.remove()
    assert waits == [1, 2, 4, 8, 15, 15, 15]
    smtp_server.start()
    _run(mailing_app)
    assert len(smtp_server.messages) == 1


def test_a_concern_not_reviewed_within_the_set_hours_is_sent_again_as_a_reminder(
        mailing_app, smtp_server, yaml_lead, clock, monkeypatch):
    monkeypatch.setitem(mailing_app.config["DEPLOYMENT"], "safeguarding_reminder_hours", 4)
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    _run(mailing_app)
    clock.now = START + timedelta(hours=3, minutes=59)
    _run(mailing_app)
    assert len(smtp_server.messages) == 1
    clock.now = START + timedelta(hours=4)
    assert "Queued 1, sent 1" in _run(mailing_app)
    reminder = _text(smtp_server.messages[-1])
    assert "Reminder: a safeguarding concern is still waiting" in reminder and "within 4 hours" in reminder
    clock.now = START + timedelta(hours=12)
    _run(mailing_app)
    assert len(smtp_server.messages) == 2  # one reminder, not one an hour


def test_a_reviewed_concern_gets_no_reminder_and_keeps_no_alert_rows(mailing_app, smtp_server, yaml_lead, clock,
                                                                     signed_in):
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    _run(mailing_app)
    assert len(_alerts(mailing_app)) == 1
    with mailing_app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
    manager = signed_in("manager")
    url = f"/staff/safeguarding/{flag_id}"
    manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": "Referred to MASH"})
    assert _alerts(mailing_app) == []  # their times would say when the response arrived
    clock.now = START + timedelta(hours=5)
    _run(mailing_app)
    assert len(smtp_server.messages) == 1


def test_no_message_holds_the_words_the_questionnaire_the_team_the_meeting_type_or_the_date(
        mailing_app, smtp_server, yaml_lead, clock, monkeypatch):
    monkeypatch.setitem(mailing_app.config["DEPLOYMENT"], "safeguarding_reminder_hours", 1)
    questionnaire = mailing_app.extensions["questionnaires"]["cp-conference-parent"]
    with mailing_app.app_context():
        store_response(questionnaire, "standard",
                       {"conference_type": ["review"], "comments": ["My partner hits me and the kids"]},
                       channel="paper", submitted_on=date(2026, 1, 5), team="Child Protection North",
                       meeting_type="review_cp_conference")
        flag_id, response_id = db.session.execute(select(SafeguardingFlag.id, SafeguardingFlag.response_id)).one()
    _run(mailing_app)
    clock.now = START + timedelta(hours=1)
    _run(mailing_app)
    assert len(smtp_server.messages) == 2  # the alert and the reminder
    for received in smtp_server.messages:
        raw = received.raw.decode("utf-8", "replace").lower()
        decoded = _text(received).lower()
        for forbidden in ("partner hits me", "hits", "kids", "child protection north", "north",
                          "review_cp_conference", "review child protection conference", "cp-conference-parent",
                          questionnaire.title.lower(), "paper", "2026-01-05", "5 january", "05/01/2026",
                          "physical", response_id, flag_id):
            assert forbidden not in raw and forbidden not in decoded, forbidden


def test_leads_are_accounts_an_administrator_marks_and_the_deployment_s_list(
        mailing_app, smtp_server, yaml_lead, clock, make_user, signed_in):
    chair_id = make_user("chair", "marked.chair@council.example")
    make_user("manager", "plain.manager@council.example")
    gone_id = make_user("chair", "leaver@council.example")
    admin = signed_in("admin")
    for user_id, active in ((chair_id, "y"), (gone_id, None)):
        url = f"/staff/users/{user_id}"
        form = {"csrf_token": csrf_token(admin, url), "action": "update", "role": "chair", "safeguarding_lead": "y"}
        assert admin.post(url, data={**form, **({"active": active} if active else {})}).status_code == 302
    with mailing_app.app_context():
        assert db.session.get(StaffUser, chair_id).safeguarding_lead
        details = [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user changed"))]
    assert "marked.chair@council.example: made a safeguarding lead" in details

    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    _run(mailing_app)
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == [LEAD, "marked.chair@council.example"]

    marked_chair = mailing_app.test_client()
    sign_in(marked_chair, "marked.chair@council.example")
    assert marked_chair.get("/staff/safeguarding").status_code == 200  # a lead whatever the role
    assert marked_chair.get("/staff/users").status_code == 403


def test_without_a_mail_server_the_job_sends_nothing_and_says_so(app, client, monkeypatch):
    monkeypatch.setitem(app.config["DEPLOYMENT"], "safeguarding_leads", [LEAD])
    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    assert "MAIL_SERVER is not set: no e-mail is sent" in _run(app)
    assert _alerts(app) == []


def test_with_no_lead_anywhere_the_job_says_so_in_the_log(mailing_app, smtp_server, clock, caplog):
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    with caplog.at_level(logging.WARNING, logger="feedback_app.alerts"):
        _run(mailing_app)
    assert "1 concerns waiting but no safeguarding leads to tell" in caplog.text
    assert smtp_server.messages == []


def test_run_as_a_service_it_sends_on_every_round(mailing_app, smtp_server, yaml_lead, clock, monkeypatch):
    class Stop(Exception):
        pass

    rounds = []

    def sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 1:  # a concern arrives between the first round and the second
            submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
            return
        raise Stop

    monkeypatch.setattr("feedback_app.alerts.cli.sleep", sleep)
    result = mailing_app.test_cli_runner().invoke(args=["alerts", "send", "--every", "15"])
    assert isinstance(result.exception, Stop) and rounds == [15, 15]
    assert [m.recipients for m in smtp_server.messages] == [[LEAD]]


def test_a_lead_the_server_refuses_is_kept_to_try_again_and_the_others_are_sent(
        mailing_app, smtp_server, clock, monkeypatch, caplog):
    monkeypatch.setitem(mailing_app.config["DEPLOYMENT"], "safeguarding_leads",
                        ["refused.lead@council.example", LEAD])
    submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
    with caplog.at_level(logging.WARNING, logger="feedback_app.alerts"):
        assert "sent 1, kept to try again 1" in _run(mailing_app)
    assert sorted(_alerts(mailing_app)) == [(LEAD, "concern", 0, True),
                                            ("refused.lead@council.example", "concern", 1, False)]
    assert "refused a message (SMTPRecipientsRefused)" in caplog.text
    assert "refused.lead" not in caplog.text and "No such mailbox" not in caplog.text


# On loopback without a certificate: aiosmtpd warns that AUTH without TLS is unsafe, as it would be elsewhere.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
@pytest.mark.parametrize(("password", "sent"), [("right-password", 1), ("wrong-password", 0)])
def test_a_server_that_asks_for_a_sign_in_gets_the_configured_one(mailing_app, yaml_lead, clock, monkeypatch,
                                                                    password, sent):
    from tests.feedback_app.alerts.conftest import SMTPServer, password_checker

    server = SMTPServer(authenticator=password_checker("feedback", "right-password"), auth_required=True,
                        auth_require_tls=False)
    server.start()
    try:
        for name, value in {"MAIL_PORT": server.port, "MAIL_USERNAME": "feedback", "MAIL_PASSWORD": password}.items():
            monkeypatch.setitem(mailing_app.config, name, value)
        monkeypatch.setattr("feedback_app.alerts.outbox.SMTP_TIMEOUT", 2)  # aiosmtpd stalls after a wrong password
        submit(mailing_app.test_client(), "/q/lac-review-child/child", {"comments": DISCLOSURE})
        _run(mailing_app)
        assert len(server.messages) == sent
        assert _alerts(mailing_app) == [(LEAD, "concern", 1 - sent, bool(sent))]
    finally:
        server.stop()


def test_answers_past_their_reading_deadline_remind_the_leads_once_a_day(mailing_app, smtp_server, yaml_lead, clock):
    """The reading queue (feedback_app/reading): 2 working days after 26 November 2026 (a Thursday) is
    Monday 30 November; on 1 December the answer is late. The reminder names no answer."""
    with mailing_app.app_context():
        store_response(mailing_app.extensions["questionnaires"]["lac-review-child"], "child",
                       {"comments": ["My IRO is nice"]}, submitted_on=date(2026, 11, 26))
    clock.now = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert "Queued 0, sent 0" in _run(mailing_app)  # in time: nothing
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert "Queued 1, sent 1" in _run(mailing_app)
    [received] = smtp_server.messages
    text = _text(received)
    assert received.recipients == [LEAD]
    assert "children's answers are waiting to be read" in text.lower()
    assert "https://feedback.council.example/staff/reading" in text
    assert "My IRO" not in text and "lac-review-child" not in text and "26 November" not in text
    clock.now = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert "Queued 0, sent 0" in _run(mailing_app)  # once a day
    clock.now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert "Queued 1, sent 1" in _run(mailing_app)  # still late the next day
