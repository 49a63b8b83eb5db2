"""Extensions created once and bound to the app in ``create_app`` (``init_app``)."""

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
    """The limiter's key for this request; the day's salt comes from where the limiter counts."""
    return anonymous_client_key(limiter.storage)


limiter = Limiter(key_func=client_key, strategy=STRATEGY)
