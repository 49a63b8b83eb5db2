"""?page= on the staff lists (complaints register, audit log, safeguarding): whatever is typed, a page,
never a 500. A NUL character is a bad request (400) on every staff page (feedback_app/security.py)."""

from __future__ import annotations

import pytest

from tests.feedback_app.staff.conftest import sign_in

HOSTILE = ["99999999999999999999", "-1", "abc", "1e9", "0", "", "1.5", "١٢", "9" * 400]


@pytest.mark.parametrize(("role", "urls"), [
    ("complaints_officer", ["/staff/complaints?", "/staff/complaints?view=overdue&", "/staff/complaints?view=due&"]),
    ("admin", ["/staff/audit?"]),
    ("manager", ["/staff/safeguarding?", "/staff/safeguarding?status=reviewed&"]),
])
def test_no_page_number_breaks_a_staff_list(app, make_user, role, urls):
    make_user(role)
    client = app.test_client()
    assert sign_in(client, f"{role}@council.example").status_code == 302
    for url in urls:
        for raw in HOSTILE:
            response = client.get(f"{url}page={raw}")
            assert response.status_code == 200, (url, raw)
        assert client.get(f"{url}page=%00").status_code == 400, url
