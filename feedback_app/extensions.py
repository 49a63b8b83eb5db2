"""Extensions created once and bound to the app in ``create_app`` (``init_app``)."""

from flask import g
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from feedback_app.privacy import anonymous_client_key
from feedback_app.rate_limits import STRATEGY


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()


def client_key() -> str:
    """The limiter's key for this request; the day's salt comes from where the limiter counts.
    While Redis is down Flask-Limiter counts in memory (its ``_storage_dead``, which it clears
    when Redis answers again): the salt then comes from memory too, without asking Redis on
    every request, and from Redis again as soon as the counting does."""
    if "limiter_key" not in g:  # asked once per limit: one Redis read a request is enough
        counting_in_memory = getattr(limiter, "_storage_dead", False)
        g.limiter_key = anonymous_client_key(None if counting_in_memory else limiter.storage)
    return g.limiter_key


limiter = Limiter(key_func=client_key, strategy=STRATEGY)
