"""What an insider (a manager, an administrator) can learn from the report and comments
pages, their downloads and ``report satisfaction`` (issue 9: narrowing a selection,
small groups inside a table, watching a page, looking without a trace).

January 2012, complaint-handling, every response the standard version
(``min_responses_shown`` is 5, the default):

  team                       meeting type            how many  ethnic group
  Child Protection North     initial_cp_conference   7         white x5, black x2
  Child Protection South     lac_review              6         mixed x6
  Looked After Children      fgc                     1         asian (the family; 17 January)

Whole month: 14. Ethnic groups: white 5, mixed 6, black 2, asian 1.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from feedback_app import privacy
from feedback_app.extensions import db
from feedback_app.models import Answer
from feedback_app.models import Response as StoredResponse
from feedback_app.responses import store_response
from feedback_app.staff.models import AuditEvent
from forms.registry import load_questionnaires

NORTH, SOUTH, LAC = "Child Protection North", "Child Protection South", "Looked After Children"
REPORT = "/staff/reports/satisfaction/complaint-handling"
THE_FAMILY = {"felt_listened_to": ["no"], "satisfied_with_response": ["no"], "eq_ethnicity": ["asian"],
              "eq_disability": ["yes"], "eq_gender": ["woman"], "eq_age_band": ["25_34"],
              "comments": ["Nobody listened to us about Kai"]}
ATTACK = "from=2012-01-17&to=2012-01-17&team=Looked+After+Children&meeting_type=fgc"


def _store(app, day: date, answers: dict, *, team: str | None = None, meeting_type: str | None = None) -> None:
    with app.app_context():
        store_response(load_questionnaires()["complaint-handling"], "standard", answers, submitted_on=day,
                       team=team, meeting_type=meeting_type)


@pytest.fixture
def january(app):
    for day in range(3, 10):  # North: white x5, black x2; two of them both positive throughout
        ethnicity = "white" if day < 8 else "black"
        _store(app, date(2012, 1, day), {"felt_listened_to": ["yes"], "satisfied_with_response": ["yes"],
                                         "kept_informed": ["yes"], "easy_to_complain": ["yes"],
                                         "eq_ethnicity": [ethnicity], "comments": [f"North comment {day}"]},
               team=NORTH, meeting_type="initial_cp_conference")
    for day in range(10, 16):
        _store(app, date(2012, 1, day), {"felt_listened_to": ["partly"], "eq_ethnicity": ["mixed"]},
               team=SOUTH, meeting_type="lac_review")
    _store(app, date(2012, 1, 17), THE_FAMILY, team=LAC, meeting_type="fgc")


def _json_table(report: dict, table_id: str) -> dict:
    table = report["tables"][table_id]
    return {label: dict(zip(table["columns"], row, strict=True))
            for label, row in zip(table["index"], table["data"], strict=True)}


def _figures(client, url: str) -> dict:
    """A JSON download but the day it was made."""
    report = json.loads(client.get(url).get_data())
    del report["made_on"]
    return report


def _comments(client) -> str:
    """The comments on the comments page (the page around them carries a fresh CSRF token)."""
    page = client.get("/staff/reports/comments/complaint-handling").get_data(as_text=True)
    return page[page.index("<h1"):page.index("</main>")]


# --- narrowing a selection -------------------------------------------------------------------------


def test_one_day_one_team_one_meeting_type_shows_only_how_many_on_the_page(app, signed_in, january):
    response = signed_in("manager").get(f"{REPORT}?{ATTACK}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is 1 response in this selection" in page
    assert "fewer than 5 responses" in page
    for table_id in ("overall", "question_summary", "answers_eq_ethnicity", "equalities_eq_ethnicity"):
        assert f'id="{table_id}"' not in page
    assert "Asian or Asian British" not in page  # none of the family's answers
    assert 'name="from" type="text" value="2012-01-01"' in page  # the whole month; the form still works
    assert '<option value="Looked After Children" selected>' in page


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "pdf"])
def test_one_day_one_team_one_meeting_type_downloads_no_file(app, signed_in, january, fmt):
    response = signed_in("manager").get(f"{REPORT}/download/{fmt}?{ATTACK}")
    assert response.status_code == 409
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    assert "There is 1 response in this selection" in response.get_data(as_text=True)


def test_one_day_one_team_one_meeting_type_from_the_command_line(runner, january, tmp_path):
    out = tmp_path / "family.json"
    result = runner.invoke(args=["report", "satisfaction", "complaint-handling", "--from", "2012-01-17",
                                 "--to", "2012-01-17", "--team", LAC, "--meeting-type", "fgc",
                                 "--format", "json", "--out", str(out)])
    assert result.exit_code != 0
    assert "There is 1 response in this selection" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_a_team_whose_rest_of_the_period_is_too_small_is_refused(app, signed_in, january):
    # February: North 6, and one family from Looked After Children. "All teams" minus North
    # would be that one family.
    for day in range(1, 7):
        _store(app, date(2012, 2, day), {"felt_listened_to": ["yes"]}, team=NORTH)
    _store(app, date(2012, 2, 20), {"felt_listened_to": ["no"]}, team=LAC)
    client = signed_in("manager")
    page = client.get(f"{REPORT}?from=2012-02-01&to=2012-02-29&team=Child+Protection+North").get_data(as_text=True)
    assert "There are 6 responses in this selection, but only 1 response in the rest of the period" in page
    assert 'id="overall"' not in page
    assert client.get(f"{REPORT}/download/json?from=2012-02-01&to=2012-02-29"
                      "&team=Child+Protection+North").status_code == 409
    # January's North (7 of 14) leaves 7 beside it: shown.
    north = json.loads(client.get(f"{REPORT}/download/json?from=2012-01-01&to=2012-01-31"
                                  "&team=Child+Protection+North").get_data())
    assert _json_table(north, "overall")["Responses"]["Value"] == 7


def test_a_previous_period_too_small_to_show_is_withheld(app, signed_in, january):
    _store(app, date(2011, 12, 5), {"felt_listened_to": ["no"]})  # December: one family
    report = json.loads(signed_in("manager").get(f"{REPORT}/download/json?from=2012-01-01&to=2012-01-31&compare=1")
                        .get_data())
    summary = _json_table(report, "question_summary")
    assert {row["Previous positive %"] for row in summary.values()} == {"c"}
    assert summary["felt_listened_to"]["Positive"] == 7  # this period is shown
    assert "December 2011 had too few responses to show" in json.dumps(report["notes"])


# --- small groups inside a table -------------------------------------------------------------------


def test_a_group_of_two_shows_c_for_its_positive_percentage_on_screen(app, signed_in, january):
    page = signed_in("manager").get(f"{REPORT}?from=2012-01-01&to=2012-01-31").get_data(as_text=True)
    table = page[page.index('id="equalities_eq_ethnicity"'):]
    table = table[table.index("<table"):table.index("</table>")]
    black = table[table.index('govuk-table__header">Black, Black British'):]
    black = black[:black.index("</tr>")]
    assert [cell.split("<")[0] for cell in black.split('govuk-table__cell--numeric">')[1:]] == ["2", "c"]


@pytest.mark.parametrize("publish", ["", "&publish=1"])
def test_a_group_of_two_shows_c_in_every_download_published_or_not(app, signed_in, january, publish):
    client = signed_in("manager")
    query = f"?from=2012-01-01&to=2012-01-31{publish}"
    report = json.loads(client.get(f"{REPORT}/download/json{query}").get_data())
    ethnicity = _json_table(report, "equalities_eq_ethnicity")
    assert ethnicity["black"]["Positive %"] == "c" and ethnicity["asian"]["Positive %"] == "c"
    assert ethnicity["black"]["Responses"] == (2 if not publish else "c")
    # Secondary: black and asian withheld are 3 people together, so the next smallest
    # group (white, 5) is withheld too; mixed (6) is shown.
    assert ethnicity["white"] == {"Responses": 5, "Positive %": "c"}
    assert ethnicity["mixed"]["Positive %"] == 0
    with zipfile.ZipFile(io.BytesIO(client.get(f"{REPORT}/download/csv{query}").get_data())) as files:
        [name] = [name for name in files.namelist() if name.endswith("/equalities_eq_ethnicity.csv")]
        rows = list(csv.reader(io.StringIO(files.read(name).decode("utf-8-sig"))))
    assert [row for row in rows if row[0] == "black"] == [["black", "c" if publish else "2", "c"]]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{REPORT}/download/xlsx{query}").get_data()))
    black_rows = [[cell.value for cell in row if cell.value is not None]
                  for row in book[_sheet_of(book, "equalities_eq_ethnicity")].iter_rows() if row[0].value == "black"]
    assert black_rows == [["black", "c" if publish else 2, "c"]]


def _sheet_of(book, table_id: str) -> str:
    """The sheet a table is on, as the workbook's Contents sheet lists it (table id, sheet, title)."""
    [sheet] = [row[1] for row in book["Contents"].iter_rows(values_only=True) if row[0] == table_id]
    return sheet


