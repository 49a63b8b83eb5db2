"""The staff report pages: the same reports as the command line, on screen and as downloads."""

from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest

from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent


def test_the_reports_page_lists_annual_reports_and_every_questionnaire(app, signed_in, register):
    page = signed_in("manager").get("/staff/reports").get_data(as_text=True)
    assert "Annual report 2011/12" in page
    assert "/staff/reports/satisfaction/cp-conference-parent" in page
    assert "/staff/reports/comments/cp-conference-parent" in page


@pytest.mark.parametrize("role", ["complaints_officer", "manager", "admin"])
def test_the_reports_page_links_only_what_the_role_may_open(app, signed_in, register, role):
    client = signed_in(role)
    page = client.get("/staff/reports").get_data(as_text=True)
    links = set(re.findall(r'href="(/staff/reports/[^"?]+)', page))
    assert any("/complaints/2011" in link for link in links)
    assert {link: client.get(link).status_code for link in links if client.get(link).status_code == 403} == {}
    if role == "complaints_officer":  # the register's keeper, not the surveys' reader: no dead links
        assert "/staff/reports/satisfaction/" not in page and "Satisfaction summaries" not in page


def test_the_annual_report_page_shows_every_table_unprotected_with_a_warning(app, signed_in, register):
    response = signed_in("complaints_officer").get("/staff/reports/complaints/2011")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not for publication" in page
    for title in ("Complaint outcomes", "Contact methods", "Advocacy"):
        assert title.lower() in page.lower()
    assert "<svg" in page  # charts, beside their tables
    assert 'href="/staff/reports/complaints/2011?publish=1"' in page


def test_for_publication_hides_small_numbers(app, signed_in, register):
    page = signed_in("manager").get("/staff/reports/complaints/2011?publish=1").get_data(as_text=True)
    assert "For publication" in page
    assert ">c<" in page


@pytest.mark.parametrize(("fmt", "mimetype"), [
    ("json", "application/json"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("csv", "application/zip"), ("pdf", "application/pdf")])
def test_every_format_downloads_and_the_download_is_audited(app, signed_in, register, fmt, mimetype):
    response = signed_in("complaints_officer").get(f"/staff/reports/complaints/2011/download/{fmt}?publish=1")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert 'attachment; filename="complaints-2011-12' in response.headers["Content-Disposition"]
    body = response.get_data()
    if fmt == "json":
        assert json.loads(body)["published"] is True
    elif fmt == "xlsx":
        assert "Contents" in openpyxl.load_workbook(io.BytesIO(body)).sheetnames
    elif fmt == "csv":
        assert any(name.endswith("advocacy.csv") for name in zipfile.ZipFile(io.BytesIO(body)).namelist())
    else:
        assert body.startswith(b"%PDF")
    with app.app_context():
        [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "report downloaded")).all()
        assert event.detail == f"complaints 2011/12 as {fmt} for publication"


def test_an_unknown_format_or_year_is_not_found(app, signed_in, register):
    client = signed_in("complaints_officer")
    assert client.get("/staff/reports/complaints/2011/download/docx").status_code == 404
    assert client.get("/staff/reports/complaints/1066").status_code == 404


def test_a_satisfaction_summary_for_a_chosen_period(app, signed_in, complaint_handling_responses):
    client = signed_in("manager")
    page = client.get("/staff/reports/satisfaction/complaint-handling?from=2012-01-01&to=2012-01-31&compare=1")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 January 2012 to 31 January 2012" in text
    assert "Previous positive %" in text
    assert "They never rang back" not in text


