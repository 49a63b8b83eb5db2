"""Invitation cards: single-use codes handed out after a meeting, and paper forms.

Its pages (``public_routes``, ``staff_routes``) join the public and staff blueprints;
they are listed with every other page in ``feedback_app/routes.py``.
"""