def test_teams_and_meeting_types_of_one_family_are_withheld(app, signed_in, january):
    report = json.loads(signed_in("manager").get(f"{REPORT}/download/json?from=2012-01-01&to=2012-01-31")
                        .get_data())
    teams = _json_table(report, "by_team")
    assert teams[LAC] == {"Responses": 1, "Positive %": "c"}
    # One withheld alone would be the whole minus the others: the next smallest (South, 6) goes too.
    assert teams[SOUTH] == {"Responses": 6, "Positive %": "c"}
    assert teams[NORTH]["Positive %"] == 100
    meetings = _json_table(report, "by_meeting_type")
    assert meetings["Family group conference"] == {"Responses": 1, "Positive %": "c"}


# --- released by the month -------------------------------------------------------------------------


def test_a_response_today_changes_nothing_until_its_month_is_over(app, signed_in, january, monkeypatch):
    client = signed_in("manager")
    monkeypatch.setattr(privacy, "today", lambda: date(2012, 2, 15))
    url = f"{REPORT}/download/json?from=2012-01-01&to=2012-02-29"
    before, comments_before = _figures(client, url), _comments(client)
    for day in (15, 15, 15, 15, 15):  # five families answer today: a month of five
        _store(app, date(2012, 2, day), {"felt_listened_to": ["no"], "comments": [f"Written on {day} February"]})
    assert _figures(client, url) == before
    assert before["period"] == {"from": "2012-01-01", "to": "2012-01-31", "label": "January 2012"}
    this_month = client.get(f"{REPORT}?from=2012-02-01&to=2012-02-29")
    assert this_month.status_code == 400 and "No month in this period is over yet" in this_month.get_data(as_text=True)
    assert "February" not in _comments(client) and _comments(client) == comments_before
    monkeypatch.setattr(privacy, "today", lambda: date(2012, 2, 29))
    assert _figures(client, url) == before
    monkeypatch.setattr(privacy, "today", lambda: date(2012, 3, 1))
    after = json.loads(client.get(url).get_data())
    assert after["period"]["label"] == "January to February 2012"
    assert _json_table(after, "overall")["Responses"]["Value"] == 19
    assert "Written on 15 February" in client.get("/staff/reports/comments/complaint-handling").get_data(as_text=True)


