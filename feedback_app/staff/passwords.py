"""Staff passwords: Argon2 hashes, and a policy of length and guessability (NCSC: no
complexity rules, refuse what is easy to guess).

Guessability is zxcvbn's estimate, told the words a guesser would try first for this
person: the parts of their email address and the council's name. A password must
score 3 ("safely unguessable") or more, and so must what is left of it once those
words are taken out: "examplegovuk1" for weak@example.gov.uk is a dictionary of
the person's own words plus a digit.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3
#: zxcvbn's own limit (its matching grows quickly with length); a longer password is judged by its start.
ZXCVBN_MAX_LENGTH = 72
#: Words of this service that a guesser would also try.
SERVICE_WORDS = ("feedback", "staff", "children", "childrens", "services", "survey")
TOO_EASY = "Password is too easy to guess: try three random words"

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


def personal_words(email: str, council: str = "") -> list[str]:
    """The words of this person's email address and the council's name, longest first."""
    local_part, _, domain = email.lower().partition("@")
    words = {local_part, *re.split(r"[^a-z0-9]+", local_part), *domain.split("."), *re.split(r"[^a-z0-9]+", domain)}
    council_words = re.split(r"[^a-z0-9]+", council.lower())
    words |= {*council_words, "".join(council_words), *SERVICE_WORDS}
    return sorted((word for word in words if len(word) >= 2), key=len, reverse=True)


def _score(password: str, words: list[str]) -> int:
    return zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=words)["score"]


def password_problem(password: str, email: str = "", council: str = "") -> str | None:
    """What is wrong with a new password, in GOV.UK error-message words, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Password must not contain your email address"
    words = personal_words(email, council)
    rest = lowered
    for word in words:
        rest = rest.replace(word, " ")
    if _score(password, words) < MIN_SCORE or _score(rest, []) < MIN_SCORE:
        return TOO_EASY
    return None
