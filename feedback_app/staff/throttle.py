"""Slowing down password guessing without letting a stranger shut staff out.

Locking an account after five wrong passwords lets anyone who knows (or guesses) a
staff email lock that person out with five requests, and a locked account that
answers differently tells them the email is real. Instead:

- **Per address and account**: after ``PAIR_FAILURES`` wrong passwords for one email
  from one address within ``PAIR_WINDOW``, that address may not try that email again
  for ``PAIR_BLOCK``. The real person, from their own address, is not affected.
- **Per account, from all addresses**: after ``ACCOUNT_FAILURES`` wrong passwords
  within ``ACCOUNT_WINDOW``, each further one stops sign-in to the account for
  ``ACCOUNT_BLOCK`` (a guesser with many addresses gets a few dozen tries an hour).
  An administrator can lift it ("Unlock", which also lifts every per-address block).

Everything is keyed by the email as typed (lower-cased), never by whether it is an
account, so an unknown email is slowed down exactly as a real one is. Counters live
in the rate limiter's storage (``RATELIMIT_STORAGE_URI``: Redis in production, so
every app server sees them), under HMACs: neither the email nor the address is kept
there. The address part is ``anonymous_client_key(storage)``, the limiter's own daily key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import timedelta

from flask import Flask, current_app
from limits.storage import MemoryStorage, Storage, storage_from_string

from feedback_app.privacy import anonymous_client_key

PAIR_FAILURES = 5
PAIR_WINDOW = timedelta(minutes=15)
PAIR_BLOCK = timedelta(minutes=15)
ACCOUNT_FAILURES = 50
ACCOUNT_WINDOW = timedelta(hours=1)
ACCOUNT_BLOCK = timedelta(minutes=5)
#: Unlocking moves an account on to a new "generation" of per-address keys: the old ones
#: are simply never read again. Kept longer than any per-address key lives.
GENERATION_LIFETIME = timedelta(days=1)

ADDRESS = "address"
ACCOUNT = "account"

logger = logging.getLogger(__name__)


class Counters:
    """The limiter's storage, or this process's memory while that cannot be reached
    (sign-in keeps working, slowed down per app server, and the log says so)."""

    def __init__(self, uri: str) -> None:
        self.shared: Storage = storage_from_string(uri)
        self.fallback = MemoryStorage()

    def _call(self, method: str, *args):
        try:
            return getattr(self.shared, method)(*args)
        except Exception:  # Redis down or unreachable: any of its client's errors
            logger.warning("sign-in counters: limiter storage unavailable, counting in this process")
            return getattr(self.fallback, method)(*args)

    def incr(self, key: str, lifetime: timedelta) -> int:
        return self._call("incr", key, int(lifetime.total_seconds()))

    def get(self, key: str) -> int:
        return self._call("get", key)

    def clear(self, key: str) -> None:
        self._call("clear", key)

    def reset(self) -> None:
        """Forget every counter (tests)."""
        self._call("reset")
        self.fallback.reset()


def _counters() -> Counters:
    return current_app.extensions["sign_in_counters"]


def _digest(*parts: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, "|".join(parts).encode(), hashlib.sha256).hexdigest()[:32]


def _account(email: str) -> str:
    return _digest("account", email.strip().lower())


def _address() -> str:
    """The rate limiter's own key for this client: a daily-salted hash, never the address,
    salted from the same storage the counters live in (Redis shared by every server)."""
    return anonymous_client_key(_counters().shared)


def _pair(email: str) -> str:
    generation = _counters().get(f"sign-in/generation/{_account(email)}")
    return _digest("pair", str(generation), _address(), email.strip().lower())


def refused(email: str) -> bool:
    """Whether this attempt is refused before its password is looked at."""
    counters = _counters()
    return (counters.get(f"sign-in/pair-block/{_pair(email)}") > 0
            or counters.get(f"sign-in/account-block/{_account(email)}") > 0)


def failed(email: str) -> str | None:
    """Count a wrong password; ``ADDRESS`` or ``ACCOUNT`` when this failure starts a slow-down."""
    counters, pair, account = _counters(), _pair(email), _account(email)
    started = None
    if counters.incr(f"sign-in/pair/{pair}", PAIR_WINDOW) >= PAIR_FAILURES:
        counters.clear(f"sign-in/pair/{pair}")
        counters.incr(f"sign-in/pair-block/{pair}", PAIR_BLOCK)
        counters.incr(f"sign-in/slowed/{account}", PAIR_BLOCK)  # for the accounts list: "Slowed down"
        started = ADDRESS
    if counters.incr(f"sign-in/account/{account}", ACCOUNT_WINDOW) >= ACCOUNT_FAILURES:
        counters.incr(f"sign-in/account-block/{account}", ACCOUNT_BLOCK)
        started = ACCOUNT
    return started


def succeeded(email: str) -> None:
    """The right password from this address: its count of wrong ones starts again."""
    _counters().clear(f"sign-in/pair/{_pair(email)}")


def slowed_down(email: str) -> bool:
    """Whether sign-in to this account is slowed down now, from some address or from all."""
    counters, account = _counters(), _account(email)
    return (counters.get(f"sign-in/slowed/{account}") > 0
            or counters.get(f"sign-in/account-block/{account}") > 0)


def unlock(email: str) -> None:
    """Lift every slow-down on the account (an administrator's "Unlock")."""
    counters, account = _counters(), _account(email)
    for name in ("account", "account-block", "slowed"):
        counters.clear(f"sign-in/{name}/{account}")
    counters.incr(f"sign-in/generation/{account}", GENERATION_LIFETIME)


def init_app(app: Flask) -> None:
    # Its own connection to the limiter's storage: the counters are needed even where
    # request rate limits are switched off (RATELIMIT_ENABLED=0, load tests).
    app.extensions["sign_in_counters"] = Counters(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
