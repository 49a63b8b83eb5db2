"""Staff forms for invitation batches and paper forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from feedback_app.invitations.codes import MAX_CARDS, MEETING_TYPES
from feedback_app.privacy import today

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: Things a team name must not look like: 5 or more digits together (a case or NHS
#: number), a reference like "CP/123" or "AB-1234", or a word followed by a number
#: of 3 digits or more ("Smith 123").
CASE_LIKE = (
    re.compile(r"\d{5,}"),
    re.compile(r"\b[A-Za-z]{1,4}\s*[/\\\-]\s*\d"),
    re.compile(r"[A-Za-z]\s*\d{3,}"),
    re.compile(r"\d{2,}\s*[/\\\-]\s*\d{2,}"),
)


def looks_like_a_case_reference(text: str) -> bool:
    return any(pattern.search(text) for pattern in CASE_LIKE)


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter the number of cards as a number, like 10") from None


class BatchForm(FlaskForm):
    questionnaires = SelectMultipleField("Which questionnaires", choices=[],
                                         validators=[InputRequired("Select at least one questionnaire")])
    meeting_type = RadioField("Type of meeting",
                              choices=[SelectChoice(value, label) for value, label in MEETING_TYPES.items()],
                              validators=[InputRequired("Select the type of meeting")])
    month = StringField("Month of the meeting", validators=[InputRequired("Enter the month, like 2026-11")])
    team = SelectField("Team", choices=[], validators=[Optional()])
    other_team = StringField("Or another team name", validators=[Optional(), Length(
        max=64, message="The team name must be 64 characters or fewer")])
    cards_each = WholeNumberField("How many cards of each questionnaire", validators=[
        InputRequired("Enter how many cards you need"),
        NumberRange(1, MAX_CARDS, f"Enter a number of cards from 1 to {MAX_CARDS}")])

    def validate_month(self, field):
        if not MONTH.match((field.data or "").strip()):
            raise ValidationError("Enter the month as year and month, like 2026-11")
        field.data = field.data.strip()

    def validate_other_team(self, field):
        text = (field.data or "").strip()
        if text and looks_like_a_case_reference(text):
            raise ValidationError("Enter a team name only – never a child's name, a case number or a reference")
        field.data = text or None
        if text and self.team.data:
            raise ValidationError("Choose a team from the list or type one, not both")

    @property
    def chosen_team(self) -> str | None:
        return self.other_team.data or self.team.data or None


class PaperDateForm(FlaskForm):
    """The date written on a returned paper form (the CSRF token comes with the questionnaire form)."""

    class Meta:
        csrf = False

    filled_in_on = DateField("Date on the form", validators=[InputRequired("Enter the date on the form")],
                             format="%Y-%m-%d")

    def validate_filled_in_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("The date on the form must be today or in the past")
