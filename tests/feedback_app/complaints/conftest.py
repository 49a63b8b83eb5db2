from __future__ import annotations

import pytest

from tests.feedback_app.staff.conftest import make_user, signed_in  # noqa: F401  (fixtures shared with staff tests)


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, name: str = "file.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
