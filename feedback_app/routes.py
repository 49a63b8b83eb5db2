"""Every page and every command of the app, in one place (as GOV.UK Notify's admin app
lists its views): ``create_app`` registers what is listed here, and nothing else.

A view module adds its views to its blueprint when it is imported, so each is imported
here, before any blueprint is registered; a new page module is added to this list.
"""

from __future__ import annotations

from feedback_app import health, security_txt
from feedback_app.alerts.cli import alerts_cli
from feedback_app.builder import routes as builder_pages  # noqa: F401
from feedback_app.builder.cli import questionnaires_cli
from feedback_app.cli import demo_cli, responses_cli
from feedback_app.complaints import case_routes as complaint_case_pages  # noqa: F401
from feedback_app.complaints import routes as complaint_pages  # noqa: F401
from feedback_app.complaints.cli import complaints_cli, population_cli, retention_cli
from feedback_app.concerns import routes as concern_pages  # noqa: F401
from feedback_app.governance.cli import governance_cli
from feedback_app.invitations import public_routes as invitation_public_pages  # noqa: F401
from feedback_app.invitations import staff_routes as invitation_staff_pages  # noqa: F401
from feedback_app.public import bp as public_bp
from feedback_app.public import routes as questionnaire_pages  # noqa: F401
from feedback_app.reading import routes as reading_pages  # noqa: F401
from feedback_app.reports import routes as report_pages  # noqa: F401
from feedback_app.reports.cli import report_cli
from feedback_app.staff import bp as staff_bp
from feedback_app.staff import routes as staff_pages  # noqa: F401
from feedback_app.staff import sso as single_sign_on_pages  # noqa: F401
from feedback_app.staff.cli import users_cli

#: Public questionnaires and cards; /healthz; /.well-known/security.txt; everything under /staff/.
BLUEPRINTS = (public_bp, health.bp, security_txt.bp, staff_bp)

#: ``flask --app feedback_app GROUP COMMAND``.
COMMAND_GROUPS = (responses_cli, demo_cli, users_cli, complaints_cli, population_cli, retention_cli, report_cli,
                  alerts_cli, governance_cli, questionnaires_cli)
