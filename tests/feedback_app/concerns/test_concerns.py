"""A disclosure in free text: help at once for the person, a flag for the designated reviewer."""

from __future__ import annotations

from sqlalchemy import select

from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import csrf_token, submit

DISCLOSURE = "my step dad hits me when mum is out"


def _flags(app):
    with app.app_context():
        return [(f.categories, f.status, f.action_taken) for f in db.session.scalars(select(SafeguardingFlag))]


def test_a_disclosure_shows_help_now_and_is_flagged(app, client):
    response = submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "If you or a child are not safe, get help now" in page
    assert "0800 1111" in page and "999" in page
    [(categories, status, _)] = _flags(app)
    assert "physical_harm" in categories.split() and status == "new"
    # Shown once: a refresh of the thank-you page does not repeat the alarm.
    again = client.get("/q/lac-review-child/child/thank-you").get_data(as_text=True)
    assert "get help now" not in again


def test_ordinary_feedback_raises_no_flag(app, client):
    page = submit(client, "/q/cp-conference-parent", {"conference_type": "review",
                                                      "comments": "The chair hit the nail on the head."},
                  follow_redirects=True).get_data(as_text=True)
    assert "get help now" not in page
    assert _flags(app) == []


def test_an_adult_form_with_a_disclosure_also_shows_help(app, client):
    page = submit(client, "/q/cp-conference-parent", {"conference_type": "review",
                                                      "comments": "My partner hits me and the kids"},
                  follow_redirects=True).get_data(as_text=True)
    assert "get help now" in page
    assert len(_flags(app)) == 1


def test_a_paper_form_with_a_disclosure_is_flagged_too(app, runner, tmp_path):
    path = tmp_path / "paper.csv"
    path.write_text(f"submitted_on,variant,comments\n2026-01-05,child,{DISCLOSURE}\n")
    assert runner.invoke(args=["responses", "import", "lac-review-child", str(path)]).exit_code == 0
    assert len(_flags(app)) == 1


def test_the_manager_reads_the_words_and_records_what_was_done(app, client, signed_in):
    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    manager = signed_in("manager")
    listing = manager.get("/staff/safeguarding").get_data(as_text=True)
    assert "Physical harm" in listing
    with app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
    url = f"/staff/safeguarding/{flag_id}"
    review = manager.get(url).get_data(as_text=True)
    assert DISCLOSURE in review and "Sent on" in review
    empty = manager.post(url, data={"csrf_token": csrf_token(manager, url), "action_taken": ""})
    assert "Say what was done" in empty.get_data(as_text=True)
    done = manager.post(url, data={"csrf_token": csrf_token(manager, url),
                                   "action_taken": "Referred to the multi-agency safeguarding hub"})
    assert done.status_code == 302
    assert _flags(app)[0][1:] == ("reviewed", "Referred to the multi-agency safeguarding hub")
    with app.app_context():
        details = [e.detail for e in db.session.scalars(select(AuditEvent))]
    assert all(DISCLOSURE not in d and "safeguarding hub" not in d for d in details)
    assert "There is nothing to review" in manager.get("/staff/safeguarding").get_data(as_text=True)


def test_only_managers_and_named_safeguarding_leads_may_see_concerns(app, client, make_user, monkeypatch):
    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    make_user("chair", "lead@council.example")
    make_user("chair", "other.chair@council.example")
    monkeypatch.setitem(app.config["DEPLOYMENT"], "safeguarding_leads", ["Lead@Council.example"])
    lead, other = app.test_client(), app.test_client()
    sign_in(lead, "lead@council.example")
    sign_in(other, "other.chair@council.example")
    assert lead.get("/staff/safeguarding").status_code == 200
    assert other.get("/staff/safeguarding").status_code == 403
    assert lead.get("/staff/users").status_code == 403  # a lead gains the concern pages, nothing more


def test_retention_deletes_the_words_of_concerns_reviewed_long_ago(app, client, runner):
    from datetime import timedelta

    from feedback_app.models import Answer
    from feedback_app.staff.models import utc_now

    def review_the_newest_flag(days_ago: int) -> str:
        with app.app_context():
            flag = db.session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.status == "new"))
            flag.status, flag.reviewed_at, flag.action_taken = "reviewed", utc_now() - timedelta(days=days_ago), "Done"
            db.session.commit()
            return flag.response_id

    submit(client, "/q/lac-review-child/child", {"happy_with_iro": "yes", "comments": DISCLOSURE})
    old_response = review_the_newest_flag(31)
    submit(client, "/q/lac-review-child/child", {"comments": "someone touched me"})
    recent_response = review_the_newest_flag(29)

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert "Would delete 1 free-text answers of safeguarding concerns" in dry.output
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 free-text answers of safeguarding concerns reviewed more than 30 days ago" in result.output
    with app.app_context():
        left = {(a.response_id, a.question_id) for a in db.session.scalars(select(Answer))}
    assert (old_response, "happy_with_iro") in left  # only the free text goes
    assert (old_response, "comments") not in left
    assert (recent_response, "comments") in left
    assert len(_flags(app)) == 2  # the flags and what was done stay


def test_an_administrator_opens_the_queue_and_a_reviewed_concern_shows_who_reviewed_it_and_when(
        app, client, signed_in, monkeypatch):
    from datetime import UTC, datetime

    submit(client, "/q/lac-review-child/child", {"comments": DISCLOSURE})
    admin = signed_in("admin")
    assert admin.get("/staff/safeguarding").status_code == 200
    with app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
    url = f"/staff/safeguarding/{flag_id}"
    # 14:05 UTC on a summer day is 15:05 in England: staff read the time on their own clock.
    monkeypatch.setattr("feedback_app.concerns.service.utc_now", lambda: datetime(2026, 7, 1, 14, 5, tzinfo=UTC))
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "action_taken": "Referred to MASH"})
    who_and_when = "admin@council.example on 1 July 2026 at 15:05"
    assert who_and_when in admin.get(url).get_data(as_text=True)
    listing = admin.get("/staff/safeguarding?status=reviewed").get_data(as_text=True)
    assert "Reviewed by" in listing and who_and_when in listing
