"""Who the safeguarding leads are: accounts marked as leads, and the deployment's ``safeguarding_leads``."""

from __future__ import annotations

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.staff.models import StaffUser


def configured_leads(deployment: dict) -> set[str]:
    return {str(email).strip().lower() for email in deployment.get("safeguarding_leads") or [] if email}


def lead_emails(deployment: dict) -> list[str]:
    """Every lead to alert, lower case: active accounts marked as leads, and the YAML's emails
    unless their account has been disabled (a leaver keeps no access and gets no mail)."""
    marked = db.session.scalars(select(func.lower(StaffUser.email))
                                .where(StaffUser.safeguarding_lead.is_(True), StaffUser.active.is_(True)))
    disabled = set(db.session.scalars(select(func.lower(StaffUser.email)).where(StaffUser.active.is_(False))))
    return sorted(set(marked) | (configured_leads(deployment) - disabled))
