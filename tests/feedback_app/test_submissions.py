"""``feedback_app.submissions``: what submit returns, and what it refuses before writing anything."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.submissions import Context, submit
from tests.helpers import count_rows


def test_submit_returns_the_case_reference_only_where_a_case_is_opened(app):
    questionnaires = app.extensions["questionnaires"]
    with app.app_context():
        opened = submit(questionnaires["have-your-say"], "standard",
                        {"kind": ["compliment"], "what_happened": ["Kind social worker"]},
                        channel="phone", submitted_on=date(2026, 2, 3))
        plain = submit(questionnaires["cp-conference-parent"], "standard", {"comments": ["Fine"]}, channel="paper")
        case = db.session.scalar(select(Representation))
    assert opened.register_reference == case.reference and plain.register_reference is None
    assert (case.kind, case.contact_method, case.received_on) == ("compliment", "Telephone", date(2026, 2, 3))
    assert not opened.raises_concern and not plain.raises_concern


def test_a_meeting_type_cards_do_not_use_is_refused_and_nothing_stored(app):
    with app.app_context(), pytest.raises(ValueError, match="unknown meeting type"):
        submit(app.extensions["questionnaires"]["cp-conference-parent"], "standard", {"comments": ["Fine"]},
               channel="paper", context=Context(meeting_type="birthday_party", team="Child Protection North"))
    assert count_rows(app)["responses"] == 0
