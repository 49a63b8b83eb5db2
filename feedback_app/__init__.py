"""The feedback platform's web app: ``create_app`` joins the questionnaires
(``forms``), storage and, later, the analysis library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback_app import i18n
from feedback_app.config import FIXED, settings_from_environment
from feedback_app.extensions import csrf, db, limiter, migrate
from feedback_app.privacy import quiet_request_logs
from feedback_app.public.forms import check_web_forms
from feedback_app.rate_limits import check_storage
from feedback_app.security import init_security
from forms.registry import load_questionnaires

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(FIXED)
    app.config.update(settings_from_environment(Path(app.instance_path), overrides or {}))

    setup_templates(app)
    i18n.init_app(app)  # public pages in the reader's language; staff pages in English
    setup_database(app)
    setup_protection(app)
    # A broken definition stops the app here, with the file, question and problem named.
    app.extensions["questionnaires"] = load_questionnaires()
    check_web_forms(app.extensions["questionnaires"])
    from feedback_app.builder import store

    store.init_app(app)  # questionnaires built and published by staff, kept current in every worker
    register_blueprints(app)
    quiet_request_logs()
    return app


def setup_templates(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    app.jinja_loader = ChoiceLoader([
        PackageLoader("feedback_app"),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    from feedback_app.bidi import ltr_numbers

    app.jinja_env.filters["ltr_numbers"] = ltr_numbers  # phone numbers in questionnaires' words (right to left)

    @app.context_processor
    def deployment_settings():
        return {"deployment": app.config["DEPLOYMENT"], "authority": app.config["DEPLOYMENT"]["authority"]}


def setup_database(app: Flask) -> None:
    from feedback_app import database

    database.configure(app)  # engine options (pre-ping, parameters kept out of errors): before the engine is made
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    database.init_app(app)


def setup_protection(app: Flask) -> None:
    if app.config["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"], x_proto=app.config["PROXY_HOPS"],
                                x_host=app.config["PROXY_HOPS"])
    csrf.init_app(app)
    check_storage(app)  # several workers counting alone, or a storage the daily salt cannot live in, stop here
    limiter.init_app(app)
    init_security(app)


def register_blueprints(app: Flask) -> None:
    """Every page and every command, from the lists in ``feedback_app.routes`` (as GOV.UK Notify's
    admin app imports all its views in one place): no module registers anything as a side effect."""
    from feedback_app import errors, security_txt, staff
    from feedback_app.alerts.cli import tell_if_no_mail
    from feedback_app.public import bp as public_bp
    from feedback_app.routes import BLUEPRINTS, COMMAND_GROUPS
    from feedback_app.staff.two_factor import tell_if_two_factor_off

    # Public forms check CSRF themselves (FlaskForm), so an expired session re-shows
    # the form with the answers kept instead of a bare 400 page.
    csrf.exempt(public_bp)
    staff.init_app(app)  # sign-in, sessions and their cookie: the staff pages' machinery, not pages
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for group in COMMAND_GROUPS:
        app.cli.add_command(group)
    errors.init_app(app)
    tell_if_no_mail(app)  # once, at start-up, when safeguarding alerts cannot be e-mailed
    tell_if_two_factor_off(app)
    security_txt.warn_if_stale(app)
