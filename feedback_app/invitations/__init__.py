"""Invitation cards: single-use codes handed out after a meeting, and paper forms.

Importing this package adds its routes to the public and staff blueprints; it must
be imported before they are registered (``feedback_app.register_blueprints``).
"""

from __future__ import annotations


def register() -> None:
    from feedback_app.invitations import models, public_routes, staff_routes  # noqa: F401