def test_comments_of_a_month_with_too_few_responses_are_not_shown(app, signed_in, january):
    _store(app, date(2012, 2, 3), {"comments": ["The only one in February"]})
    page = signed_in("manager").get("/staff/reports/comments/complaint-handling").get_data(as_text=True)
    assert "North comment 3" in page and "Nobody listened to us about Kai" in page
    assert "The only one in February" not in page


def test_comments_are_grouped_by_month_without_a_date_in_the_order_of_their_random_ids(app, signed_in, january):
    page = signed_in("manager").get("/staff/reports/comments/complaint-handling").get_data(as_text=True)
    assert "January 2012" in page
    for day in range(3, 18):
        assert f"{day} January" not in page
    assert "Sent on" not in page and "standard" not in page
    assert "once their month is over" in page
    with app.app_context():
        order = db.session.scalars(select(Answer.value).join(StoredResponse, Answer.response_id == StoredResponse.id)
                                   .where(Answer.question_id == "comments").order_by(StoredResponse.id)).all()
    assert len(order) == 8
    positions = [page.index(str(comment).replace("'", "&#39;")) for comment in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc", "2", "0"])
def test_a_comments_page_that_does_not_exist_is_not_found(app, signed_in, january, page):
    assert signed_in("manager").get(f"/staff/reports/comments/complaint-handling?page={page}").status_code == 404


# --- what insiders looked at ----------------------------------------------------------------------


def test_views_downloads_and_comments_are_audited_with_their_filters(app, signed_in, january):
    client = signed_in("manager")
    client.get(f"{REPORT}?from=2012-01-01&to=2012-01-31&team=Child+Protection+North&compare=1")
    client.get(f"{REPORT}/download/csv?from=2012-01-01&to=2012-01-31&team=Child+Protection+North&publish=1")
    client.get(f"{REPORT}?{ATTACK}")
    client.get("/staff/reports/comments/complaint-handling?search=listened")
    with app.app_context():
        events = [(e.actor, e.action, e.detail) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(["report viewed", "report downloaded", "comments read"]))
            .order_by(AuditEvent.id))]
    assert events == [
        ("manager@council.example", "report viewed", "satisfaction complaint-handling 2012-01-01 to 2012-01-31, "
                                                     f"team: {NORTH}, compared with the period before"),
        ("manager@council.example", "report downloaded", "satisfaction complaint-handling 2012-01-01 to 2012-01-31, "
                                                         f"team: {NORTH}, for publication as csv"),
        ("manager@council.example", "report viewed", "satisfaction complaint-handling 2012-01-01 to 2012-01-31 "
                                                     "(asked for 2012-01-17 to 2012-01-17), "
                                                     f"meeting: fgc, team: {LAC}: too few responses to show"),
        ("manager@council.example", "comments read", "complaint-handling page 1, search \u2018listened\u2019"),
    ]
    assert not any("Kai" in detail or "asian" in detail for _, _, detail in events)


