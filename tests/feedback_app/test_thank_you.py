"""The thank-you page: what happens next, and the case's reference when the view has one."""

from __future__ import annotations

from flask import render_template

from forms.registry import load_questionnaires
from tests.helpers import submit


def _thank_you_after(client, url: str, answers: dict) -> str:
    response = submit(client, url, answers)
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_complaint_is_told_when_it_will_be_acknowledged_and_answered(app, client):
    page = _thank_you_after(client, "/q/have-your-say", {"kind": "complaint", "made_by": "parent",
                                                         "what_happened": "Nobody called me back."})
    assert "3 working days" in " ".join(page.split()) and "10 working days" in page
    # an anonymous questionnaire cannot be answered, so it promises no reply
    anonymous = _thank_you_after(client, "/q/cp-conference-parent", {"conference_type": "initial"})
    assert "working days" not in anonymous


def test_a_reference_passed_by_the_view_is_shown_escaped(app):
    questionnaire = load_questionnaires()["have-your-say"]
    with app.test_request_context("/q/have-your-say/thank-you"):
        page = render_template("public/thank_you.html", questionnaire=questionnaire,
                               variant=questionnaire.variants[questionnaire.default_variant],
                               get_help_now=False, reference="26C-<b>7</b>")
        plain = render_template("public/thank_you.html", questionnaire=questionnaire,
                                variant=questionnaire.variants[questionnaire.default_variant], get_help_now=False)
    assert 'Your reference is <strong dir="ltr">26C-&lt;b&gt;7&lt;/b&gt;</strong>' in page
    assert "Your reference is" not in plain
