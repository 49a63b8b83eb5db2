"""Configuration from the environment: defaults, overrides and clear errors."""

from __future__ import annotations

import logging

import pytest

from feedback_app import config, create_app
from feedback_app.extensions import db
from feedback_app.privacy import DropRequestLines, quiet_request_logs


def test_the_built_in_deployment_matches_the_coventry_tables():
    settings = config.load_deployment(None)
    assert settings["service_areas"] == ["Neighbourhood Services", "Specialist Services", "Youth Offending Service",
                                         "Strategic Services", "Commissioned Services"]
    assert "Discrimination" in settings["complaint_categories"]


def test_a_deployment_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("authority:\n  name: Coventry City Council\n  children_services_phone: 024 7678 8555\n")
    settings = config.load_deployment(str(path))
    assert settings["authority"]["name"] == "Coventry City Council"
    assert settings["authority"]["children_services_phone"] == "024 7678 8555"
    assert settings["authority"]["service_name"] == "Tell us what you think"  # kept from the defaults


@pytest.mark.parametrize(("content", "message"), [
    ("colour: blue\n", "unknown settings colour"),
    ("- a list\n", "must hold a mapping"),
])
def test_a_wrong_deployment_file_fails_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "council.yaml"
    path.write_text(content)
    with pytest.raises(config.ConfigError, match=message):
        config.load_deployment(str(path))


def test_a_missing_deployment_file_is_named(tmp_path):
    with pytest.raises(config.ConfigError, match="not a file"):
        config.load_deployment(str(tmp_path / "missing.yaml"))


def test_the_council_name_and_numbers_from_the_deployment_reach_the_pages(tmp_path, monkeypatch, database_url):
    path = tmp_path / "council.yaml"
    path.write_text("authority:\n  name: Anytown Borough Council\n  logo_text: Anytown\n"
                    "  children_services_phone: 01632 960 123\n")
    monkeypatch.setenv("FEEDBACK_CONFIG", str(path))
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False})
    try:
        page = app.test_client().get("/q/lac-review-child/thank-you").get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()  # its pooled connection closed now, not whenever it is collected
    assert "Anytown Borough Council" in page and "01632 960 123" in page and "0800 1111" in page


def test_ratelimit_enabled_must_be_one_or_zero(monkeypatch, tmp_path):
    monkeypatch.setenv("RATELIMIT_ENABLED", "maybe")
    with pytest.raises(config.ConfigError, match="RATELIMIT_ENABLED must be 1 or 0"):
        config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")
    assert config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})["RATELIMIT_ENABLED"] is False


def test_database_url_defaults_to_sqlite_in_the_instance_folder_and_accepts_postgres_urls(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.internal/feedback")
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/feedback"


def test_a_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) == 64 and config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.secret_key(tmp_path) == "from-the-environment"


def test_request_log_lines_with_address_and_time_are_dropped():
    quiet_request_logs()
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '203.0.113.5 - - [24/Nov/2026 13:44:08] "%s" %s %s', ("POST /q/x HTTP/1.1", 303, "-"),
                               None)
    assert not DropRequestLines().filter(record)
    startup = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "Running on http://127.0.0.1:5000", (), None)
    assert DropRequestLines().filter(startup)
    assert any(isinstance(f, DropRequestLines) for f in logging.getLogger("werkzeug").filters)


