"""Every way in gives the same stored rows, flags and register cases (feedback_app/submissions.py).

The same answers, with a comment that raises a safeguarding concern (and for
have-your-say a complaint with contact details), are sent through the one-page web
form, the paged form, an invitation card, the staff paper entry page and
``responses import``. What is stored differs only where it should: the channel, the
date and the context (meeting type and team) each way sets.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from feedback_app.complaints.models import Representation
from feedback_app.complaints.service import contact_details_of
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.models import Response
from feedback_app.privacy import today
from forms.registry import load_questionnaires
from tests.feedback_app.staff import conftest as staff_fixtures
from tests.helpers import csrf_token, example_answers, hidden_fields, stored, submit

make_user, signed_in = staff_fixtures.make_user, staff_fixtures.signed_in  # fixtures shared with the staff tests

QUESTIONNAIRES = load_questionnaires()
DISCLOSURE = "my step dad hits me when mum is out"
PAPER_DATE = today() - timedelta(days=3)
CSV_DATE = today() - timedelta(days=10)
CARD_CONTEXT = ("initial_cp_conference", "Child Protection North")
PAPER_CONTEXT = ("review_cp_conference", "Child Protection South")


def _answers(slug: str) -> dict[str, list[str]]:
    questionnaire = QUESTIONNAIRES[slug]
    answers = {qid: value if isinstance(value, list) else [value]
               for qid, value in example_answers(questionnaire.variant()).items()}
    answers["comments"] = [DISCLOSURE]
    if slug == "have-your-say":
        answers.update(kind=["complaint"], made_by=["parent"], contact=["Sam, 07700 900123, please ring"])
    return answers


def _by_web(app, client, slug, answers, signed_in=None):
    assert submit(client, f"/q/{slug}", answers).status_code == 303


def _by_paged(app, client, slug, answers, signed_in=None):
    url = f"/q/{slug}/paged"
    html = client.get(url).get_data(as_text=True)
    for question in QUESTIONNAIRES[slug].variant().questions:  # one page a question, as a person goes
        html = _press(client, url, html, "next", {question.id: answers[question.id]}).get_data(as_text=True)
    assert "Check your answers" in html
    assert _press(client, url, html, "send").status_code == 303


def _press(client, url, html, go, answers=None):
    data = MultiDict(hidden_fields(html))
    for name, values in (answers or {}).items():
        data.setlist(name, values)
    data["_go"] = go
    return client.post(url, data=data)


def _by_card(app, client, slug, answers, signed_in=None):
    with app.app_context():
        _, [card] = codes.create_batch(questionnaires=[slug], meeting_type=CARD_CONTEXT[0], month="2026-11",
                                       team=CARD_CONTEXT[1], cards_each=1, created_by="chair@council.example")
        db.session.commit()
    assert client.get(f"/c/{codes.pretty(card.code)}").status_code == 302
    _by_web(app, client, slug, answers)


def _by_paper(app, client, slug, answers, signed_in=None):
    staff = signed_in("chair")
    url = f"/staff/paper/{slug}/{QUESTIONNAIRES[slug].default_variant}"
    sent = staff.post(url, data=MultiDict([
        ("csrf_token", csrf_token(staff, url)), ("paper-filled_in_on", PAPER_DATE.isoformat()),
        ("paper-meeting_type", PAPER_CONTEXT[0]), ("paper-team", PAPER_CONTEXT[1]),
        *[(qid, value) for qid, values in answers.items() for value in values]]))
    assert sent.status_code == 302, sent.get_data(as_text=True)


def _by_csv(app, client, slug, answers, signed_in=None):
    path = _csv_file([["submitted_on", *answers],
                      [CSV_DATE.isoformat(), *[";".join(values) for values in answers.values()]]])
    result = app.test_cli_runner().invoke(args=["responses", "import", slug, str(path)])
    path.unlink()
    assert result.exit_code == 0, result.output


def _csv_file(rows) -> Path:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", suffix=".csv", delete=False) as handle:
        csv.writer(handle).writerows(rows)
    return Path(handle.name)


#: (way in, how, channel, date, meeting type and team, register contact method)
WAYS = {
    "web": (_by_web, "web", today(), (None, None), "Online"),
    "paged": (_by_paged, "web", today(), (None, None), "Online"),
    "card": (_by_card, "web", today(), CARD_CONTEXT, "Online"),
    "paper page": (_by_paper, "paper", PAPER_DATE, PAPER_CONTEXT, "Form"),
    "CSV import": (_by_csv, "paper", CSV_DATE, (None, None), "Form"),
}
CASES = [("cp-conference-parent", way) for way in WAYS] + [
    ("have-your-say", way) for way in WAYS if way != "card"]  # have-your-say is not handed out on cards


def _what_was_stored(app) -> dict:
    [row] = stored(app)
    with app.app_context():
        response = db.session.scalar(select(Response))
        flags = [flag.categories for flag in db.session.scalars(select(SafeguardingFlag))]
        cases = [{"kind": rep.kind, "made_by": rep.made_by, "status": rep.status, "received_on": rep.received_on,
                  "contact_method": rep.contact_method, "advocate": rep.advocate,
                  "contact": contact_details_of(rep), "own_response": rep.response_id == response.id}
                 for rep in db.session.scalars(select(Representation))]
        row["context"] = (response.meeting_type, response.team)
    row["flags"], row["cases"] = flags, cases
    return row


@pytest.fixture
def baseline(app, client):
    """What the one-page web form stores for these answers, the rows every way must match."""
    found = {}
    for slug in {slug for slug, _ in CASES}:
        _by_web(app, app.test_client(), slug, _answers(slug))
        found[slug] = _what_was_stored(app)
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
    return found


@pytest.mark.parametrize(("slug", "way"), CASES, ids=[f"{slug}-{way}" for slug, way in CASES])
def test_every_way_in_stores_the_same_rows_flags_and_cases(app, client, signed_in, baseline, slug, way):
    send, channel, on, context, contact_method = WAYS[way]
    send(app, client, slug, _answers(slug), signed_in)
    got = _what_was_stored(app)
    expected = dict(baseline[slug], channel=channel, submitted_on=on, context=context)
    for case in expected["cases"]:
        case.update(received_on=on, contact_method=contact_method)
    assert got == expected
    # What is the same whichever way, stated outright rather than only compared with the web:
    assert got["flags"] and got["answers"]["comments"] == [DISCLOSURE]
    if slug == "have-your-say":
        [case] = got["cases"]
        assert (case["kind"], case["made_by"], case["status"], case["own_response"]) == (
            "complaint", "parent", "new", True)
        assert case["contact"] == ["Sam, 07700 900123, please ring"]
        assert got["contact"] == {"contact": "Sam, 07700 900123, please ring"}
    else:
        assert got["cases"] == []


def test_a_paper_form_s_team_is_one_of_the_configured_teams(app, signed_in):
    """Paper entry offers the configured teams only; anything else is refused, nothing stored."""
    staff = signed_in("chair")
    url = "/staff/paper/cp-conference-parent/standard"
    page = staff.get(url).get_data(as_text=True)
    assert 'name="paper-team"' in page and "Child Protection North" in page
    for field, value, message in (("paper-team", "Jayden Smith family", "Select a team from the list"),
                                  ("paper-meeting_type", "birthday_party", "Select the type of meeting")):
        sent = staff.post(url, data={"csrf_token": csrf_token(staff, url), "paper-filled_in_on": "2026-10-03",
                                     "comments": "fine", field: value})
        assert sent.status_code == 400 and message in sent.get_data(as_text=True)
    assert stored(app) == []


def test_a_file_of_responses_is_stored_whole_or_not_at_all_with_its_cases(app, monkeypatch):
    """The batch form of submit: one have-your-say row failing to open its case stores no row at all;
    the same file then goes in whole, each row with its case."""
    from feedback_app.complaints import service

    calls = []

    def second_fails(response, answers):
        calls.append(response["id"])
        if len(calls) == 2:
            raise RuntimeError("register unavailable")
        return original(response, answers)

    original = service.representation_from_submission
    monkeypatch.setattr(service, "representation_from_submission", second_fails)
    path = _csv_file([["submitted_on", "kind", "what_happened"], [date(2026, 1, 5), "complaint", DISCLOSURE],
                      [date(2026, 1, 6), "comment", "Fine"]])
    result = app.test_cli_runner().invoke(args=["responses", "import", "have-your-say", str(path)])
    assert result.exit_code != 0 and len(calls) == 2
    assert stored(app) == []
    with app.app_context():
        assert db.session.scalars(select(Representation)).all() == []
        assert db.session.scalars(select(SafeguardingFlag)).all() == []

    monkeypatch.setattr(service, "representation_from_submission", original)
    result = app.test_cli_runner().invoke(args=["responses", "import", "have-your-say", str(path)])
    path.unlink()
    assert result.exit_code == 0, result.output
    with app.app_context():
        cases = db.session.scalars(select(Representation).order_by(Representation.received_on)).all()
        assert [(case.kind, case.received_on, case.contact_method) for case in cases] == [
            ("complaint", date(2026, 1, 5), "Form"), ("comment", date(2026, 1, 6), "Form")]
        assert len(db.session.scalars(select(SafeguardingFlag)).all()) == 1


READ_CASES = [("lac-review-child", way) for way in WAYS] + [("have-your-say", way) for way in WAYS if way != "card"]


@pytest.mark.parametrize(("slug", "way"), READ_CASES, ids=[f"{slug}-{way}" for slug, way in READ_CASES])
def test_every_way_in_puts_a_child_s_free_text_answers_in_the_reading_queue(app, client, signed_in, slug, way):
    """Children's versions (lac-review-child's default is for young people) and have-your-say: every
    non-empty free-text answer, in the same transaction as its response; contact details are not read there."""
    from feedback_app.reading.models import ReadingEntry

    answers = _answers(slug)
    WAYS[way][0](app, client, slug, answers, signed_in)
    with app.app_context():
        entries = {(e.question_id, e.likely_concern, e.read_on) for e in db.session.scalars(select(ReadingEntry))}
        response_id = db.session.scalar(select(Response.id))
        assert {e.response_id for e in db.session.scalars(select(ReadingEntry))} == {response_id}
    text_ids = {q.id for q in QUESTIONNAIRES[slug].questions
                if q.type == "text" and not q.personal and any(v.strip() for v in answers.get(q.id, []))}
    assert {qid for qid, _, _ in entries} == text_ids and "comments" in text_ids
    assert ("comments", True, None) in entries
