"""The audit log page: filtered by who, what and dates, and exported as CSV (an export is audited)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent

EVENTS = [
    ("2026-10-31 23:59", "manager@council.example", "report downloaded", "complaints 2025/26 as csv"),
    ("2026-11-01 00:00", "manager@council.example", "safeguarding flag reviewed", "flag 1234abcd"),
    ("2026-11-15 12:00", "officer@council.example", "representation changed", "C-1: status"),
    ("2026-11-30 23:59", "manager@council.example", "report downloaded", "=HYPERLINK(\"http://x\")"),
    ("2026-12-01 00:00", "manager@council.example", "report downloaded", "December"),
]


def _log(app) -> None:
    with app.app_context():
        for at, actor, action, detail in EVENTS:
            db.session.add(AuditEvent(at=datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=UTC), actor=actor,
                                      action=action, detail=detail))
        db.session.commit()


def test_the_log_filters_by_who_what_and_whole_days(app, signed_in):
    _log(app)
    admin = signed_in("admin")
    page = admin.get("/staff/audit?who=manager@council.example&action=report+downloaded"
                     "&from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert "2026-11-30" in page  # the dates typed stay in the form
    assert "1 event, newest first" in page
    assert "=HYPERLINK" in page and "December" not in page and "complaints 2025/26" not in page
    by_person = admin.get("/staff/audit?who=officer@council.example").get_data(as_text=True)
    assert "C-1: status" in by_person and "flag 1234abcd" not in by_person
    # the lists offer the people and actions the log holds
    assert '<option value="officer@council.example"' in page and '<option value="safeguarding flag reviewed"' in page


def test_a_date_that_is_not_a_date_gets_a_message_and_filters_nothing(app, signed_in):
    _log(app)
    admin = signed_in("admin")
    response = admin.get("/staff/audit?from=31/11/2026&to=2026-13-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the first day as a date, for example 2026-11-30" in page
    assert "Enter the last day as a date" in page and "December" in page and "complaints 2025/26" in page
    backwards = admin.get("/staff/audit?from=2026-11-30&to=2026-11-01").get_data(as_text=True)
    assert "The last day must be the same as or after the first day" in backwards
    assert admin.get("/staff/audit.csv?from=yesterday").status_code == 400


def test_the_export_is_what_the_filter_shows_and_is_itself_audited(app, signed_in):
    _log(app)
    admin = signed_in("admin")
    page = admin.get("/staff/audit?action=report+downloaded&from=2026-11-01").get_data(as_text=True)
    assert 'href="/staff/audit.csv?action=report+downloaded&amp;from=2026-11-01"' in page
    response = admin.get("/staff/audit.csv?action=report+downloaded&from=2026-11-01")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="audit-log.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows == [
        ["When (UTC)", "Who", "What", "Detail"],
        ["2026-12-01 00:00:00", "manager@council.example", "report downloaded", "December"],
        # a detail a spreadsheet would run as a formula is neutralised
        ["2026-11-30 23:59:00", "manager@council.example", "report downloaded", "'=HYPERLINK(\"http://x\")"],
    ]
    with app.app_context():
        [export] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit log exported")).all()
        assert export.actor == "admin@council.example"
        assert export.detail == "action report downloaded, from 2026-11-01"


def test_only_an_administrator_may_export_the_log(app, signed_in):
    assert signed_in("manager").get("/staff/audit.csv").status_code == 403
