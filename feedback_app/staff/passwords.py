"""Staff passwords: Argon2 hashes and a plain-words policy (NCSC: length over complexity)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 200
# The most common choices that pass a length rule; a real deployment can add a bigger list.
COMMON = {"password1234", "123456789012", "qwertyuiopas", "letmein12345", "welcome12345", "password123!",
          "changeme1234", "administrator", "iloveyou1234", "football1234", "monkey123456", "council12345"}

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with a new password, in GOV.UK error-message words, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        return "Password is too easy to guess: try three random words"
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Password must not contain your email address"
    return None
