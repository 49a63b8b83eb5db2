from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="../templates/public")

from feedback_app.public import routes  # noqa: E402,F401  (routes register on bp)
