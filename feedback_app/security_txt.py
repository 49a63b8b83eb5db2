"""/.well-known/security.txt (RFC 9116): where to report a vulnerability, from the
deployment's ``security:`` section (checked at start-up in ``config.check_security_contact``).

No contact configured, or the expiry date reached: 404, because RFC 9116 says a stale
file should not be trusted, and a wrong address is worse than none."""

from __future__ import annotations

import datetime

from flask import Blueprint, abort, current_app

from feedback_app.config import DEFAULT_PUBLIC_BASE_URL

bp = Blueprint("security_txt", __name__)


def security_txt(section: dict, base_url: str | None) -> str:
    """The file's text; ``base_url`` gives the Canonical line (None: no line)."""
    lines = [f"Contact: {contact}" for contact in section["contact"]]
    # RFC 9116 wants a date and time; the file goes stale at the start of the day configured.
    lines.append(f"Expires: {section['expires'].isoformat()}T00:00:00Z")
    if section["policy"]:
        lines.append(f"Policy: {section['policy']}")
    lines.append(f"Preferred-Languages: {', '.join(section['preferred_languages'])}")
    if base_url:
        lines.append(f"Canonical: {base_url}/.well-known/security.txt")
    return "\n".join(lines) + "\n"


@bp.get("/.well-known/security.txt")
def show():
    section = current_app.config["DEPLOYMENT"]["security"]
    if not section["contact"] or section["expires"] <= datetime.datetime.now(datetime.UTC).date():
        abort(404)
    base_url = current_app.config["PUBLIC_BASE_URL"]
    # The built-in loopback address is a developer's default, not where the file really lives.
    text = security_txt(section, None if base_url == DEFAULT_PUBLIC_BASE_URL else base_url)
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}


def warn_if_stale(app) -> None:
    """Said once at start-up, so whoever restarts the service sees the date has passed."""
    section = app.config["DEPLOYMENT"]["security"]
    if section["contact"] and section["expires"] <= datetime.datetime.now(datetime.UTC).date():
        app.logger.warning("security.expires (%s) has passed: /.well-known/security.txt answers 404 until "
                           "it is renewed in the deployment file", section["expires"].isoformat())
