"""The register of comments, compliments and complaints (representations).

Staff pages live on the staff blueprint (``routes``), so the one access table in
``feedback_app/staff/access.py`` guards them; the CLI adds ``complaints import``,
``population import`` and ``retention run``. Both are listed in ``feedback_app/routes.py``.
"""
