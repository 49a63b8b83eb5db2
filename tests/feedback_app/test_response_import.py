"""``flask --app feedback_app responses import SLUG FILE.csv``: all rows or none."""

from __future__ import annotations

from datetime import date, timedelta

from tests.helpers import count_rows, stored

HEADER = "submitted_on,variant,channel,conference_type,plan_will_help,eq_age_band,comments\n"


def _import(runner, tmp_path, slug, content, encoding="utf-8"):
    path = tmp_path / "responses.csv"
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return runner.invoke(args=["responses", "import", slug, str(path)])


def test_a_good_file_is_imported_whole(app, runner, tmp_path):
    content = HEADER + ("2012-03-01,standard,paper,initial,very_helpful,8_12,\"Good, thanks\"\n"
                        "2012-03-02,,,review,,,\n")
    result = _import(runner, tmp_path, "cp-conference-parent", content)
    assert result.exit_code == 0, result.output
    assert "Imported 2 responses" in result.output
    rows = sorted(stored(app), key=lambda r: r["submitted_on"])
    assert rows[0]["answers"] == {"conference_type": ["initial"], "plan_will_help": ["very_helpful"],
                                  "eq_age_band": ["8_12"], "comments": ["Good, thanks"]}
    assert (rows[0]["channel"], rows[0]["submitted_on"]) == ("paper", date(2012, 3, 1))
    assert (rows[1]["variant"], rows[1]["channel"]) == ("standard", "paper")  # defaults for empty cells


def test_multi_answers_are_joined_with_semicolons(app, runner, tmp_path):
    content = "submitted_on,variant,how_took_part\n2012-05-01,child,attended; advocate\n"
    result = _import(runner, tmp_path, "lac-review-child", content)
    assert result.exit_code == 0, result.output
    assert stored(app)[0]["answers"] == {"how_took_part": ["attended", "advocate"]}


def test_one_bad_row_names_row_and_column_and_nothing_is_imported(app, runner, tmp_path):
    content = HEADER + "2012-03-01,standard,paper,initial,very_helpful,,\n2012-03-02,standard,paper,review,maybe,,\n"
    result = _import(runner, tmp_path, "cp-conference-parent", content)
    assert result.exit_code == 1
    assert "row 3, column plan_will_help: 'maybe' is not an answer to this question" in result.output
    assert "Nothing was imported" in result.output
    assert count_rows(app)["responses"] == 0


def test_every_kind_of_bad_cell_is_reported(app, runner, tmp_path):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    content = HEADER + (f"{tomorrow},standard,paper,initial,,,\n"
                        "12/03/2012,standard,fax,initial,,,\n"
                        "2012-03-01,teenage,paper,initial,,,\n"
                        "2012-03-01,standard,paper,,,,\n"
                        "2012-03-01,standard,paper,initial,,\"12\",\n"
                        f"2012-03-01,standard,paper,initial,,,{'x' * 2001}\n")
    result = _import(runner, tmp_path, "cp-conference-parent", content)
    assert result.exit_code == 1
    for expected in ("row 2, column submitted_on:", "is in the future",
                     "row 3, column submitted_on: '12/03/2012' must be a date written YYYY-MM-DD",
                     "row 3, column channel: 'fax' must be one of web, paper, phone, text",
                     "row 4, column variant: 'teenage' is not a variant",
                     "row 5, column conference_type: Select which meeting it was",
                     "row 6, column eq_age_band: '12' is not an answer",
                     "row 7, column comments: Your answer must be 2,000 characters or fewer"):
        assert expected in result.output
    assert count_rows(app)["responses"] == 0


def test_an_unknown_column_is_named_in_row_one(app, runner, tmp_path):
    result = _import(runner, tmp_path, "cp-conference-parent", "submitted_on,favourite_colour\n2012-01-01,blue\n")
    assert result.exit_code == 1
    assert "row 1, column favourite_colour: not a question of cp-conference-parent" in result.output


def test_a_question_the_variant_does_not_ask_is_refused(app, runner, tmp_path):
    result = _import(runner, tmp_path, "lac-review-child", "submitted_on,variant,understand_care_plan\n"
                                                            "2012-01-01,young,yes\n")
    assert result.exit_code == 1
    assert "row 2, column understand_care_plan: the young variant does not ask this question" in result.output


def test_an_empty_row_is_skipped_but_a_row_of_no_answers_is_refused(app, runner, tmp_path):
    content = "submitted_on,comments\n,\n2012-01-01,\n"
    result = _import(runner, tmp_path, "lac-review-child", content)
    assert result.exit_code == 1
    assert "row 3: no question is answered" in result.output


def test_a_file_with_no_rows_or_not_utf8_or_an_unknown_slug_fails_clearly(app, runner, tmp_path):
    assert "has no responses" in _import(runner, tmp_path, "cp-conference-parent", HEADER).output
    latin1 = _import(runner, tmp_path, "cp-conference-parent", "submitted_on,comments\n2012-01-01,caf\xe9\n", "latin-1")
    assert latin1.exit_code == 1 and "is not UTF-8" in latin1.output
    unknown = _import(runner, tmp_path, "no-such-questionnaire", HEADER)
    assert unknown.exit_code == 1 and "no questionnaire called 'no-such-questionnaire'" in unknown.output
    assert count_rows(app)["responses"] == 0


def test_a_byte_order_mark_from_excel_is_ignored(app, runner, tmp_path):
    result = _import(runner, tmp_path, "lac-review-child", "\ufeffsubmitted_on,happy_with_iro\n2012-01-01,yes\n")
    assert result.exit_code == 0, result.output


def test_contact_details_from_have_your_say_are_kept_apart(app, runner, tmp_path):
    content = "submitted_on,kind,what_happened,contact\n2012-01-01,complaint,My visit was cancelled,07700 900123\n"
    result = _import(runner, tmp_path, "have-your-say", content)
    assert result.exit_code == 0, result.output
    [row] = stored(app)
    assert row["contact"] == {"contact": "07700 900123"}
    assert "contact" not in row["answers"]


def test_the_demo_data_loads_once(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Loaded 96 example responses to cp-conference-parent" in first.output
    assert "Imported 461 representations" in first.output and "population counts" in first.output
    again = runner.invoke(args=["demo", "load"])
    assert "already has responses" in again.output
    assert "Imported" not in again.output


def test_the_language_column_is_kept_and_english_by_default(app, runner, tmp_path):
    content = ("submitted_on,language,conference_type\n"
               "2012-03-01,ar,initial\n"
               "2012-03-02,,review\n")
    result = _import(runner, tmp_path, "cp-conference-parent", content)
    assert result.exit_code == 0, result.output
    rows = sorted(stored(app), key=lambda r: r["submitted_on"])
    assert [row["language"] for row in rows] == ["ar", "en"]


def test_an_unknown_language_names_its_row_and_column_and_nothing_is_imported(app, runner, tmp_path):
    content = "submitted_on,language,conference_type\n2012-03-01,pl,initial\n2012-03-02,klingon,review\n"
    result = _import(runner, tmp_path, "cp-conference-parent", content)
    assert result.exit_code == 1
    assert "row 3, column language: 'klingon' must be one of en, " in result.output
    assert count_rows(app)["responses"] == 0
