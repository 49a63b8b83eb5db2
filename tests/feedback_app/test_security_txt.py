"""/.well-known/security.txt (RFC 9116) from the deployment's ``security:`` section."""

from __future__ import annotations

import datetime
import logging

import pytest

from feedback_app import config
from tests.helpers import another_app

TODAY = datetime.date.today()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
URL = "/.well-known/security.txt"


def _deployment(tmp_path, body: str) -> dict:
    path = tmp_path / "council.yaml"
    path.write_text(body)
    return config.load_deployment(str(path))


def _council(tmp_path, expires=NEXT_MONTH, policy="https://www.anytown.gov.uk/vulnerability-disclosure"):
    return _deployment(tmp_path, f"security:\n  contact: mailto:security@anytown.gov.uk\n"
                                 f"  policy: {policy}\n  expires: {expires.isoformat()}\n")


def test_with_no_contact_there_is_no_file(client):
    response = client.get(URL)
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


def test_the_file_says_who_to_tell_until_when_with_no_cookie_and_every_header(app, tmp_path):
    deployment = _council(tmp_path)
    with another_app(app, DEPLOYMENT=deployment, PUBLIC_BASE_URL="https://feedback.anytown.gov.uk") as server:
        response = server.test_client().get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True).splitlines() == [
        "Contact: mailto:security@anytown.gov.uk",
        f"Expires: {NEXT_MONTH.isoformat()}T00:00:00Z",
        "Policy: https://www.anytown.gov.uk/vulnerability-disclosure",
        "Preferred-Languages: en",
        "Canonical: https://feedback.anytown.gov.uk/.well-known/security.txt",
    ]
    assert "Set-Cookie" not in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_no_canonical_line_while_the_address_is_the_built_in_loopback_one(app, tmp_path):
    with another_app(app, DEPLOYMENT=_council(tmp_path, policy="null")) as server:
        text = server.test_client().get(URL).get_data(as_text=True)
    assert "Canonical" not in text and "Policy" not in text
    assert text.startswith("Contact: mailto:security@anytown.gov.uk\n")


def test_after_its_expiry_the_file_is_gone_and_start_up_says_so(app, tmp_path, caplog):
    deployment = _council(tmp_path, expires=TODAY - datetime.timedelta(days=1))
    with caplog.at_level(logging.WARNING), another_app(app, DEPLOYMENT=deployment) as server:
        assert server.test_client().get(URL).status_code == 404
    assert any("security.expires" in record.getMessage() and "has passed" in record.getMessage()
               for record in caplog.records)


@pytest.mark.parametrize(("body", "message"), [
    ("security:\n  contact: mailto:security@anytown.gov.uk\n", "expires must be set"),
    ("security:\n  contact: http://anytown.gov.uk/report\n  expires: 2030-01-01\n", "must be mailto:"),
    ("security:\n  contact: 'mailto:a@b.uk\\nContact: mailto:evil@x.com'\n", "must be mailto:"),
    ("security:\n  contact: mailto:a@b.uk\n  expires: next year\n", "expires must be a date"),
    (f"security:\n  contact: mailto:a@b.uk\n  expires: {(TODAY + datetime.timedelta(days=400)).isoformat()}\n",
     "more than a year ahead"),
    ("security:\n  policy: ftp://anytown.gov.uk/policy\n", "policy 'ftp://anytown.gov.uk/policy' must be an https"),
    ("security:\n  preferred_languages: [en, 'x y']\n", "preferred_languages must be language tags"),
    ("security:\n  email: security@anytown.gov.uk\n", "unknown settings email"),
    ("security: yes\n", "security must be a mapping"),
])
def test_a_bad_security_section_stops_start_up_with_one_clear_line(tmp_path, body, message):
    with pytest.raises(config.ConfigError, match=message) as caught:
        _deployment(tmp_path, body)
    assert "\n" not in str(caught.value)


def test_several_contacts_and_languages_are_each_written(app, tmp_path):
    deployment = _deployment(tmp_path, "security:\n  contact: [mailto:security@anytown.gov.uk, "
                                       "'https://www.anytown.gov.uk/report-a-vulnerability']\n"
                                       f"  expires: {NEXT_MONTH.isoformat()}\n  preferred_languages: [en, cy]\n")
    with another_app(app, DEPLOYMENT=deployment) as server:
        lines = server.test_client().get(URL).get_data(as_text=True).splitlines()
    assert lines[:2] == ["Contact: mailto:security@anytown.gov.uk",
                         "Contact: https://www.anytown.gov.uk/report-a-vulnerability"]
    assert "Preferred-Languages: en, cy" in lines
