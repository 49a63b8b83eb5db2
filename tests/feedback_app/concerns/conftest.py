"""Staff fixtures, shared."""

from tests.feedback_app.staff.conftest import make_user, signed_in  # noqa: F401
