"""``flask --app feedback_app alerts send``: queue and send safeguarding alerts (cron, or a systemd timer)."""

from __future__ import annotations

import logging
from time import sleep

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from feedback_app.alerts.outbox import queue_alerts, send_due
from feedback_app.extensions import db
from feedback_app.reading.service import queue_reminders
from feedback_app.staff.models import utc_now

log = logging.getLogger(__name__)
alerts_cli = AppGroup("alerts", help="Safeguarding alerts by e-mail.")


@alerts_cli.command("send")
@click.option("--every", type=click.IntRange(min=0), default=0, metavar="SECONDS",
              help="Keep running, once every SECONDS (a systemd service), instead of once (cron).")
def send(every: int) -> None:
    """Tell the safeguarding leads about concerns waiting, and remind them (of answers past their reading
    deadline too); retry what failed."""
    if not current_app.config["MAIL_SERVER"]:
        click.echo("MAIL_SERVER is not set: no e-mail is sent. Concerns wait on the staff pages.")
        return
    while True:
        try:
            queued = queue_alerts(current_app.config["DEPLOYMENT"], utc_now())
            queued += queue_reminders(current_app.config["DEPLOYMENT"], utc_now())
            outcome = send_due(current_app.config, utc_now())
        except SQLAlchemyError as error:
            db.session.rollback()
            if not every:
                raise click.ClickException(f"the database could not be reached ({type(error).__name__})") from None
            log.warning("Safeguarding alerts: the database could not be reached (%s)", type(error).__name__)
        else:
            if not every or queued or outcome.sent or outcome.failed:
                click.echo(f"Queued {queued}, sent {outcome.sent}, kept to try again {outcome.failed}.")
        finally:
            db.session.remove()
        if not every:
            return
        sleep(every)


_told_no_mail = False


def tell_if_no_mail(app: Flask) -> None:
    global _told_no_mail
    # Once a process, as a warning so that the server's log (gunicorn logs warnings) shows it at
    # start-up; not when a `flask` command loads the app (`alerts send` says so itself).
    if not app.config["MAIL_SERVER"] and not _told_no_mail and click.get_current_context(silent=True) is None:
        _told_no_mail = True
        log.warning("MAIL_SERVER is not set: safeguarding alerts are not e-mailed; "
                    "concerns wait on the staff pages")
