"""The staff home page: what needs doing for the signed-in role, each count linking to its list."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from analysis.working_days import deadline
from feedback_app.complaints.models import Representation
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.models import Response
from feedback_app.privacy import today
from feedback_app.staff.models import StaffUser
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import submit


def _concern(app, days_ago: int, status: str = "new") -> None:
    with app.app_context():
        response = Response(questionnaire="lac-review-child", definition_version=1, variant="child", channel="web",
                            submitted_on=today() - timedelta(days=days_ago))
        db.session.add(response)
        db.session.flush()
        db.session.add(SafeguardingFlag(response_id=response.id, categories="physical_harm", status=status))
        db.session.commit()


def _case(app, reference: str, **values) -> None:
    base = {"kind": "complaint", "status": "open", "received_on": today(), "made_by": "child",
            "stage1_extended": False}
    with app.app_context():
        db.session.add(Representation(reference=reference, **{**base, **values}))
        db.session.commit()


def _received_due_in(days: int):
    """A date received whose stage 1 deadline (10 working days) falls ``days`` from today."""
    on = today() - timedelta(days=30)
    while deadline(on, 10) < today() + timedelta(days=days):
        on += timedelta(days=1)
    return on


ROW = re.compile(r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
                 re.DOTALL)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _card(page: str, list_id: str) -> dict[str, tuple[str, str | None]] | None:
    """A summary card's rows: key -> (value text, link), or None when the page has no such card."""
    start = page.find(f'id="{list_id}"')
    if start < 0:
        return None
    rows = {}
    for key, value in ROW.findall(page[start:page.index("</dl>", start)]):
        link = re.search(r'href="([^"]+)"', value)
        rows[_text(key)] = (_text(value), html.unescape(link.group(1)) if link else None)
    return rows


@pytest.fixture
def needing_work(app):
    _concern(app, days_ago=12)
    _concern(app, days_ago=3)
    _concern(app, days_ago=40, status="reviewed")  # reviewed: nothing to do
    _case(app, "NEW-1", status="new", kind="comment")
    _case(app, "NEW-2", status="new")
    _case(app, "OVERDUE-1", received_on=today() - timedelta(days=60))
    _case(app, "SOON-1", received_on=_received_due_in(2))
    _case(app, "ANSWERED", received_on=today() - timedelta(days=60), stage1_responded_on=today())
    _case(app, "CLOSED", status="closed", received_on=today() - timedelta(days=60), outcome="upheld",
          stage1_responded_on=today() - timedelta(days=50))


def test_a_manager_sees_concerns_waiting_with_the_oldest_age_and_the_register(app, signed_in, needing_work):
    page = signed_in("manager").get("/staff/").get_data(as_text=True)
    assert _card(page, "concerns-waiting") == {
        "Waiting for review": ("2 concerns", "/staff/safeguarding"),
        "Oldest waiting": ("sent 12 days ago", None),
    }
    assert _card(page, "cases-to-act-on") == {
        "New, to triage": ("2 cases", "/staff/complaints?status=new"),
        "Complaints due this week": ("1 complaint", "/staff/complaints?view=due"),
        "Complaints overdue": ("1 complaint", "/staff/complaints?view=overdue"),
        "Open cases you investigate": ("None", None),
    }


def test_cases_you_investigate_are_counted_and_listed_and_void_ones_need_nothing(app, signed_in, needing_work):
    client = signed_in("complaints_officer")
    with app.app_context():
        me = db.session.scalar(select(StaffUser.id).where(StaffUser.email == "complaints_officer@council.example"))
    _case(app, "MINE-1", owner_id=me)
    _case(app, "MINE-CLOSED", owner_id=me, status="closed", outcome="upheld", stage1_responded_on=today())
    _case(app, "MINE-VOID", owner_id=me, voided_on=today(), void_reason="typed twice")
    _case(app, "NEW-VOID", status="new", voided_on=today(), void_reason="spam")
    _case(app, "OVERDUE-VOID", received_on=today() - timedelta(days=60), voided_on=today(), void_reason="spam")
    card = _card(client.get("/staff/").get_data(as_text=True), "cases-to-act-on")
    assert card["Open cases you investigate"] == ("1 case", "/staff/complaints?owner=me")
    assert card["New, to triage"] == ("2 cases", "/staff/complaints?status=new")
    assert card["Complaints overdue"] == ("1 complaint", "/staff/complaints?view=overdue")
    listed = client.get("/staff/complaints?owner=me").get_data(as_text=True)
    assert "MINE-1" in listed and "OVERDUE-1" not in listed and "NEW-2" not in listed
    assert "MINE-1" not in signed_in("manager").get("/staff/complaints?owner=me").get_data(as_text=True)


def test_each_count_is_what_its_list_shows(app, signed_in, needing_work):
    client = signed_in("complaints_officer")
    assert "NEW-1" in client.get("/staff/complaints?status=new").get_data(as_text=True)
    due = client.get("/staff/complaints?view=due").get_data(as_text=True)
    overdue = client.get("/staff/complaints?view=overdue").get_data(as_text=True)
    assert "SOON-1" in due and "OVERDUE-1" not in due
    assert "OVERDUE-1" in overdue and "SOON-1" not in overdue and "ANSWERED" not in overdue


def test_the_complaints_officer_sees_the_register_but_no_concerns(app, signed_in, needing_work):
    page = signed_in("complaints_officer").get("/staff/").get_data(as_text=True)
    assert _card(page, "concerns-waiting") is None
    assert _card(page, "cases-to-act-on")["Complaints overdue"] == ("1 complaint", "/staff/complaints?view=overdue")


def test_a_chair_sees_nothing_to_count(app, signed_in, needing_work):
    page = signed_in("chair").get("/staff/").get_data(as_text=True)
    assert _card(page, "concerns-waiting") is None and _card(page, "cases-to-act-on") is None
    assert "What needs doing" not in page


def test_a_safeguarding_lead_of_any_role_sees_the_concerns(app, make_user, monkeypatch, needing_work):
    monkeypatch.setitem(app.config["DEPLOYMENT"], "safeguarding_leads", ["chair@council.example"])
    make_user("chair")
    client = app.test_client()
    sign_in(client, "chair@council.example")
    page = client.get("/staff/").get_data(as_text=True)
    assert _card(page, "concerns-waiting")["Waiting for review"] == ("2 concerns", "/staff/safeguarding")
    assert _card(page, "cases-to-act-on") is None


def test_nothing_waiting_says_none(app, signed_in):
    page = signed_in("manager").get("/staff/").get_data(as_text=True)
    assert _card(page, "concerns-waiting") == {"Waiting for review": ("None", None)}
    assert _card(page, "cases-to-act-on")["Complaints overdue"] == ("None", None)


def test_the_home_page_counts_no_responses_or_comments(app, client, signed_in):
    """A count that moves when someone answers would say who answered (decision 0011, R1 and R6)."""
    manager = signed_in("manager")

    def home() -> str:  # the sign-out form's token is signed with the second it was made: not a count
        return re.sub(r'name="csrf_token" value="[^"]*"', "", manager.get("/staff/").get_data(as_text=True))

    before = home()
    submit(client, "/q/cp-conference-parent", {"conference_type": "initial", "comments": "Kind chair."})
    assert home() == before


@pytest.mark.parametrize(("role", "article"), [("admin", "an administrator"), ("manager", "a manager"),
                                               ("complaints_officer", "a complaints officer")])
def test_the_role_takes_the_right_article(app, signed_in, role, article):
    page = signed_in(role).get("/staff/").get_data(as_text=True)
    assert f"You are signed in as {article}." in page
