"""A small register and a few responses, entered the way staff enter them (CSV
import, the storage service), for the report commands and pages."""

from __future__ import annotations

from datetime import date

import pytest

from feedback_app.responses import store_response
from forms.registry import load_questionnaires
from tests.feedback_app.staff.conftest import make_user, signed_in  # noqa: F401  (fixtures shared with staff tests)

HEADER = ("reference,kind,received_on,service_area,category,made_by,contact_method,procedure,advocate,"
          "service_user_ethnicity,service_user_disability,stage1_responded_on,stage1_extended,stage2_started_on,"
          "stage2_responded_on,stage2_extended_to,stage3_requested_on,stage3_panel_on,stage3_responded_on,outcome")
REGISTER = [
    # in 2011/12: three complaints (one with no established service), a compliment and a comment
    "C1,complaint,2011-05-03,Neighbourhood Services,Communication,child,Letter,statutory,yes,White,No,"
    "2011-05-10,no,,,,,,,Upheld",
    # received Wednesday 1 June 2011: 10 working days end on 15 June, answered 30 June: late
    "C2,complaint,2011-06-01,Neighbourhood Services,Conduct,parent,Email,statutory,no,Asian,Yes,"
    "2011-06-30,no,,,,,,,Not upheld",
    "C3,complaint,2012-03-31,,Communication,parent,Telephone,corporate,no,Not stated,Not stated,,no,,,,,,,",
    "K1,compliment,2011-07-01,Specialist Services,,professional,Email,corporate,no,White,No,,no,,,,,,,",
    "M1,comment,2011-08-01,Specialist Services,,carer,Form,corporate,no,Mixed,No,,no,,,,,,,",
    # just outside the year on either side
    "C0,complaint,2011-03-31,Specialist Services,Finance,parent,Letter,statutory,no,Black,No,"
    "2011-04-05,no,,,,,,,Upheld",
    "C9,complaint,2012-04-01,Specialist Services,Finance,parent,Letter,statutory,no,Black,No,,no,,,,,,,",
]
POPULATION = ["year,dimension,group,count", "2011,ethnicity,White,1844", "2011,ethnicity,Mixed,262",
              "2011,ethnicity,Asian,226", "2011,ethnicity,Black,156", "2011,ethnicity,Other ethnic group,49",
              "2011,ethnicity,Not stated,116", "2011,disability,No,2365", "2011,disability,Yes,288"]


@pytest.fixture
def register(app, runner, tmp_path):
    complaints = tmp_path / "register.csv"
    complaints.write_text("\n".join([HEADER, *REGISTER]) + "\n", encoding="utf-8")
    population = tmp_path / "population.csv"
    population.write_text("\n".join(POPULATION) + "\n", encoding="utf-8")
    for command in (["complaints", "import", str(complaints)], ["population", "import", str(population)]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output


@pytest.fixture
def complaint_handling_responses(app):
    """Complaint-handling questionnaires: five in January 2012, five in December 2011
    (the month just before; four answer felt_listened_to, two of them yes), and one on
    1 February 2012 (outside January, and a month of one response)."""
    questionnaire = load_questionnaires()["complaint-handling"]
    january = [
        {"felt_listened_to": ["yes"], "satisfied_with_response": ["yes"], "eq_disability": ["yes"]},
        {"felt_listened_to": ["yes"], "satisfied_with_response": ["no"], "eq_disability": ["no"]},
        {"felt_listened_to": ["partly"], "comments": ["They never rang back <script>alert(1)</script>"]},
        {"felt_listened_to": ["no"], "satisfied_with_response": ["partly"], "eq_disability": ["no"]},
        {"kept_informed": ["yes"], "comments": ["Thank you for listening"]},
    ]
    with app.app_context():
        for day, answers in enumerate(january, start=3):
            store_response(questionnaire, "standard", answers, submitted_on=date(2012, 1, day))
        for answers in ({"felt_listened_to": ["no"]}, {"felt_listened_to": ["yes"]}, {"felt_listened_to": ["yes"]},
                        {"felt_listened_to": ["no"]}, {"kept_informed": ["yes"]}):
            store_response(questionnaire, "standard", answers, submitted_on=date(2011, 12, 20))
        store_response(questionnaire, "standard", {"felt_listened_to": ["yes"], "comments": ["outside the period"]},
                       submitted_on=date(2012, 2, 1))