# --- dates a person can type -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [REPORT, f"{REPORT}/download/json"])
def test_year_one_to_year_9999_is_a_bad_request_not_a_server_error(app, signed_in, path):
    response = signed_in("manager").get(f"{path}?from=0001-01-01&to=9999-12-31&compare=1")
    assert response.status_code == 400
    if path == REPORT:
        page = response.get_data(as_text=True)
        assert "The first day must be between 1 January 2000 and" in page
        assert "The last day must be between 1 January 2000 and" in page


def test_year_one_from_the_command_line_is_one_line(runner, tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(args=["report", "satisfaction", "complaint-handling", "--from", "0001-01-01",
                                 "--to", "9999-12-31", "--compare-previous", "--format", "json", "--out", str(out)])
    assert result.exit_code != 0 and "must be between 2000-01-01 and" in result.output
    assert not out.exists()


def test_the_one_family_answering_in_their_language_cannot_be_picked_out_by_language(app, signed_in, january):
    """Language is a selection and a group like team (issue 11): the one response in Tigrinya
    is counted in by_language, but its answers cannot be selected, nor the rest beside it."""
    with app.app_context():
        db.session.execute(db.update(StoredResponse).where(StoredResponse.submitted_on == date(2012, 1, 17))
                           .values(language="ti"))
        db.session.commit()
    client = signed_in("manager")
    page = client.get(f"{REPORT}?from=2012-01-01&to=2012-01-31&language=ti").get_data(as_text=True)
    assert "There is 1 response in this selection" in page
    assert 'id="question_summary"' not in page and "Asian or Asian British" not in page
    refused = client.get(f"{REPORT}/download/json?from=2012-01-01&to=2012-01-31&language=en")
    assert refused.status_code == 409  # everyone but the family: the whole month minus 13 gives them away
    whole = json.loads(client.get(f"{REPORT}/download/json?from=2012-01-01&to=2012-01-31").get_data())
    assert _json_table(whole, "by_language")["ti"] == {"Responses": 1}
