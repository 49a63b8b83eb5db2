"""The words of an alert. They never say anything about the person or what they wrote:
no text, questionnaire, team, meeting type or date; only that a concern is waiting, and where."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from feedback_app.alerts.models import REMINDER

READING = "reading"  # feedback_app/reading: children's answers past their reading deadline
SUBJECTS = {"concern": "A safeguarding concern is waiting to be reviewed",
            REMINDER: "Reminder: a safeguarding concern is still waiting to be reviewed",
            READING: "Reminder: children's answers are waiting to be read"}


def compose(kind: str, recipient: str, *, sender: str, base_url: str, council: str,
            reminder_hours: int, reading_days: int = 2) -> EmailMessage:
    # The link is to the list, not to the concern: a mail archive then holds no time for one response.
    link = f"{base_url}/staff/safeguarding"
    if kind == READING:
        link = f"{base_url}/staff/reading"
        opening = (f"Some children's answers have not been read within {reading_days} working days. "
                   "Every child's words are read by a person, soon, whatever the detector found.")
    elif kind == REMINDER:
        opening = f"A safeguarding concern has not been reviewed within {reminder_hours} hours."
    else:
        opening = "Someone's answers to the feedback service suggest a child may be at risk."
    message = EmailMessage()
    message["Subject"] = SUBJECTS[kind]
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(
        f"{opening}\n\n"
        f"Sign in to read {'them' if kind == READING else 'it'} and record what was done:\n{link}\n\n"
        "This e-mail does not say what was written or anything about who wrote it, on purpose: "
        "read it only on the staff pages.\n\n"
        f"{council} feedback service. You get this because you are a designated safeguarding lead.\n")
    return message
