"""Start the test OpenID Connect provider (``provider.py``) as its own process on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

PROVIDER = Path(__file__).with_name("provider.py")
CLIENT_ID = "feedback-staff-pages"
CLIENT_SECRET = "a-client-secret-for-the-tests"  # noqa: S105  (the test provider's, nothing real)

#: The people the provider knows. ``leaver`` is disabled there: it refuses to sign them in.
USERS = {
    "manager": {"sub": "sub-manager-0001", "email": "manager@council.example", "email_verified": True,
                "groups": ["grp-managers"]},
    "admin": {"sub": "sub-admin-0002", "email": "admin@council.example", "email_verified": True,
              "groups": ["grp-managers", "grp-admins"]},
    "unverified": {"sub": "sub-unverified-0003", "email": "chair@council.example", "email_verified": False},
    "stranger": {"sub": "sub-stranger-0004", "email": "stranger@council.example", "email_verified": True,
                 "groups": ["grp-managers"]},
    "leaver": {"sub": "sub-leaver-0005", "email": "leaver@council.example", "email_verified": True,
               "disabled": True},
    "no-groups": {"sub": "sub-nogroups-0006", "email": "officer@council.example", "email_verified": True,
                  "groups": ["grp-unmapped"]},
}


@dataclass
class RunningProvider:
    issuer: str

    def settings(self) -> dict[str, str]:
        return {"OIDC_ISSUER": self.issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET}

    def sign_in(self, authorize_url: str, login: str, misbehave: str = "") -> str:
        """What the person does at the provider (picks who they are): the address it sends them back to."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        reply = requests.post(f"{self.issuer}/authorize", data={**query, "login": login, "misbehave": misbehave},
                              allow_redirects=False, timeout=10)
        assert reply.status_code == 302, reply.text
        return reply.headers["Location"]


@contextmanager
def running_provider(folder: Path, redirect_uris: list[str]) -> Iterator[RunningProvider]:
    config = folder / "oidc-provider.json"
    config.write_text(json.dumps({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                  "redirect_uris": redirect_uris, "users": USERS}))
    process = subprocess.Popen([sys.executable, str(PROVIDER), str(config)], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("PORT "), f"the test OpenID Connect provider did not start: {line!r}"
        yield RunningProvider(f"http://127.0.0.1:{int(line.split()[1])}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
