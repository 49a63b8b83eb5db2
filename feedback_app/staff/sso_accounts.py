"""Which staff account a sign-in through the council's identity provider is, and its role.

No Flask request here: the claims of a validated ID token in, an account (or a refusal) out.
The rules, and why, are in docs/decisions/0017-single-sign-on.md:

- An account is matched by the provider's subject (``sub``), kept at the first sign-in.
- The first time, by email, and only an email the provider says it has verified
  (``email_verified``, or Entra ID's ``xms_edov``): an unverified email could be anyone's.
- Nobody gets an account by signing in: an administrator creates it first.
- With ``sso: {group_roles: {...}}`` the role comes from the ``groups`` claim at every sign-in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.staff import audit, unused
from feedback_app.staff.access import ROLES
from feedback_app.staff.accounts import find_by_email
from feedback_app.staff.models import StaffUser

NO_ACCOUNT = "no account"
DISABLED = "account disabled"
NO_ROLE = "no role from groups"


class Refused(Exception):
    """A sign-in that cannot go on: ``reason`` is one of the constants above."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


def _verified_email(claims: dict[str, Any]) -> str | None:
    email = claims.get("email")
    verified = claims.get("email_verified") is True or claims.get("xms_edov") is True
    return email.strip().lower() if isinstance(email, str) and verified else None


def _who(claims: dict[str, Any]) -> str:
    return f"{claims.get('email') or 'no email'} (subject {claims.get('sub')})"[:300]


def role_from_groups(claims: dict[str, Any], group_roles: dict[str, str]) -> str | None:
    """The most powerful role any of the person's groups maps to (ROLES lists the most powerful first)."""
    groups = claims.get("groups")
    groups = groups if isinstance(groups, list) else []
    mapped = {group_roles[group] for group in groups if isinstance(group, str) and group in group_roles}
    return next((role for role in ROLES if role in mapped), None)


def check_group_roles(group_roles: Any, source: str) -> dict[str, str]:
    if not isinstance(group_roles, dict) or not all(
            isinstance(group, str) and role in ROLES for group, role in group_roles.items()):
        raise ValueError(f"{source}: sso.group_roles must map group ids to roles ({', '.join(ROLES)})")
    return group_roles


def account_for(claims: dict[str, Any], deployment: dict[str, Any]) -> StaffUser:
    """The account these (validated) claims sign in to, its role brought up to date; raises ``Refused``.
    Linking and role changes are audited; the caller commits."""
    subject = str(claims["sub"])
    user = db.session.scalar(select(StaffUser).where(StaffUser.oidc_subject == subject))
    if user is None:
        email = _verified_email(claims)
        user = find_by_email(email) if email else None
        if user is None:
            raise Refused(NO_ACCOUNT, _who(claims))
        if user.oidc_subject is not None:  # already someone else's at the provider: the email moved on
            raise Refused(NO_ACCOUNT, f"{_who(claims)}: the account belongs to another subject")
        user.oidc_subject = subject
        audit.record("account linked to single sign-on", f"{user.email}: subject {subject}", actor=user)
    if not user.active or unused.disable_if_unused(user, deployment):
        raise Refused(DISABLED, user.email)
    group_roles = (deployment.get("sso") or {}).get("group_roles") or {}
    if group_roles:
        role = role_from_groups(claims, group_roles)
        if role is None:
            raise Refused(NO_ROLE, user.email)
        if role != user.role:
            audit.record("role set from groups", f"{user.email}: {user.role} to {role}", actor=user)
            user.role = role
    unused.note_sign_in(user)
    return user
