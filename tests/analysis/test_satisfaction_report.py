"""Tests for analysis.satisfaction (satisfaction summaries).

Every expected number below was counted by hand from the rows written out in the
test (the comments show the working), never by running the code under test. Most
frames are made the way the app makes them: choice codes written by hand (the slot
layout is in ``forms/codebooks.json``), turned into the wide frame by
``analysis.responses.decode``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.disclosure import protect
from analysis.formats.json_format import report_to_dict
from analysis.periods import Period
from analysis.responses import decode
from analysis.satisfaction import satisfaction_report
from analysis.tables import SUPPRESSED, Chart, Group
from forms.model import MULTI, SINGLE, Option, Question, Questionnaire, Variant
from forms.registry import load_questionnaires

JANUARY = Period(date(2012, 1, 1), date(2012, 1, 31), "January 2012")
DECEMBER = Period(date(2011, 12, 1), date(2011, 12, 31), "December 2011")
MEETING_TYPES = {
    "lac_review": "Looked after child review",
    "fgc": "Family group conference",
    "initial_cp_conference": "Initial child protection conference",
}


@pytest.fixture(scope="module")
def questionnaires():
    return load_questionnaires()


def rows(slug: str, *responses: tuple) -> pd.DataFrame:
    """The wide frame of (code, weight, variant, meeting type, team) rows, via decode()."""
    raw = pd.DataFrame(
        [
            {"definition_version": 1, "choices": code, "weight": weight, "variant": variant,
             "meeting_type": meeting_type, "team": team}
            for code, weight, variant, meeting_type, team in responses
        ],
        columns=["definition_version", "choices", "weight", "variant", "meeting_type", "team"],
    )
    return decode(raw, slug)


def column(table, name) -> list:
    """A column as plain values, NaN as None."""
    return [None if pd.isna(v) else v for v in table.frame[name].tolist()]


# --- complaint-handling ----------------------------------------------------------------------------
# Slots: felt_listened_to, satisfied_with_response, kept_informed, easy_to_complain
# (1 yes, 2 partly, 3 no, 0 blank), then eq_ethnicity (1 white, 2 mixed, 3 asian, 4 black,
# 5 other, 6 prefer not to say), eq_disability, eq_gender, eq_age_band.
#
#      code        weight variant      meeting type   team
# A  "1101 1000"   1      standard     fgc            South
# B  "2300 2000"   2      standard     lac_review     South
# C  "1311 1000"   3      standard     None           West
# D  "0000 0000"   1      standard     ""             None
# E  "3210 6000"   1      None         other_thing    None
COMPLAINTS_NOW = [
    ("11011000", 1, "standard", "fgc", "South"),
    ("23002000", 2, "standard", "lac_review", "South"),
    ("13111000", 3, "standard", None, "West"),
    ("00000000", 1, "standard", "", None),
    ("32106000", 1, None, "other_thing", None),
]
# December: felt yes x1, felt no x1, kept yes x3, easy no x2.
COMPLAINTS_BEFORE = [
    ("10000000", 1, "standard", None, None),
    ("30000000", 1, "standard", None, None),
    ("00100000", 3, "standard", None, None),
    ("00030000", 2, "standard", None, None),
]


@pytest.fixture(scope="module")
def complaints(questionnaires):
    return satisfaction_report(
        rows("complaint-handling", *COMPLAINTS_NOW), questionnaires["complaint-handling"], JANUARY,
        authority="Coventry City Council", previous=rows("complaint-handling", *COMPLAINTS_BEFORE),
        previous_period=DECEMBER, meeting_types=MEETING_TYPES, teams=("North", "South"), made_on=date(2012, 2, 3))


def test_report_fields(complaints):
    assert complaints.kind == "satisfaction"
    assert complaints.title == "Satisfaction summary"
    assert complaints.authority == "Coventry City Council"
    assert complaints.subject == "Tell us how we handled your complaint"
    assert complaints.period == JANUARY and complaints.previous == DECEMBER
    assert complaints.made_on == date(2012, 2, 3)
    assert not complaints.published


def test_contract_table_ids_and_columns(complaints):
    assert list(complaints.tables) == [
        "overall", "question_summary",
        "answers_felt_listened_to", "answers_satisfied_with_response", "answers_kept_informed",
        "answers_easy_to_complain", "answers_eq_ethnicity", "answers_eq_disability", "answers_eq_gender",
        "answers_eq_age_band",
        "by_variant", "by_meeting_type", "by_team",
        "equalities_eq_ethnicity", "equalities_eq_disability", "equalities_eq_gender", "equalities_eq_age_band",
        "by_language",
    ]
    t = complaints.tables
    assert all(table_id == table.id for table_id, table in t.items())
    assert list(t["overall"].frame.index) == ["Responses", "Overall positive %"]
    assert list(t["overall"].frame.columns) == ["Value"]
    assert list(t["question_summary"].frame.index) == [
        "felt_listened_to", "satisfied_with_response", "kept_informed", "easy_to_complain"]
    assert list(t["question_summary"].frame.columns) == [
        "Question", "Answered", "Positive", "Positive %", "Previous positive %"]
    assert list(t["answers_felt_listened_to"].frame.index) == ["yes", "partly", "no"]
    assert list(t["answers_felt_listened_to"].frame.columns) == ["Number", "Percentage"]
    assert list(t["answers_eq_disability"].frame.index) == ["yes", "no", "prefer_not_to_say"]
    assert list(t["by_variant"].frame.columns) == ["Responses"]
    assert list(t["by_language"].frame.columns) == ["Responses"]
    assert list(t["by_meeting_type"].frame.columns) == ["Responses", "Positive %"]
    assert list(t["by_team"].frame.columns) == ["Responses", "Positive %"]
    assert list(t["equalities_eq_ethnicity"].frame.index) == [
        "white", "mixed", "asian", "black", "other", "prefer_not_to_say"]
    assert list(t["equalities_eq_ethnicity"].frame.columns) == ["Responses", "Positive %"]
    assert "answers_comments" not in t  # free text is never counted


def test_overall_pools_answers_to_scored_questions(complaints):
    overall = complaints.tables["overall"]
    # Responses 1 + 2 + 3 + 1 + 1 = 8. Answers (see question_summary): 7 + 7 + 4 + 4 = 22,
    # positive 4 + 1 + 4 + 4 = 13: 13 / 22 = 59.0909...%
    assert overall.frame.loc["Responses", "Value"] == 8
    assert isinstance(overall.frame.loc["Responses", "Value"], int)
    assert overall.frame.loc["Overall positive %", "Value"] == pytest.approx(59.0909, abs=1e-4)
    sources = overall.percent_rows["Overall positive %"]
    assert [s["Value"] for s in sources] == [13, 22, 9]  # positive, answered, not positive


def test_question_summary_counts_those_who_answered(complaints):
    summary = complaints.tables["question_summary"]
    # felt_listened_to: A yes 1, B partly 2, C yes 3, D blank, E no 1 -> answered 7, positive 4.
    # satisfied_with_response: A yes 1, B no 2, C no 3, E partly 1 -> 7, 1.
    # kept_informed: C yes 3, E yes 1 (A, B, D blank) -> 4, 4.
    # easy_to_complain: A yes 1, C yes 3 (B, D, E blank) -> 4, 4.
    assert column(summary, "Question") == [
        "Did you feel listened to?", "Were you happy with the reply you got?",
        "Did we keep you up to date while we looked at your complaint?", "Was it easy to make your complaint?"]
    assert column(summary, "Answered") == [7, 7, 4, 4]
    assert column(summary, "Positive") == [4, 1, 4, 4]
    assert column(summary, "Positive %") == pytest.approx([57.142857, 14.285714, 100.0, 100.0])
    assert summary.frame["Answered"].dtype.kind == "i" and summary.frame["Positive"].dtype.kind == "i"


def test_question_summary_compares_with_the_previous_period(complaints):
    summary = complaints.tables["question_summary"]
    # December: felt yes 1 of 2 answered = 50%; satisfied nobody answered; kept 3 of 3;
    # easy 0 of 2.
    assert column(summary, "Previous positive %") == [50.0, None, 100.0, 0.0]
    positive, answered, not_positive = summary.percent_columns["Previous positive %"]
    assert list(positive) == [1, 0, 3, 0]
    assert list(answered) == [2, 0, 3, 2]
    assert list(not_positive) == [1, 0, 0, 2]
    assert summary.percent_columns["Positive %"] == ("Positive", "Answered")


def test_question_summary_groups_and_chart(complaints):
    summary = complaints.tables["question_summary"]
    assert summary.groups == (
        Group((("felt_listened_to", "Positive"),), ("felt_listened_to", "Answered"), (3,)),
        Group((("satisfied_with_response", "Positive"),), ("satisfied_with_response", "Answered"), (6,)),
        Group((("kept_informed", "Positive"),), ("kept_informed", "Answered"), (0,)),
        Group((("easy_to_complain", "Positive"),), ("easy_to_complain", "Answered"), (0,)),
    )
    assert summary.chart.kind == "hbar"
    assert "Positive %" in summary.chart.series


def test_no_previous_column_without_previous(questionnaires):
    report = satisfaction_report(rows("complaint-handling", *COMPLAINTS_NOW), questionnaires["complaint-handling"],
                                 JANUARY, authority="X")
    assert list(report.tables["question_summary"].frame.columns) == ["Question", "Answered", "Positive", "Positive %"]
    assert report.previous is None


def test_answers_of_a_single_choice_question(complaints):
    answers = complaints.tables["answers_felt_listened_to"]
    # yes: A 1 + C 3 = 4; partly: B 2; no: E 1; of 7 who answered.
    assert column(answers, "Number") == [4, 2, 1]
    assert column(answers, "Percentage") == pytest.approx([57.142857, 28.571429, 14.285714])
    assert answers.display_index == {"yes": "Yes", "partly": "Partly", "no": "No"}
    assert answers.groups == (Group((("yes", "Number"), ("partly", "Number"), ("no", "Number")), None),)
    assert answers.chart == Chart("hbar", series=("Number",), value_label=answers.chart.value_label)
    number, answered = answers.percent_columns["Percentage"]
    assert number == "Number" and list(answered) == [7, 7, 7]


def test_answers_of_an_unscored_about_you_question(complaints):
    answers = complaints.tables["answers_eq_ethnicity"]
    # white: A 1 + C 3; mixed: B 2; prefer not to say: E 1; D blank. 7 answered.
    assert column(answers, "Number") == [4, 2, 0, 0, 0, 1]
    assert column(answers, "Percentage") == pytest.approx([57.142857, 28.571429, 0, 0, 0, 14.285714])
    assert answers.display_index["black"] == "Black, Black British, Caribbean or African"
    nobody = complaints.tables["answers_eq_age_band"]
    assert column(nobody, "Number") == [0] * 9
    assert column(nobody, "Percentage") == [None] * 9  # nothing to divide by


def test_by_variant_not_known_only_when_some_have_none(complaints):
    by_variant = complaints.tables["by_variant"]
    # A, B, C, D standard: 1 + 2 + 3 + 1 = 7; E has no variant.
    assert list(by_variant.frame.index) == ["standard", "Not known"]
    assert column(by_variant, "Responses") == [7, 1]
    assert by_variant.groups == (Group((("standard", "Responses"), ("Not known", "Responses"))),)


def test_by_meeting_type(complaints):
    table = complaints.tables["by_meeting_type"]
    # Configured labels in their order, then other values found, then Not known (None and "").
    assert list(table.frame.index) == ["Looked after child review", "Family group conference",
                                       "Initial child protection conference", "other_thing", "Not known"]
    # LAC review: B x2; FGC: A; other_thing: E; Not known: C x3 and D.
    assert column(table, "Responses") == [2, 1, 0, 1, 4]
    # Pooled: B answered 2 x2 = 4, none positive -> 0%. A 3 of 3 -> 100%. E 1 (kept) of 3.
    # Not known: C answered 4 x3 = 12, positive 3 x3 = 9; D nothing -> 75%.
    assert column(table, "Positive %") == pytest.approx([0.0, 100.0, None, 33.333333, 75.0])
    positive, answered, not_positive, responses = table.percent_columns["Positive %"]
    assert list(positive) == [0, 3, 0, 1, 9]
    assert list(answered) == [4, 3, 0, 3, 12]
    assert list(not_positive) == [4, 0, 0, 2, 3]
    assert responses == "Responses"  # a group's % goes with its count (published mode)
    assert table.respondent_groups == "Responses"


def test_by_team(complaints):
    table = complaints.tables["by_team"]
    # Every configured team, another team found (West), then Not known (D, E).
    assert list(table.frame.index) == ["North", "South", "West", "Not known"]
    assert column(table, "Responses") == [0, 3, 3, 2]
    # South: A 3/3 and B 0/4 -> 3/7. West: C 9/12. Not known: D nothing, E 1/3.
    assert column(table, "Positive %") == pytest.approx([None, 42.857143, 75.0, 33.333333])


def test_equality_breakdown(complaints):
    table = complaints.tables["equalities_eq_ethnicity"]
    # white: A (3 answered, 3 positive) x1 and C (4 answered, 3 positive) x3 -> 12 / 15 = 80%.
    # mixed: B (2 answered, 0 positive) x2 -> 0 / 4. prefer not to say: E 1 / 3.
    assert column(table, "Responses") == [4, 2, 0, 0, 0, 1]
    assert column(table, "Positive %") == pytest.approx([80.0, 0.0, None, None, None, 33.333333])
    assert table.display_index["prefer_not_to_say"] == "Prefer not to say"
    assert table.chart.kind == "hbar" and table.chart.series == ("Positive %",)


def test_notes_say_what_counts_and_how(complaints):
    notes = dict(complaints.notes)
    text = " ".join(notes.values())
    assert "Did you feel listened to?" in text and "Yes" in text
    assert "same number of whole months" in text
    assert "Periods are whole months, and a month is counted once it is over" in text
    assert "answered" in text
    assert "Free-text comments never appear" in text


def test_published_tables_hide_small_counts_and_their_percentages(complaints):
    summary = protect(complaints.tables["question_summary"])
    # kept_informed: 4 of 4 -> both counts are 1 to 4, so both and the % are hidden.
    assert summary.frame.loc["kept_informed", "Positive"] == SUPPRESSED
    assert summary.frame.loc["kept_informed", "Positive %"] == SUPPRESSED
    # Previous positive % of felt_listened_to was 1 of 2: hidden (the counts are not shown).
    assert summary.frame.loc["felt_listened_to", "Previous positive %"] == SUPPRESSED
    overall = protect(complaints.tables["overall"])
    # 8 responses, 13 of 22 positive (9 not): nothing to hide.
    assert overall.frame.loc["Responses", "Value"] == 8
    assert overall.frame.loc["Overall positive %", "Value"] == pytest.approx(59.0909, abs=1e-4)


def test_json_has_integers_and_nulls(complaints):
    tables = report_to_dict(complaints)["tables"]
    assert tables["overall"]["data"] == [[8], [59.1]]
    assert tables["question_summary"]["data"][1] == [
        "Were you happy with the reply you got?", 7, 1, 14.3, None]
    assert tables["answers_felt_listened_to"]["index"] == ["yes", "partly", "no"]


# --- cp-conference-child: a multi-choice question and variants --------------------------------------
# Slots: knew_why_meeting (1 yes, 2 a bit, 3 no), how_took_part x6 (went_to_meeting,
# met_chair_before, wrote_or_drew, someone_spoke_for_me, advocate, did_not_take_part),
# felt_listened_to, said_what_wanted, understand_what_next, then eq x4.
#
#      knew  took part  felt said next  eq      weight variant
# A    1     100010     1    2    3     0000    1      child
# B    2     100000     1    1    0     0010    2      child
# C    0     000000     0    0    0     0000    1      standard
CHILD = [
    ("1" "100010" "123" "0000", 1, "child", "fgc", "North"),
    ("2" "100000" "110" "0010", 2, "child", None, None),
    ("0" "000000" "000" "0000", 1, "standard", None, None),
]


@pytest.fixture(scope="module")
def child(questionnaires):
    return satisfaction_report(rows("cp-conference-child", *CHILD), questionnaires["cp-conference-child"], JANUARY,
                               authority="X")


def test_multi_choice_answers(child):
    answers = child.tables["answers_how_took_part"]
    assert list(answers.frame.index) == ["went_to_meeting", "met_chair_before", "wrote_or_drew",
                                         "someone_spoke_for_me", "advocate", "did_not_take_part"]
    # Answered (chose anything): A 1 + B 2 = 3; C chose nothing. went: A + B x2 = 3; advocate: A.
    assert column(answers, "Number") == [3, 0, 0, 0, 1, 0]
    assert column(answers, "Percentage") == pytest.approx([100.0, 0, 0, 0, 33.333333, 0])  # adds up to over 100
    assert answers.groups == ()  # not additive
    assert answers.display_index["advocate"] == "An advocate spoke for me"
    assert list(answers.percent_columns["Percentage"][1]) == [3] * 6


def test_unscored_multi_question_is_not_in_the_summary(child):
    summary = child.tables["question_summary"]
    assert list(summary.frame.index) == ["knew_why_meeting", "felt_listened_to", "said_what_wanted",
                                         "understand_what_next"]
    # knew: A yes, B a bit x2 -> 3, 1. felt: A yes, B yes x2 -> 3, 3. said: A a bit, B yes x2 -> 3, 2.
    # next: A no -> 1, 0.
    assert column(summary, "Answered") == [3, 3, 3, 1]
    assert column(summary, "Positive") == [1, 3, 2, 0]
    overall = child.tables["overall"].frame["Value"]
    assert overall["Responses"] == 4
    assert overall["Overall positive %"] == pytest.approx(60.0)  # 6 of 10


def test_variants_with_no_responses_appear(child):
    by_variant = child.tables["by_variant"]
    assert list(by_variant.frame.index) == ["child", "young", "standard"]
    assert column(by_variant, "Responses") == [3, 0, 1]


def test_meeting_type_and_team_not_known_without_configuration(child):
    by_meeting_type = child.tables["by_meeting_type"]
    assert list(by_meeting_type.frame.index) == ["fgc", "Not known"]  # no labels configured: the value
    assert column(by_meeting_type, "Responses") == [1, 3]
    by_team = child.tables["by_team"]
    assert list(by_team.frame.index) == ["North", "Not known"]
    # North: A answered 4 (knew, felt, said, next), 2 positive (knew, felt) -> 50%.
    # Not known: B answered 3 (knew a bit, felt yes, said yes), 2 positive, x2 -> 4 of 6; C nothing.
    assert column(by_team, "Positive %") == pytest.approx([50.0, 66.666667])


def test_equality_of_a_gender(child):
    table = child.tables["equalities_eq_gender"]
    assert column(table, "Responses") == [2, 0, 0, 0]  # B (female) x2
    assert column(table, "Positive %") == pytest.approx([66.666667, None, None, None])  # 4 of 6


def test_only_the_fgc_outcome_questionnaire_has_fgc_tables(child):
    assert "objectives_achieved" not in child.tables and "looked_after_outcomes" not in child.tables


# --- fgc-referrer-outcome --------------------------------------------------------------------------
# Slots: objective x7 (prevent_becoming_looked_after, support_cin_plan,
# support_legal_proceedings, permanency_planning, improve_school_attendance,
# support_cp_plan, facilitate_contact), concerns_addressed (1 yes, 2 partly, 3 no),
# age_band, cp_plan_at_referral, looked_after_at_referral (1 yes, 2 no),
# looked_after_outcome (1 returned, 2 sgo, 3 with family, 4 long term).
#
#      objectives  concerns age cp la outcome weight
# A    1000010     1        0   0  1  1       1
# B    1000000     2        0   0  1  2       2
# C    0100001     1        0   0  2  0       3
# D    0000000     1        0   0  0  0       1
FGC = [
    ("1000010" "1" "00" "1" "1", 1, "standard", "fgc", None),
    ("1000000" "2" "00" "1" "2", 2, "standard", "fgc", None),
    ("0100001" "1" "00" "2" "0", 3, "standard", "fgc", None),
    ("0000000" "1" "00" "0" "0", 1, "standard", "fgc", None),
]


@pytest.fixture(scope="module")
def fgc(questionnaires):
    return satisfaction_report(rows("fgc-referrer-outcome", *FGC), questionnaires["fgc-referrer-outcome"], JANUARY,
                               authority="X", meeting_types=MEETING_TYPES)


def test_objectives_achieved(fgc):
    table = fgc.tables["objectives_achieved"]
    assert list(table.frame.index) == ["prevent_becoming_looked_after", "support_cin_plan",
                                       "support_legal_proceedings", "permanency_planning",
                                       "improve_school_attendance", "support_cp_plan", "facilitate_contact"]
    assert list(table.frame.columns) == ["Referrals", "Concerns addressed"]
    # prevent: A + B x2 = 3, addressed yes only A. cin: C x3, yes. cp plan: A, yes. contact: C x3, yes.
    assert column(table, "Referrals") == [3, 3, 0, 0, 0, 1, 3]
    assert column(table, "Concerns addressed") == [1, 3, 0, 0, 0, 1, 3]
    assert table.groups[0] == Group((("prevent_becoming_looked_after", "Concerns addressed"),),
                                    ("prevent_becoming_looked_after", "Referrals"), (2,))
    assert table.display_index["support_cp_plan"] == "To support a child protection plan"


def test_looked_after_outcomes(fgc):
    table = fgc.tables["looked_after_outcomes"]
    assert list(table.frame.index) == ["returned_to_parents", "sgo_to_family_member",
                                       "remains_looked_after_with_family", "remains_looked_after_long_term_plan"]
    assert list(table.frame.columns) == ["Number"]
    assert column(table, "Number") == [1, 2, 0, 0]


def test_fgc_summary_and_meeting_type_label(fgc):
    summary = fgc.tables["question_summary"]
    assert list(summary.frame.index) == ["concerns_addressed"]
    assert column(summary, "Answered") == [7] and column(summary, "Positive") == [5]
    assert column(summary, "Positive %") == pytest.approx([71.428571])
    by_meeting_type = fgc.tables["by_meeting_type"]
    assert column(by_meeting_type, "Responses") == [0, 7, 0, 0]
    assert list(fgc.tables)[-2:] == ["objectives_achieved", "looked_after_outcomes"]


# --- edge cases --------------------------------------------------------------------------------------


def test_no_responses_at_all(questionnaires):
    empty = decode(pd.DataFrame(columns=["definition_version", "variant", "meeting_type", "team", "weight",
                                         "choices"]), "cp-conference-child")
    report = satisfaction_report(empty, questionnaires["cp-conference-child"], JANUARY, authority="X",
                                 previous=empty, previous_period=DECEMBER)
    assert report.tables["overall"].frame["Value"].tolist() == [0, None]
    assert column(report.tables["question_summary"], "Answered") == [0, 0, 0, 0]
    assert column(report.tables["question_summary"], "Positive %") == [None] * 4
    assert column(report.tables["by_variant"], "Responses") == [0, 0, 0]
    assert list(report.tables["by_team"].frame.index) == ["Not known"]
    assert column(report.tables["answers_how_took_part"], "Number") == [0] * 6


def test_a_frame_built_by_hand_with_text_columns(questionnaires):
    """Not via decode: plain text columns, no weight column, a value that is no option."""
    frame = pd.DataFrame({
        "variant": ["standard", "standard", "standard"],
        "meeting_type": [None, None, None],
        "team": [None, "South", "South"],
        "clear_about_risks": ["yes", "maybe", None],  # "maybe" is not an option: blank
        "clear_what_change": ["no", "yes", "partly"],
    })
    report = satisfaction_report(frame, questionnaires["cp-conference-professional"], JANUARY, authority="X")
    summary = report.tables["question_summary"]
    assert list(summary.frame.index) == ["clear_about_risks", "clear_what_change", "clear_own_role", "well_chaired"]
    assert column(summary, "Answered") == [1, 3, 0, 0]
    assert column(summary, "Positive") == [1, 1, 0, 0]
    assert report.tables["overall"].frame.loc["Responses", "Value"] == 3
    assert report.tables["overall"].frame.loc["Overall positive %", "Value"] == pytest.approx(50.0)  # 2 of 4
    assert not any(t.startswith("equalities_") for t in report.tables)  # no About you questions here
    assert column(report.tables["answers_conference_type"], "Percentage") == [None, None]


def test_a_scored_multi_choice_question_is_positive_when_any_positive_option_is_chosen():
    question = Question("helped", MULTI, "What helped?", options=(Option("a", "A"), Option("b", "B"), Option("c", "C")),
                        positive=("a", "b"))
    single = Question("ok", SINGLE, "All right?", options=(Option("yes", "Yes"), Option("no", "No")), positive=("yes",))
    questionnaire = Questionnaire("made-up", 1, "Made up", (question, single),
                                  variants={"standard": Variant("standard", "Made up", "", (question, single))})
    frame = pd.DataFrame({
        "variant": "standard", "meeting_type": None, "team": None, "weight": [1, 2, 1, 5],
        "helped:a": [True, True, False, False],
        "helped:b": [True, False, False, False],
        "helped:c": [False, True, True, False],
        "ok": pd.Categorical(["yes", None, "no", None], categories=["yes", "no"]),
    })
    report = satisfaction_report(frame, questionnaire, JANUARY, authority="X")
    summary = report.tables["question_summary"]
    # helped: rows 1-3 chose something: 1 + 2 + 1 = 4 answered; rows 1, 2 positive: 3.
    # ok: yes 1, no 1 -> 2, 1.
    assert column(summary, "Answered") == [4, 2]
    assert column(summary, "Positive") == [3, 1]
    assert column(report.tables["answers_helped"], "Number") == [3, 1, 3]
    assert report.tables["overall"].frame.loc["Responses", "Value"] == 9
    assert report.tables["overall"].frame.loc["Overall positive %", "Value"] == pytest.approx(66.666667)  # 4 of 6


def test_weights_count_as_that_many_responses(questionnaires):
    one_by_one = rows("complaint-handling", *[("10000000", 1, "standard", None, None)] * 3,
                      ("30000000", 1, "standard", None, None))
    weighted = rows("complaint-handling", ("10000000", 3, "standard", None, None),
                    ("30000000", 1, "standard", None, None))
    for frame in (one_by_one, weighted):
        report = satisfaction_report(frame, questionnaires["complaint-handling"], JANUARY, authority="X")
        assert column(report.tables["answers_felt_listened_to"], "Number") == [3, 0, 1]
        assert column(report.tables["question_summary"], "Positive %")[0] == pytest.approx(75.0)
        assert np.issubdtype(report.tables["answers_felt_listened_to"].frame["Number"].dtype, np.integer)


def test_published_mode_hides_the_percentage_of_a_group_of_two(questionnaires):
    # Two black respondents answered all four scored questions yes (8 answers, 8 positive,
    # 0 not positive: no pooled count of 1 to 4), five white ones the same. The count 2
    # is c; its Positive % (100) would say what both answered, so it must be c too.
    responses = rows("complaint-handling", ("11114000", 2, "standard", None, None),
                     ("11111000", 5, "standard", None, None))
    report = satisfaction_report(responses, questionnaires["complaint-handling"], JANUARY, authority="")
    table = protect(report.tables["equalities_eq_ethnicity"])
    assert table.frame.loc["black", "Responses"] == SUPPRESSED
    assert table.frame.loc["black", "Positive %"] == SUPPRESSED


def test_by_language_lists_offered_languages_then_others_found_and_counts_weights(questionnaires):
    raw = pd.DataFrame([
        {"definition_version": 1, "choices": "11011000", "weight": 2, "variant": "standard", "language": "en"},
        {"definition_version": 1, "choices": "23002000", "weight": 1, "variant": "standard", "language": "ar"},
        {"definition_version": 1, "choices": "11011000", "weight": 1, "variant": "standard", "language": "en"},
        {"definition_version": 1, "choices": "11011000", "weight": 3, "variant": "standard", "language": "so"},
        {"definition_version": 1, "choices": "11011000", "weight": 1, "variant": "standard", "language": None},
    ])
    report = satisfaction_report(decode(raw, "complaint-handling"), questionnaires["complaint-handling"], JANUARY,
                                 authority="A council", languages={"en": "English", "ar": "Arabic", "pl": "Polish"})
    table = report.tables["by_language"]
    assert list(table.frame.index) == ["en", "ar", "pl", "so", "Not known"]
    assert column(table, "Responses") == [3, 1, 0, 3, 1]
    assert table.display_index == {"en": "English", "ar": "Arabic", "pl": "Polish"}
    assert table.respondent_groups == "Responses"  # small groups inside it are withheld like any other
