"""Settings from the environment, read in one place, with clear errors at start-up.

See interfaces.md for the variables. Everything else has a safe default.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
from pathlib import Path
from typing import Any

from feedback_app.governance.privacy_settings import privacy_details, production_problem
from feedback_app.i18n import check_languages
from feedback_app.names import why_not_a_team_name
from forms.yaml_loader import load_yaml

DEFAULT_DEPLOYMENT = Path(__file__).parent / "default_deployment.yaml"


class ConfigError(RuntimeError):
    pass


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {raw!r}")


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of 1 or more, not {raw!r}")
    return int(raw)


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def load_deployment(path: str | None) -> dict[str, Any]:
    """The deployment's settings: the built-in defaults with FEEDBACK_CONFIG laid over them."""
    settings = load_yaml(DEFAULT_DEPLOYMENT)
    if path:
        if not Path(path).is_file():
            raise ConfigError(f"FEEDBACK_CONFIG points at {path}, which is not a file")
        custom = load_yaml(Path(path)) or {}
        if not isinstance(custom, dict):
            raise ConfigError(f"{path} must hold a mapping of settings")
        unknown = set(custom) - set(settings)
        if unknown:
            raise ConfigError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
        settings = _merge(settings, custom)
    check_teams(settings.get("teams"), path or str(DEFAULT_DEPLOYMENT))
    try:
        settings["languages"] = check_languages(settings.get("languages"), path or str(DEFAULT_DEPLOYMENT))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    settings["security"] = check_security_contact(settings.get("security"), path or str(DEFAULT_DEPLOYMENT))
    try:
        privacy_details(settings.get("privacy"), path or str(DEFAULT_DEPLOYMENT))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    hours = settings.get("safeguarding_reminder_hours")
    if not isinstance(hours, int) or isinstance(hours, bool) or hours < 1:
        raise ConfigError(f"{path or DEFAULT_DEPLOYMENT}: safeguarding_reminder_hours must be a whole number "
                          f"of hours, 1 or more, not {hours!r}")
    days = settings.get("reading_deadline_working_days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 20:
        raise ConfigError(f"{path or DEFAULT_DEPLOYMENT}: reading_deadline_working_days must be a whole number "
                          f"of working days from 1 to 20, not {days!r}")
    return settings


def check_teams(teams: Any, source: str) -> None:
    """Refuse a teams list with anything but team names: each is stored with responses and shown in reports."""
    if teams is None:
        return
    if not isinstance(teams, list):
        raise ConfigError(f"{source}: teams must be a list of team names")
    for team in teams:
        if not isinstance(team, str) or not team.strip():
            raise ConfigError(f"{source}: teams: {team!r} is not a team name")
        if len(team) > 64:
            raise ConfigError(f"{source}: teams: {team!r} is longer than 64 characters")
        if reason := why_not_a_team_name(team):
            raise ConfigError(f"{source}: teams: {team!r} cannot be a team because {reason}. "
                              "A team is stored with every answer and shown in every report: "
                              "use the team's name only, never a person's name or a case number")


#: Each field is written on its own line of security.txt: no spaces or control characters,
#: so a value can never add a line of its own.
MAILTO = re.compile(r"^mailto:[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$")
HTTPS_URL = re.compile(r"^https://[^\s/?#\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
SECURITY_FIELDS = {"contact", "policy", "expires", "preferred_languages"}


def check_security_contact(section: Any, source: str, today: datetime.date | None = None) -> dict[str, Any]:
    """The ``security:`` section that /.well-known/security.txt (RFC 9116) is written from.

    No contact: no file. A contact needs an expiry date, which RFC 9116 wants less than a
    year ahead: a date the council chose and must renew, never one the app makes up."""
    where = f"{source}: security"
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must be a mapping with contact, policy, expires and preferred_languages")
    if unknown := set(section) - SECURITY_FIELDS:
        raise ConfigError(f"{where}: unknown settings {', '.join(sorted(unknown))}")
    contacts = section.get("contact") or []
    contacts = [contacts] if isinstance(contacts, str) else contacts
    if not isinstance(contacts, list):
        raise ConfigError(f"{where}: contact must be a mailto: or https:// address, or a list of them")
    for contact in contacts:
        if not isinstance(contact, str) or not (MAILTO.match(contact) or HTTPS_URL.match(contact)):
            raise ConfigError(f"{where}: contact {contact!r} must be mailto:someone@council.gov.uk "
                              "or an https:// address")
    policy = section.get("policy") or None
    if policy is not None and not (isinstance(policy, str) and HTTPS_URL.match(policy)):
        raise ConfigError(f"{where}: policy {policy!r} must be an https:// address")
    expires = _security_expiry(section.get("expires"), where)
    today = today or datetime.date.today()
    if contacts and expires is None:
        raise ConfigError(f"{where}: expires must be set (a date such as 2027-03-31, less than a year ahead) "
                          "when contact is set: RFC 9116 wants every security.txt to say when it goes stale")
    if expires is not None and expires > today + datetime.timedelta(days=366):
        raise ConfigError(f"{where}: expires {expires.isoformat()} is more than a year ahead; "
                          "RFC 9116 asks for less, so the details are looked at again")
    languages = section.get("preferred_languages") or ["en"]
    languages = [languages] if isinstance(languages, str) else languages
    if not isinstance(languages, list) or not all(isinstance(tag, str) and LANGUAGE_TAG.match(tag)
                                                  for tag in languages):
        raise ConfigError(f"{where}: preferred_languages must be language tags such as en or cy, "
                          f"not {section.get('preferred_languages')!r}")
    return {"contact": contacts, "policy": policy, "expires": expires, "preferred_languages": languages}


def _security_expiry(value: Any, where: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: expires must be a date such as 2027-03-31, not {value!r}") from None


#: http or https, a host (name, IPv4 or [IPv6]) and an optional port; no path, query or user.
BASE_URL = re.compile(r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])"
                      r"(?::(?P<port>\d{1,5}))?/?$")
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:5000"


def public_base_url(raw: str | None) -> str:
    """The address printed on cards and paper forms (and in emails), without a final slash."""
    url = (raw or "").strip() or DEFAULT_PUBLIC_BASE_URL
    match = BASE_URL.match(url)
    if not match or not 0 < int(match.group("port") or 80) < 65536:
        raise ConfigError("PUBLIC_BASE_URL must be http(s)://host or http(s)://host:port, with no path or query, "
                          f"not {url!r}")
    return url.rstrip("/")


def mail_settings() -> dict[str, Any]:
    """SMTP for safeguarding alerts (feedback_app/alerts). No MAIL_SERVER: no e-mail at all."""
    server = os.environ.get("MAIL_SERVER", "").strip()
    use_tls = _flag("MAIL_USE_TLS", False)
    port = _positive_int("MAIL_PORT", 587 if use_tls else 25)
    if port > 65535:
        raise ConfigError(f"MAIL_PORT must be a port number (1 to 65535), not {port}")
    sender = os.environ.get("MAIL_DEFAULT_SENDER", "").strip()
    if server and not sender:
        raise ConfigError("MAIL_SERVER is set but MAIL_DEFAULT_SENDER is not: "
                          "set the address alerts come from, for example feedback@council.gov.uk")
    return {"MAIL_SERVER": server or None, "MAIL_PORT": port, "MAIL_USE_TLS": use_tls,
            "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
            "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
            "MAIL_DEFAULT_SENDER": sender or None}


def sso_settings() -> dict[str, Any]:
    """Single sign-on with the council's OpenID Connect provider: all three variables or none."""
    names = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    values = {name: os.environ.get(name, "").strip() for name in names}
    missing = [name for name in names if not values[name]]
    if len(missing) not in (0, len(names)):
        raise ConfigError(f"Single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: "
                          f"{', '.join(missing)} not set")
    if values["OIDC_ISSUER"] and not re.match(r"^https?://[^/\s]+", values["OIDC_ISSUER"]):
        raise ConfigError(f"OIDC_ISSUER must be the provider's https:// address, not {values['OIDC_ISSUER']!r}")
    return {**values, "STAFF_LOCAL_PASSWORDS": _flag("STAFF_LOCAL_PASSWORDS", True)}


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, or one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def settings_from_environment(instance_path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """Settings from the environment; ``overrides`` (tests, tools) win and are not read or generated."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'feedback.sqlite3'}"
    # Heroku-style URLs say postgres://; SQLAlchemy wants a driver named.
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix):]
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": overrides.get("SECRET_KEY") or secret_key(instance_path),
        "DEPLOYMENT": load_deployment(os.environ.get("FEEDBACK_CONFIG")),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Several workers counting in memory each count alone: see feedback_app/rate_limits.py.
        "RATELIMIT_PER_WORKER": _flag("RATELIMIT_PER_WORKER", False),
        "WORKER_PROCESSES": _positive_int("WEB_CONCURRENCY", 1),  # bench/gunicorn.conf.py sets it
        # Behind a reverse proxy, how many X-Forwarded-* hops to trust (0: none).
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        # Two-factor sign-in for local staff accounts: on unless switched off (SSO-only councils, development).
        "STAFF_TWO_FACTOR": _flag("STAFF_TWO_FACTOR", True),
        # Train the reading queue's second tier in the background when a reader opens the staff home (tests: off).
        "SECOND_TIER_WARM_UP": _flag("SECOND_TIER_WARM_UP", True),
        "SQLITE_SYNCHRONOUS": os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper(),
        # Printed on cards and paper forms; a request's Host header can be anything a client sends.
        "PUBLIC_BASE_URL": public_base_url(overrides.get("PUBLIC_BASE_URL") or os.environ.get("PUBLIC_BASE_URL")),
        **mail_settings(),
        **sso_settings(),
    }
    settings = {**settings, **overrides}
    check_privacy_for_production(settings)
    return settings


def check_privacy_for_production(settings: dict[str, Any]) -> None:
    """Production (SESSION_COOKIE_SECURE on) does not start with a privacy notice that cannot say who the
    controller and the DPO are: one line naming each detail missing."""
    if settings.get("SESSION_COOKIE_SECURE"):
        try:
            details = privacy_details(settings["DEPLOYMENT"].get("privacy"))
        except ValueError as error:  # a DEPLOYMENT given directly (tests, tools) is checked here too
            raise ConfigError(str(error)) from None
        if problem := production_problem(details):
            raise ConfigError(problem)


#: Settings that do not depend on the environment.
FIXED = {
    # Whole requests are small: the largest questionnaire with every text box full is under 40 KB.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "MAX_FORM_PARTS": 300,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "session",
    # A parent may leave the form open for a long meeting; the token lives as long as the session cookie.
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "RATELIMIT_HEADERS_ENABLED": False,
    "RATELIMIT_SUBMIT": "20 per minute;200 per hour",
    "RATELIMIT_DEFAULT": "300 per minute",
    # If the shared limiter storage (Redis) cannot be reached, count in this process's memory
    # rather than fail every page: people can still answer while Redis is mended.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
}
