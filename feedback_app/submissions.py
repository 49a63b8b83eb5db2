"""One way in for a response: the web form, the paged form, a card, paper entry and
``responses import`` all call ``submit`` (or ``submit_all`` for a file).

One transaction does everything a response sets off: a card's code is used up, the
response's rows are stored (answers, contact details kept apart, a safeguarding flag
when its words suggest a child is at risk, and an entry in the reading queue for each
free-text answer a person must read: feedback_app/reading), and a case is opened in the complaints
register when the questionnaire's definition says ``opens_register_case``. All of it
is committed, or on any failure none of it. Safeguarding e-mails need nothing from
here: their sender finds new flags in the database by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from feedback_app.complaints.service import representations_from_responses
from feedback_app.extensions import db
from feedback_app.invitations.codes import MEETING_TYPES, Invitation, configured_team, use
from feedback_app.responses import NewResponse, insert_rows, new_response
from forms.i18n import SOURCE_LANGUAGE
from forms.model import Questionnaire


@dataclass(frozen=True)
class Context:
    """What is known about a response besides its answers: from a card (which is then used
    up) or chosen by staff typing in a paper form. A team is kept only if it is one of the
    deployment's configured teams (docs/decisions/0011, R8)."""

    meeting_type: str | None = None
    team: str | None = None
    invitation: Invitation | None = None

    @classmethod
    def from_card(cls, invitation: Invitation) -> Context:
        return cls(meeting_type=invitation.meeting_type, team=invitation.team, invitation=invitation)


@dataclass(frozen=True)
class Submission:
    """One response of a batch (``submit_all``)."""

    variant: str
    answers: dict[str, list[str]]
    channel: str = "web"
    context: Context | None = None
    submitted_on: date | None = None
    #: The language the person answered in (a code from forms.i18n.shipped_languages).
    language: str = SOURCE_LANGUAGE


@dataclass(frozen=True)
class Submitted:
    """What the person's next page needs: never the response's id."""

    raises_concern: bool
    #: The register case this response opened (have-your-say), for the thank-you page.
    register_reference: str | None = None


def submit(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]], *, channel: str,
           context: Context | None = None, submitted_on: date | None = None,
           language: str = SOURCE_LANGUAGE) -> Submitted:
    """Store one valid response and everything it sets off, in one transaction.

    Raises ``invitations.codes.CodeProblem`` (nothing stored) when the card's code was
    used meanwhile or has expired.
    """
    return submit_all(questionnaire, [Submission(variant, answers, channel, context, submitted_on, language)])[0]


def submit_all(questionnaire: Questionnaire, submissions: list[Submission]) -> list[Submitted]:
    """Store every response of a batch, or none of them (one transaction)."""
    try:
        stored = [_card_used_and_rows(questionnaire, submission) for submission in submissions]
        insert_rows(stored)
        references: list[str | None] = [None] * len(stored)
        if questionnaire.opens_register_case:
            references = [case.reference for case in representations_from_responses(stored)]
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return [Submitted(rows.raises_concern, reference) for rows, reference in zip(stored, references, strict=True)]


def _card_used_and_rows(questionnaire: Questionnaire, submission: Submission) -> NewResponse:
    context = submission.context or Context()
    if context.meeting_type is not None and context.meeting_type not in MEETING_TYPES:
        raise ValueError(f"unknown meeting type {context.meeting_type!r}")  # forms offer only these
    if context.invitation is not None:
        use(context.invitation)  # first: a second use of the code stops here, before any row is made
    return new_response(questionnaire, submission.variant, submission.answers, channel=submission.channel,
                        submitted_on=submission.submitted_on, meeting_type=context.meeting_type,
                        team=configured_team(context.team), language=submission.language)