def test_healthz_says_unavailable_when_the_database_is_gone(tmp_path):
    app = create_app({"SECRET_KEY": "x", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing-folder/db.sqlite3"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable"


def test_sqlite_connections_use_wal_and_the_chosen_synchronous_mode(tmp_path):
    from feedback_app.database import WAL_CHECKPOINT_PAGES
    from feedback_app.extensions import db

    for mode, expected in (("NORMAL", 1), ("FULL", 2)):
        app = create_app({"SECRET_KEY": "x", "RATELIMIT_ENABLED": False, "SQLITE_SYNCHRONOUS": mode,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/{mode}.sqlite3"})
        with app.app_context(), db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == expected
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == WAL_CHECKPOINT_PAGES > 1000
        with app.app_context():
            db.engine.dispose()


def test_an_unknown_sqlite_synchronous_mode_stops_the_app(tmp_path):
    with pytest.raises(ValueError, match="SQLITE_SYNCHRONOUS must be one of NORMAL, FULL"):
        create_app({"SECRET_KEY": "x", "SQLITE_SYNCHRONOUS": "OFF",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})


@pytest.mark.parametrize(("raw", "expected"), [
    (None, "http://127.0.0.1:5000"),
    ("", "http://127.0.0.1:5000"),
    ("https://feedback.coventry.gov.uk", "https://feedback.coventry.gov.uk"),
    ("https://feedback.coventry.gov.uk/", "https://feedback.coventry.gov.uk"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://[::1]:5000", "http://[::1]:5000"),
])
def test_public_base_url_is_read_from_the_environment(tmp_path, monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    else:
        monkeypatch.setenv("PUBLIC_BASE_URL", raw)
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert settings["PUBLIC_BASE_URL"] == expected


@pytest.mark.parametrize("raw", [
    "feedback.coventry.gov.uk", "ftp://feedback.example", "https://feedback.example/path", "https://x.example?a=1",
    "https://user@x.example", "http://x.example:99999", "http://x.example:0", "javascript:alert(1)",
    "https://a..example", "https://x.example#top",
])
def test_a_wrong_public_base_url_stops_the_app_with_a_clear_message(tmp_path, monkeypatch, raw):
    monkeypatch.setenv("PUBLIC_BASE_URL", raw)
    with pytest.raises(config.ConfigError, match="PUBLIC_BASE_URL must be http"):
        config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})


def test_mail_settings_are_read_from_the_environment_and_no_server_means_no_mail(tmp_path, monkeypatch):
    for name in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER"):
        monkeypatch.delenv(name, raising=False)
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert settings["MAIL_SERVER"] is None and settings["MAIL_PORT"] == 25
    for name, value in {"MAIL_SERVER": "smtp.council.example", "MAIL_USE_TLS": "1", "MAIL_USERNAME": "feedback",
                        "MAIL_PASSWORD": "s3cret", "MAIL_DEFAULT_SENDER": "feedback@council.example"}.items():
        monkeypatch.setenv(name, value)
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert (settings["MAIL_SERVER"], settings["MAIL_PORT"], settings["MAIL_USE_TLS"]) == ("smtp.council.example",
                                                                                          587, True)
    assert (settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"]) == ("feedback", "s3cret")


@pytest.mark.parametrize(("variables", "message"), [
    ({"MAIL_SERVER": "smtp.council.example"}, "MAIL_DEFAULT_SENDER is not"),
    ({"MAIL_PORT": "smtp"}, "MAIL_PORT must be a whole number"),
    ({"MAIL_PORT": "70000"}, "MAIL_PORT must be a port number"),
    ({"MAIL_USE_TLS": "perhaps"}, "MAIL_USE_TLS must be 1 or 0"),
])
def test_wrong_mail_settings_stop_the_app_with_a_clear_message(tmp_path, monkeypatch, variables, message):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=message):
        config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})


@pytest.mark.parametrize("hours", ["0", "four", "2.5", "true"])
def test_a_wrong_reminder_time_stops_the_app(tmp_path, hours):
    path = tmp_path / "council.yaml"
    path.write_text(f"safeguarding_reminder_hours: {hours}\n")
    with pytest.raises(config.ConfigError, match="safeguarding_reminder_hours must be a whole number"):
        config.load_deployment(str(path))


def test_without_a_mail_server_the_app_says_once_that_no_alert_is_e_mailed(monkeypatch, caplog):
    from feedback_app.alerts import cli as alerts_cli

    monkeypatch.setattr(alerts_cli, "_told_no_mail", False)
    with caplog.at_level(logging.WARNING, logger="feedback_app.alerts"):
        for _ in range(2):
            # Limits off: Flask-Limiter keeps one global "enabled", and a later test's app would hit them.
            create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "MAIL_SERVER": None,
                        "RATELIMIT_ENABLED": False})
    said = [r.getMessage() for r in caplog.records if "MAIL_SERVER is not set" in r.getMessage()]
    assert len(said) == 1 and "not e-mailed" in said[0]
