"""A small OpenID Connect provider for the tests, run as its own process on loopback.

It does what a council's identity provider does, for real: discovery, a JWKS, an
authorisation endpoint (a page where the person picks who they are), PKCE (S256 only),
client authentication, and ID tokens signed RS256 with joserfc (Authlib's JOSE library).
The app talks to it over HTTP exactly as it would to Microsoft Entra ID.

A test can ask one sign-in to go wrong the way a broken or hostile provider would
(``misbehave`` on the sign-in form): a token for another nonce or audience, an expired
one, or one signed by a key the JWKS does not hold. A person marked ``disabled`` (a
leaver) is refused at the provider: the app gets ``error=access_denied`` back.

Usage: python provider.py CONFIG.json — prints ``PORT <n>`` when it is listening.
CONFIG: {"client_id", "client_secret", "redirect_uris": [...], "users": {login: claims}}
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

KID = "test-signing-key"
SIGNING_KEY = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
# Same key id, different key: a forged token the JWKS cannot verify.
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
CODE_LIFETIME = 60


class Provider:
    def __init__(self, config: dict) -> None:
        self.config = config
        self.issuer = ""
        self.codes: dict[str, dict] = {}
        self.lock = threading.Lock()

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        user = self.config["users"][grant["login"]]
        claims = {"iss": self.issuer, "aud": self.config["client_id"], "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"], **{k: v for k, v in user.items() if k != "disabled"}}
        key = SIGNING_KEY
        match grant["misbehave"]:
            case "nonce":
                claims["nonce"] = "not-the-nonce-the-app-sent"
            case "expired":
                claims["iat"], claims["exp"] = now - 3600, now - 1800
            case "audience":
                claims["aud"] = "some-other-application"
            case "other-key":
                key = OTHER_KEY
        return jwt.encode({"alg": "RS256", "kid": KID}, claims, key)


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, *args) -> None:  # quiet: the tests' output is enough
        pass

    def _send(self, status: int, body: str | dict, content_type: str = "application/json", headers=None) -> None:
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, url: str) -> None:
        self._send(302, "", "text/plain", {"Location": url})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/.well-known/openid-configuration":
            self._send(200, self.provider.metadata())
        elif parts.path == "/jwks":
            self._send(200, {"keys": [SIGNING_KEY.as_dict(private=False)]})
        elif parts.path == "/authorize":
            self.authorize_page(query)
        else:
            self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/authorize":
            self.authorize(self._form())
        elif path == "/token":
            self.token(self._form())
        else:
            self._send(404, {"error": "not_found"})

    def _request_problem(self, query: dict) -> str | None:
        config = self.provider.config
        if query.get("client_id") != config["client_id"]:
            return "unknown client"
        if query.get("redirect_uri") not in config["redirect_uris"]:
            return "redirect_uri not registered"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return "only the authorisation code flow with scope openid"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "PKCE with S256 is required"
        return None

    def authorize_page(self, query: dict) -> None:
        if problem := self._request_problem(query):
            self._send(400, f"<p>{html.escape(problem)}</p>", "text/html")
            return
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in query.items())
        people = "".join(f'<p><label><input type="radio" name="login" value="{html.escape(login)}"> '
                         f'{html.escape(login)}</label></p>' for login in self.provider.config["users"])
        self._send(200, f"""<!doctype html><html lang="en"><head><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><form method="post" action="/authorize">{hidden}
<fieldset><legend>Who are you?</legend>{people}</fieldset>
<button type="submit">Continue</button></form></main></body></html>""", "text/html")

    def authorize(self, form: dict) -> None:
        if problem := self._request_problem(form):
            self._send(400, f"<p>{html.escape(problem)}</p>", "text/html")
            return
        redirect_uri, state = form["redirect_uri"], form.get("state", "")
        user = self.provider.config["users"].get(form.get("login", ""))
        if user is None or user.get("disabled"):
            self._redirect(f"{redirect_uri}?" + urlencode({"error": "access_denied", "state": state,
                                                           "error_description": "The user cannot sign in"}))
            return
        code = secrets.token_urlsafe(24)
        with self.provider.lock:
            self.provider.codes[code] = {"login": form["login"], "redirect_uri": redirect_uri,
                                         "nonce": form.get("nonce", ""), "challenge": form["code_challenge"],
                                         "misbehave": form.get("misbehave", ""), "at": time.time()}
        self._redirect(f"{redirect_uri}?" + urlencode({"code": code, "state": state}))

    def _client_ok(self, form: dict) -> bool:
        config = self.provider.config
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        from urllib.parse import unquote_plus
        return (unquote_plus(client_id) == config["client_id"]
                and secrets.compare_digest(unquote_plus(secret), config["client_secret"]))

    def token(self, form: dict) -> None:
        if not self._client_ok(form):
            self._send(401, {"error": "invalid_client"})
            return
        with self.provider.lock:
            grant = self.provider.codes.pop(form.get("code", ""), None)  # a code works once
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if (grant is None or time.time() - grant["at"] > CODE_LIFETIME or form.get("grant_type") !=
                "authorization_code" or form.get("redirect_uri") != grant["redirect_uri"]
                or challenge != grant["challenge"]):
            self._send(400, {"error": "invalid_grant"})
            return
        self._send(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                         "id_token": self.provider.id_token(grant)})


def main() -> None:
    with open(sys.argv[1]) as file:
        provider = Provider(json.load(file))
    Handler.provider = provider
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
