"""``report complaints`` and ``report satisfaction``: the files a newcomer's command makes.

Expected figures are counted by hand from the fixtures in conftest.py.
"""

from __future__ import annotations

import json
import subprocess

import openpyxl
import pytest


def _json(runner, tmp_path, *args):
    out = tmp_path / "report.json"
    result = runner.invoke(args=["report", *args, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def _table(report, table_id):
    table = report["tables"][table_id]
    return {label: dict(zip(map(_key, table["columns"]), row, strict=True))
            for label, row in zip(table["index"], table["data"], strict=True)}


def _key(column):
    return tuple(column) if isinstance(column, list) else column


def test_complaints_json_counts_the_financial_year_and_compares_with_last_year(runner, register, tmp_path):
    report = _json(runner, tmp_path, "complaints", "--year", "2011")
    assert report["report"] == "complaints"
    assert report["period"] == {"from": "2011-04-01", "to": "2012-03-31", "label": "2011/12"}
    assert report["published"] is False
    received = _table(report, "representations_received")
    assert received == {"Comments": {"2011/12": 1, "2010/11": 0}, "Compliments": {"2011/12": 1, "2010/11": 0},
                        "Complaints": {"2011/12": 3, "2010/11": 1}}
    by_who = _table(report, "complaints_by_service_and_complainant")
    # C3 has no established service: in the Total column, in no service column.
    assert by_who["Children"]["Neighbourhood Services"] == 1 and by_who["Children"]["Total"] == 1
    assert by_who["Others"]["Neighbourhood Services"] == 1 and by_who["Others"]["Total"] == 2
    assert by_who["Total"] == {"Neighbourhood Services": 2, "Specialist Services": 0, "Youth Offending Service": 0,
                               "Strategic Services": 0, "Commissioned Services": 0, "Total": 3}
    categories = _table(report, "complaints_by_service_and_category")
    assert categories["Discrimination"]["Total"] == 0
    assert categories["Communication"]["Total"] == 2 and categories["Communication"]["Neighbourhood Services"] == 1
    outcomes = _table(report, "complaint_outcomes")
    assert outcomes["Upheld"]["Number"] == 1 and outcomes["Not upheld"]["Number"] == 1
    assert outcomes["Upheld"]["Previous year percentage"] == 100
    stage1 = _table(report, "stage1_timeliness_by_service")
    assert stage1["Responded to"][("Neighbourhood Services", "Child")] == 1
    assert stage1["Completed in time"][("Neighbourhood Services", "Child")] == 1
    assert stage1["Responded to"][("Neighbourhood Services", "Other")] == 1
    assert stage1["Completed in time"][("Neighbourhood Services", "Other")] == 0
    ethnicity = _table(report, "equalities_ethnicity")
    assert ethnicity["White"]["All users"] == 1844 and ethnicity["Total"]["All users"] == 2653
    assert ethnicity["Asian"]["Complaints"] == 1 and ethnicity["Not stated"]["Complaints"] == 1
    assert _table(report, "advocacy") == {"Children who complained": {"Number": 1}, "With an advocate": {"Number": 1}}


def test_published_complaints_hide_small_numbers_and_say_how(runner, register, tmp_path):
    report = _json(runner, tmp_path, "complaints", "--year", "2011", "--publish")
    assert report["published"] is True
    received = _table(report, "representations_received")
    assert received["Complaints"]["2011/12"] == "c"
    ethnicity = _table(report, "equalities_ethnicity")
    assert ethnicity["White"]["All users"] == 1844  # large numbers stay
    assert any("small numbers" in note["heading"].lower() or "c" in note["text"] for note in report["notes"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_format_is_written(runner, register, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(args=["report", "complaints", "--year", "2011", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        names = {path.name for path in out.iterdir()}
        assert {"representations_received.csv", "complaint_outcomes_by_service_and_category.csv"} <= names
    elif fmt == "xlsx":
        workbook = openpyxl.load_workbook(out)
        # Contents and twelve tables, each sheet named from its title, not a cut id
        assert workbook.sheetnames == [
            "Contents", "Representations received", "Compliments by service", "Complaints by who made them",
            "Complaints by category", "Outcomes by service, category", "Complaint outcomes", "Stage 1 timeliness",
            "Stage 2 timeliness", "Equalities, ethnicity", "Equalities, disability", "Contact methods", "Advocacy"]
    else:
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "2011/12" in text and "Example Council" in text and "Complaint outcomes" in text


def test_satisfaction_json_counts_those_who_answered_and_compares_with_the_period_before(
        runner, complaint_handling_responses, tmp_path):
    report = _json(runner, tmp_path, "satisfaction", "complaint-handling", "--from", "2012-01-01",
                   "--to", "2012-01-31", "--compare-previous")
    assert report["report"] == "satisfaction"
    assert report["period"]["from"] == "2012-01-01" and report["period"]["to"] == "2012-01-31"
    assert _table(report, "overall")["Responses"]["Value"] == 5
    summary = _table(report, "question_summary")
    # felt_listened_to: yes, yes, partly, no answered (4); 2 positive. December: no, yes, yes, no.
    assert summary["felt_listened_to"]["Answered"] == 4
    assert summary["felt_listened_to"]["Positive"] == 2
    assert summary["felt_listened_to"]["Positive %"] == 50
    assert summary["felt_listened_to"]["Previous positive %"] == 50
    assert summary["kept_informed"]["Answered"] == 1 and summary["kept_informed"]["Positive %"] == 100
    answers = _table(report, "answers_satisfied_with_response")
    assert answers["no"] == {"Number": 1, "Percentage": pytest.approx(33.3, abs=0.1)}
    assert "They never rang back" not in json.dumps(report)  # free text never in a report


@pytest.mark.parametrize(("args", "message"), [
    (["satisfaction", "no-such-questionnaire", "--from", "2012-01-01", "--to", "2012-01-31"], "no questionnaire"),
    (["satisfaction", "complaint-handling", "--from", "2012-13-01", "--to", "2012-01-31"], "not a date"),
    (["satisfaction", "complaint-handling", "--from", "2012-02-01", "--to", "2012-01-31"], "before"),
    (["complaints", "--year", "twenty"], "year"),
    (["satisfaction", "complaint-handling", "--from", "2012-01-01", "--to", "2012-01-31", "--team", "Nowhere"],
     "--team 'Nowhere' is not one of"),
])
def test_bad_arguments_stop_with_one_line_and_write_nothing(runner, tmp_path, args, message):
    out = tmp_path / "report.json"
    result = runner.invoke(args=["report", *args, "--format", "json", "--out", str(out)])
    assert result.exit_code != 0
    assert message in result.output
    assert not out.exists()


def test_an_unknown_format_is_refused(runner, tmp_path):
    result = runner.invoke(args=["report", "complaints", "--year", "2011", "--format", "docx", "--out",
                                 str(tmp_path / "r.docx")])
    assert result.exit_code != 0 and "docx" in result.output


def test_satisfaction_for_one_version_only(runner, complaint_handling_responses, tmp_path):
    report = _json(runner, tmp_path, "satisfaction", "complaint-handling", "--from", "2012-01-01",
                   "--to", "2012-01-31", "--variant", "standard")
    assert _table(report, "overall")["Responses"]["Value"] == 5
    assert "version" in report["subject"]
