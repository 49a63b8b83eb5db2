"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent, and an app that mails through it."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.feedback_app.staff.conftest import make_user, signed_in  # noqa: F401


@dataclass
class Received:
    recipients: list[str]
    raw: bytes


@dataclass
class Inbox:
    """Every message the server accepted (aiosmtpd's hooks: ``handle_RCPT`` for each recipient,
    ``handle_DATA`` for the message); it refuses any address starting with "refused"."""

    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("refused"):  # a mailbox the server will not take
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        self.messages.append(Received(list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


class SMTPServer:
    """Start, stop and start again on the same port: the app's settings keep pointing at it."""

    def __init__(self, **smtp_options) -> None:
        self.smtp_options = smtp_options
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.smtp_options)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[Received]:
        return self.inbox.messages


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def password_checker(user: str, password: str):
    """An aiosmtpd authenticator that takes one user name and password."""
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data):
        right = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(), password.encode())
        return AuthResult(success=right)

    return check


@pytest.fixture
def mailing_app(app, smtp_server, monkeypatch):
    """The app with MAIL_* pointing at the loopback server, and a known public address."""
    for name, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_USE_TLS": False,
                        "MAIL_USERNAME": None, "MAIL_PASSWORD": None,
                        "MAIL_DEFAULT_SENDER": "feedback@council.example",
                        "PUBLIC_BASE_URL": "https://feedback.council.example"}.items():
        monkeypatch.setitem(app.config, name, value)
    return app
