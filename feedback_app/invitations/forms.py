"""Staff forms for invitation batches and paper forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from feedback_app.invitations.codes import MAX_CARDS, MEETING_TYPES
from feedback_app.privacy import today

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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
    #: Only the deployment's teams (checked at start-up): a team typed here could be a
    #: family's name, and it would be stored with every answer and printed in every report.
    team = SelectField("Team", choices=[], validators=[Optional()])
    cards_each = WholeNumberField("How many cards of each questionnaire", validators=[
        InputRequired("Enter how many cards you need"),
        NumberRange(1, MAX_CARDS, f"Enter a number of cards from 1 to {MAX_CARDS}")])

    def validate_month(self, field):
        if not MONTH.match((field.data or "").strip()):
            raise ValidationError("Enter the month as year and month, like 2026-11")
        field.data = field.data.strip()

    @property
    def chosen_team(self) -> str | None:
        return self.team.data or None


class PaperDateForm(FlaskForm):
    """What staff know about a returned paper form besides its answers: the date written on
    it and, if known, the meeting and the team, kept as a card's would be (only the meeting
    types cards use and the deployment's configured teams; docs/decisions/0011, R8). The
    CSRF token comes with the questionnaire form."""

    class Meta:
        csrf = False

    filled_in_on = DateField("Date on the form", validators=[InputRequired("Enter the date on the form")],
                             format="%Y-%m-%d")
    meeting_type = RadioField("Type of meeting",
                               choices=[SelectChoice("", "Not known")] + [
                                   SelectChoice(value, label) for value, label in MEETING_TYPES.items()],
                               validate_choice=False)
    team = SelectField("Team", choices=[], validate_choice=False)

    def validate_filled_in_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("The date on the form must be today or in the past")

    # Checked here rather than by WTForms' choice check, whose message ("Not a valid choice") says nothing useful.
    def validate_meeting_type(self, field):
        if field.data and field.data not in MEETING_TYPES:
            raise ValidationError("Select the type of meeting from the list, or Not known")

    def validate_team(self, field):
        if field.data and field.data not in [choice.value for choice in field.choices]:
            raise ValidationError("Select a team from the list, or Not known")

    @property
    def chosen_meeting_type(self) -> str | None:
        return self.meeting_type.data or None

    @property
    def chosen_team(self) -> str | None:
        return self.team.data or None
