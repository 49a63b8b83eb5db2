"""After each test, the app's questionnaires are the shipped ones again (the app lives for the session)."""

from __future__ import annotations

import pytest

from feedback_app.builder import store
from feedback_app.builder.models import QuestionnaireDocument
from feedback_app.extensions import db
from tests.feedback_app.staff.conftest import make_user, signed_in  # noqa: F401  (fixtures shared with staff tests)


@pytest.fixture(autouse=True)
def shipped_questionnaires_afterwards(app):
    yield
    with app.app_context():
        db.session.query(QuestionnaireDocument).delete()
        db.session.commit()
        store.refresh(app, force=True)
