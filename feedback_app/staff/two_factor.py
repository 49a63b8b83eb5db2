"""Two-factor sign-in for local staff accounts: TOTP codes (RFC 6238) and one-time recovery codes.

The TOTP key is kept encrypted (Fernet) with a key derived from SECRET_KEY, which lives in
the server's environment or instance folder, never in the database: someone holding the
database or a backup (decision 0011) cannot make codes from it. It is shown once, while
being set up, and never again. Recovery codes are random (about 60 bits) and kept only as
SHA-256 hashes; a used one is deleted. The time-step of the last code used is kept, so a
code seen over someone's shoulder cannot be used again (decision 0016).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import re
import secrets
import time

import pyotp
import qrcode
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, select

from feedback_app.extensions import db
from feedback_app.staff import audit, sessions
from feedback_app.staff.models import RecoveryCode, StaffUser

RECOVERY_CODES = 10
#: No letters or digits that are easily mistaken for each other (0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12
ISSUER = "Feedback staff pages"
CODE = re.compile(r"^\d{6}$")

logger = logging.getLogger(__name__)


def required() -> bool:
    """Whether local accounts must use two-factor sign-in (STAFF_TWO_FACTOR, on unless switched off)."""
    return bool(current_app.config.get("STAFF_TWO_FACTOR", True))


def tell_if_two_factor_off(app) -> None:
    """One line in the server's log at start-up (a warning: gunicorn shows those) when it is off."""
    if not app.config.get("STAFF_TWO_FACTOR", True):
        logger.warning("STAFF_TWO_FACTOR=off: staff sign in with a password alone, without two-factor sign-in")


def _fernet() -> Fernet:
    # Its own key, derived from SECRET_KEY: the session cookie's signing key is never used as is.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"feedback staff totp secret").derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def secret_of(user: StaffUser) -> str | None:
    """The person's TOTP key, or None (none yet, or SECRET_KEY changed since it was made)."""
    if not user.totp_secret:
        return None
    try:
        return _fernet().decrypt(user.totp_secret.encode()).decode()
    except InvalidToken:
        logger.error("two-factor key of staff account %s cannot be read (has SECRET_KEY changed?): "
                     "an administrator must reset their two-factor sign-in", user.id)
        return None


def key_being_set_up(user: StaffUser) -> str:
    """The key shown on the set-up page: the same one on every visit until it is confirmed."""
    if user.two_factor_on:
        raise ValueError("two-factor sign-in is already set up")
    secret = secret_of(user)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret = _fernet().encrypt(secret.encode()).decode()
        db.session.commit()
    return secret


def grouped(secret: str) -> str:
    """The key in groups of four, for reading aloud or typing in."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def setup_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(text: str) -> str:
    """A PNG QR code as a data: URI (the page asks nothing of any other server)."""
    image = qrcode.make(text, box_size=6, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _normal(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def _totp_step(secret: str, code: str, after: int | None) -> int | None:
    """The time-step ``code`` belongs to (this one, or one either side for a slow clock), if later than ``after``."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (after is None or step > after):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def confirm(user: StaffUser, code: str) -> list[str] | None:
    """Check the first code from the person's app: the recovery codes (shown once), or None if it is wrong."""
    secret = secret_of(user)
    code = _normal(code)
    step = _totp_step(secret, code, None) if secret and CODE.match(code) else None
    if step is None:
        return None
    user.two_factor_on = True
    user.totp_last_step = step
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
             for _ in range(RECOVERY_CODES)]
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == user.id))
    db.session.add_all(RecoveryCode(code_hash=_hash(code), staff_user_id=user.id) for code in codes)
    audit.record("two-factor set up", actor=user)
    db.session.commit()
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


def check(user: StaffUser, code: str) -> str | None:
    """``"code"`` for a right TOTP code not used before, ``"recovery"`` for an unused recovery code
    (now used up), or None. The caller commits."""
    code = _normal(code)
    if CODE.match(code):
        secret = secret_of(user)
        step = _totp_step(secret, code, user.totp_last_step) if secret else None
        if step is None:
            return None
        user.totp_last_step = step
        return "code"
    if len(code) == RECOVERY_LENGTH:
        found = db.session.scalar(select(RecoveryCode).where(RecoveryCode.code_hash == _hash(code),
                                                             RecoveryCode.staff_user_id == user.id))
        if found is not None:
            db.session.delete(found)
            db.session.flush()
            audit.record("recovery code used", f"{recovery_codes_left(user)} left", actor=user)
            return "recovery"
    return None


def recovery_codes_left(user: StaffUser) -> int:
    return db.session.query(RecoveryCode).filter_by(staff_user_id=user.id).count()


def reset(user: StaffUser, actor: StaffUser | None) -> None:
    """An administrator resets it: the key and recovery codes go, the person sets it up again at
    their next sign-in, and every session of theirs ends. ``actor`` None: from the command line ("system")."""
    user.totp_secret = None
    user.two_factor_on = False
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == user.id))
    sessions.end_all(user)
    audit.record("two-factor reset", user.email, actor=actor)
    db.session.commit()
