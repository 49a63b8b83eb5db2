"""Public pages: the questionnaires (``routes``), invitation codes (``invitations.public_routes``).

Their modules are listed in ``feedback_app/routes.py``, which imports them before the
blueprint is registered."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="../templates/public")
