"""Single sign-on for staff with the council's OpenID Connect provider (Entra ID, Google, ...).

Authlib does the protocol: the authorisation code flow with PKCE (S256), ``state`` and
``nonce`` kept in the signed session cookie and checked on the way back, and the ID token
checked for its signature (from the provider's JWKS), issuer, audience, expiry and nonce.
This module turns the outcome into a staff session, or a page that says why not, and
audits both. Which account, and which role: ``sso_accounts``. Why: decision 0017.

Offered only when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. With
STAFF_LOCAL_PASSWORDS=off the password form goes and a password sign-in is refused.
"""

from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import Flask, current_app, redirect, render_template, request, url_for
from joserfc.errors import JoseError
from requests import RequestException

from feedback_app.extensions import db
from feedback_app.staff import audit, bp, complete_sign_in, sso_accounts

CLIENT = "council"
BAD_RESPONSE = "single sign-on refused: bad response"


def offered() -> bool:
    return bool(current_app.config.get("OIDC_ISSUER"))


def local_passwords_on() -> bool:
    return bool(current_app.config.get("STAFF_LOCAL_PASSWORDS", True))


def _client():
    oauth: OAuth | None = current_app.extensions.get("authlib.integrations.flask_client")
    return oauth.create_client(CLIENT) if oauth and offered() else None


def _plain(text: str, limit: int) -> str:
    """Text from outside (a provider's error, an exception about a token) made safe to keep: printable
    characters only (PostgreSQL refuses NUL in text), and short."""
    return "".join(character if character.isprintable() else "?" for character in str(text))[:limit]


def _refused(heading: str, reason: str, status: int):
    return render_template("staff/sso_refused.html", heading=heading, reason=reason), status


@bp.get("/sso/start")
def sso_start():
    client = _client()
    if client is None:
        return _refused("Single sign-on is not set up", "not set up", 404)
    # The address the provider sends people back to is registered with it: built from
    # PUBLIC_BASE_URL, never from the request's Host header.
    redirect_uri = current_app.config["PUBLIC_BASE_URL"] + url_for("staff.sso_callback")
    try:
        return client.authorize_redirect(redirect_uri)
    except RequestException:  # the provider's discovery document could not be fetched
        current_app.logger.warning("single sign-on: the identity provider cannot be reached")
        return _refused("Sign-in did not work", "provider unreachable", 503)


@bp.get("/sso/callback")
def sso_callback():
    client = _client()
    if client is None:
        return _refused("Single sign-on is not set up", "not set up", 404)
    issuer = current_app.config["OIDC_ISSUER"]
    try:
        token = client.authorize_access_token(claims_options={"iss": {"essential": True, "values": [issuer]}})
        claims = token.get("userinfo")
        if not claims or not claims.get("sub"):
            raise ValueError("no ID token")
    except OAuthError as error:
        # access_denied: the provider would not let this person in (a leaver, say); mismatching_state:
        # a callback this browser did not start (a forged or replayed link).
        action = ("single sign-on refused by the provider" if error.error != "mismatching_state" else BAD_RESPONSE)
        audit.record(action, _plain(error.error, 100), actor=None)
        db.session.commit()
        return _refused("Sign-in did not work", "provider said no", 403)
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as error:
        audit.record(BAD_RESPONSE, _plain(f"{type(error).__name__}: {error}", 300), actor=None)
        db.session.commit()
        return _refused("Sign-in did not work", "bad token", 403)
    try:
        user = sso_accounts.account_for(dict(claims), current_app.config["DEPLOYMENT"])
    except sso_accounts.Refused as refusal:
        audit.record(f"single sign-on refused: {refusal.reason}", refusal.detail, actor=None)
        db.session.commit()
        return _refused(_HEADINGS[refusal.reason], refusal.reason, 403)
    audit.record("signed in via single sign-on", actor=user)
    db.session.commit()
    complete_sign_in(user)
    return redirect(url_for("staff.home"))


_HEADINGS = {
    sso_accounts.NO_ACCOUNT: "You do not have an account",
    sso_accounts.DISABLED: "Your account is disabled",
    sso_accounts.NO_ROLE: "Your council account does not give you access",
}


@bp.before_request
def refuse_password_sign_in():
    """With STAFF_LOCAL_PASSWORDS=off nobody signs in with a password, whatever they send."""
    if request.endpoint == "staff.login" and request.method == "POST" and not local_passwords_on():
        audit.record("password sign-in refused: passwords off", actor=None)
        db.session.commit()
        return _refused("Sign in with your council account", "passwords off", 403)
    return None


def init_app(app: Flask) -> None:
    from feedback_app.config import ConfigError

    app.jinja_env.globals.update(sso_offered=offered, local_passwords_on=local_passwords_on)
    try:  # a group mapped to a role that does not exist would refuse everyone in it: say so at start-up
        sso_accounts.check_group_roles((app.config["DEPLOYMENT"].get("sso") or {}).get("group_roles") or {},
                                       "FEEDBACK_CONFIG")
    except ValueError as error:
        raise ConfigError(str(error)) from error
    if app.config.get("OIDC_ISSUER"):
        oauth = OAuth(app)
        oauth.register(
            CLIENT, client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config["OIDC_CLIENT_SECRET"],
            server_metadata_url=app.config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                           "default_timeout": 10})
