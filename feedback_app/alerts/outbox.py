"""Filling the outbox from the concerns waiting, and sending what is due.

Everything here works from the database, so a submission only ever commits its flag;
a mail server that is down delays alerts and loses none. Messages are sent at least
once: a run that dies between sending and marking a message sends it again next time.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from feedback_app.alerts.message import compose
from feedback_app.alerts.models import CONCERN, REMINDER, SafeguardingAlert
from feedback_app.alerts.recipients import lead_emails
from feedback_app.concerns.models import NEW, SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.reading.models import ReadingReminder

log = logging.getLogger(__name__)

DEFAULT_REMINDER_HOURS = 4
#: How long one run holds a message it is sending before another run may take it.
LEASE = timedelta(minutes=5)
FIRST_RETRY, LONGEST_WAIT = timedelta(minutes=1), timedelta(minutes=15)
SMTP_TIMEOUT = 20  # seconds


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes, then every 15: a concern must not wait long once mail is back."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def reminder_hours(deployment: dict) -> int:
    return int(deployment.get("safeguarding_reminder_hours") or DEFAULT_REMINDER_HOURS)


def queue_alerts(deployment: dict, now: datetime) -> int:
    """Queue a message to each lead about each concern waiting that they have not been told
    about, and a reminder about each still waiting ``safeguarding_reminder_hours`` after its
    first alert. How many were queued."""
    leads = lead_emails(deployment)
    waiting = list(db.session.scalars(select(SafeguardingFlag.id).where(SafeguardingFlag.status == NEW)))
    if not waiting:
        return 0
    if not leads:
        log.warning("Safeguarding alerts: %d concerns waiting but no safeguarding leads to tell: mark an account "
                    "as a lead or set safeguarding_leads", len(waiting))
        return 0
    known = {tuple(row) for row in db.session.execute(
        select(SafeguardingAlert.flag_id, SafeguardingAlert.recipient, SafeguardingAlert.kind)
        .where(SafeguardingAlert.flag_id.in_(waiting)))}
    first_alerted = dict(db.session.execute(
        select(SafeguardingAlert.flag_id, func.min(SafeguardingAlert.created_at))
        .where(SafeguardingAlert.flag_id.in_(waiting), SafeguardingAlert.kind == CONCERN)
        .group_by(SafeguardingAlert.flag_id)).all())
    remind_before = now - timedelta(hours=reminder_hours(deployment))
    queued = []
    for flag_id in waiting:
        first = first_alerted.get(flag_id)
        overdue = first is not None and _aware(first) <= remind_before
        for lead in leads:
            kinds = [CONCERN] + ([REMINDER] if overdue else [])
            queued += [SafeguardingAlert(flag_id=flag_id, recipient=lead, kind=kind, created_at=now,
                                         attempts=0, next_attempt_at=now)
                       for kind in kinds if (flag_id, lead, kind) not in known]
    db.session.add_all(queued)
    try:
        db.session.commit()
    except IntegrityError:  # another run queued the same messages first: theirs stand
        db.session.rollback()
        return 0
    return len(queued)


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


@dataclass(frozen=True)
class Due:
    """A message claimed for sending. Plain values, not a row: the concern may be reviewed (and
    its rows deleted) while this run sends, and that must not break the run."""

    id: str
    kind: str
    recipient: str
    attempts: int
    table: type = SafeguardingAlert  # or ReadingReminder (feedback_app/reading): the same columns


def send_due(config, now: datetime) -> Outcome:
    """Send every message that is due through MAIL_SERVER; back off the ones that fail."""
    outcome = Outcome()
    alerts = _claim_due(now)
    if not alerts:
        return outcome
    deployment = config["DEPLOYMENT"]
    try:
        connection = _connect(config)
    except OSError as error:  # refused, timed out, TLS or sign-in failed (SMTPException is an OSError)
        _failed(alerts, now, outcome)
        log.warning("Safeguarding alerts: the mail server could not be reached (%s); %d messages kept "
                    "to try again", _describe(error), len(alerts))
        return outcome
    with connection:
        for position, alert in enumerate(alerts):
            message = compose(alert.kind, alert.recipient, sender=config["MAIL_DEFAULT_SENDER"],
                              base_url=config["PUBLIC_BASE_URL"], council=deployment["authority"]["name"],
                              reminder_hours=reminder_hours(deployment),
                              reading_days=int(deployment.get("reading_deadline_working_days") or 2))
            try:
                connection.send_message(message, to_addrs=[alert.recipient])
            except OSError as error:  # SMTPException is an OSError too
                if isinstance(error, smtplib.SMTPException) and not isinstance(error, smtplib.SMTPServerDisconnected):
                    _failed([alert], now, outcome)  # refused this one (recipient, size...): try it later
                    log.warning("Safeguarding alerts: the mail server refused a message (%s); kept to try again",
                                _describe(error))
                    continue
                _failed(alerts[position:], now, outcome)  # the connection is gone: keep the rest
                log.warning("Safeguarding alerts: the mail server went away (%s); %d messages kept to try "
                            "again", _describe(error), len(alerts) - position)
                break
            else:
                _set(alert, sent_at=now)
                outcome.sent += 1
                db.session.commit()  # marked at once, so a failure later on cannot send it twice
    return outcome


def _claim_due(now: datetime) -> list[Due]:
    """The messages due now (concern alerts first, then reading reminders), each leased to this run so
    that an overlapping run leaves it alone."""
    claimed = []
    for table in (SafeguardingAlert, ReadingReminder):
        due = db.session.execute(select(table.id, table.kind, table.recipient, table.attempts, table.next_attempt_at)
                                 .where(table.sent_at.is_(None), table.next_attempt_at <= now)
                                 .order_by(table.next_attempt_at, table.id)).all()
        for row in due:
            taken = db.session.execute(update(table)
                                       .where(table.id == row.id, table.next_attempt_at == row.next_attempt_at)
                                       .values(next_attempt_at=now + LEASE))
            if taken.rowcount == 1:
                claimed.append(Due(row.id, row.kind, row.recipient, row.attempts, table))
    db.session.commit()
    return claimed


def _set(alert: Due, **values) -> None:
    db.session.execute(update(alert.table).where(alert.table.id == alert.id).values(**values))


def _connect(config) -> smtplib.SMTP:
    connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
    try:
        if config["MAIL_USE_TLS"]:
            connection.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        connection.close()
        raise
    return connection


def _failed(alerts: list[Due], now: datetime, outcome: Outcome) -> None:
    for alert in alerts:
        _set(alert, attempts=alert.attempts + 1, next_attempt_at=now + retry_delay(alert.attempts + 1))
        outcome.failed += 1
    db.session.commit()


def _describe(error: BaseException) -> str:
    """The kind of failure and the SMTP code: never the server's words, which can quote an address."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}" + (f" {code}" if code else "")


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