@pytest.mark.parametrize("query", ["from=2012-01-01&to=yesterday", "from=2012-02-01&to=2012-01-01"])
def test_a_bad_period_re_shows_the_form_with_an_error(app, signed_in, query):
    response = signed_in("manager").get(f"/staff/reports/satisfaction/complaint-handling?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and 'href="#to"' in page


def test_comments_by_month_filtered_and_escaped(app, signed_in, complaint_handling_responses):
    client = signed_in("manager")
    page = client.get("/staff/reports/comments/complaint-handling").get_data(as_text=True)
    assert "January 2012" in page and "Thank you for listening" in page and "rang back" in page
    assert "outside the period" not in page  # February 2012 had one response: too few to show its comment
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    filtered = client.get("/staff/reports/comments/complaint-handling?search=THANK").get_data(as_text=True)
    assert "Thank you for listening" in filtered and "rang back" not in filtered
    assert "No comments contain" in client.get(
        "/staff/reports/comments/complaint-handling?search=100%25").get_data(as_text=True)


def test_chairs_cannot_open_reports(app, signed_in):
    assert signed_in("chair").get("/staff/reports").status_code == 403


def test_a_summary_for_one_team_only(app, signed_in, complaint_handling_responses):
    from datetime import date

    from feedback_app.responses import store_response
    from forms.registry import load_questionnaires

    with app.app_context():  # five from one team, beside the five from no team
        for day in range(20, 25):
            store_response(load_questionnaires()["complaint-handling"], "standard", {"felt_listened_to": ["no"]},
                           submitted_on=date(2012, 1, day), team="Child Protection North")
    client = signed_in("manager")
    url = "/staff/reports/satisfaction/complaint-handling/download/json?from=2012-01-01&to=2012-01-31"
    whole = json.loads(client.get(url).get_data())
    team = json.loads(client.get(url + "&team=Child+Protection+North").get_data())
    assert whole["tables"]["overall"]["data"][0] == [10]
    assert team["tables"]["overall"]["data"][0] == [5]
    assert "team: Child Protection North" in team["subject"]
    page = client.get("/staff/reports/satisfaction/complaint-handling?from=2012-01-01&to=2012-01-31"
                      "&team=Child+Protection+North").get_data(as_text=True)
    assert '<option value="Child Protection North" selected>' in page


def test_a_summary_for_one_language_only_and_by_language(app, signed_in, complaint_handling_responses, runner,
                                                         tmp_path):
    from datetime import date

    from feedback_app.responses import new_response
    from feedback_app.submissions import submit
    from forms.registry import load_questionnaires

    assert new_response  # the language is checked where rows are made: see test_submissions
    with app.app_context():  # five answered in Polish, beside the five in English
        for day in range(20, 25):
            submit(load_questionnaires()["complaint-handling"], "standard", {"felt_listened_to": ["no"]},
                   channel="web", submitted_on=date(2012, 1, day), language="pl")
    client = signed_in("manager")
    url = "/staff/reports/satisfaction/complaint-handling/download/json?from=2012-01-01&to=2012-01-31"
    whole = json.loads(client.get(url).get_data())
    polish = json.loads(client.get(url + "&language=pl").get_data())
    assert whole["tables"]["overall"]["data"][0] == [10]
    assert polish["tables"]["overall"]["data"][0] == [5]
    assert "language: Polish" in polish["subject"]
    by_language = whole["tables"]["by_language"]
    counts = dict(zip(by_language["index"], (row[0] for row in by_language["data"]), strict=True))
    assert counts["en"] == 5 and counts["pl"] == 5 and counts["ar"] == 0
    page = client.get("/staff/reports/satisfaction/complaint-handling?from=2012-01-01&to=2012-01-31"
                      "&language=pl").get_data(as_text=True)
    assert '<option value="pl" selected>' in page
    out = tmp_path / "polish.json"
    result = runner.invoke(args=["report", "satisfaction", "complaint-handling", "--from", "2012-01-01",
                                 "--to", "2012-01-31", "--language", "pl", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["tables"]["overall"]["data"][0] == [5]
    refused = runner.invoke(args=["report", "satisfaction", "complaint-handling", "--from", "2012-01-01",
                                  "--to", "2012-01-31", "--language", "xx", "--format", "json", "--out", str(out)])
    assert refused.exit_code != 0 and "--language 'xx' is not one of: en, " in refused.output


def test_an_unknown_filter_value_is_an_error(app, signed_in):
    response = signed_in("manager").get("/staff/reports/satisfaction/complaint-handling?team=Nowhere")
    assert response.status_code == 400
    assert "Choose a team from the list" in response.get_data(as_text=True)
