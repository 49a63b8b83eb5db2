"""The words of an alert. They never say anything about the person or what they wrote:
no text, questionnaire, team, meeting type or date; only that a concern is waiting, and where."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from feedback_app.alerts.models import REMINDER

SUBJECTS = {"concern": "A safeguarding concern is waiting to be reviewed",
            REMINDER: "Reminder: a safeguarding concern is still waiting to be reviewed"}


def compose(kind: str, recipient: str, *, sender: str, base_url: str, council: str,
            reminder_hours: int) -> EmailMessage:
    # The link is to the list, not to the concern: a mail archive then holds no time for one response.
    link = f"{base_url}/staff/safeguarding"
    opening = (f"A safeguarding concern has not been reviewed within {reminder_hours} hours."
               if kind == REMINDER else "Someone's answers to the feedback service suggest a child may be at risk.")
    message = EmailMessage()
    message["Subject"] = SUBJECTS[kind]
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(
        f"{opening}\n\n"
        f"Sign in to read it and record what was done:\n{link}\n\n"
        "This e-mail does not say what was written or anything about who wrote it, on purpose: "
        "read it only on the staff pages.\n\n"
        f"{council} feedback service. You get this because you are a designated safeguarding lead.\n")
    return message
