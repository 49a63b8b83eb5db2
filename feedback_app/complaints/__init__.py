"""The register of comments, compliments and complaints (representations).

Staff pages live on the staff blueprint (``routes``), so the one access table in
``feedback_app/staff/access.py`` guards them; the CLI adds ``complaints import``,
``population import`` and ``retention run``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from feedback_app.complaints import case_routes, cli, models, routes  # noqa: F401  (models and routes register themselves)

    cli.init_app(app)
