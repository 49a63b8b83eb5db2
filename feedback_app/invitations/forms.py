"""Staff forms for invitation batches and paper forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

import re

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeSerializer
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from feedback_app.invitations.codes import MAX_CARDS, MEETING_TYPES, questionnaires_for_meeting
from feedback_app.models import new_id
from feedback_app.privacy import today
from forms.i18n import SOURCE_LANGUAGE

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
    #: The language the cards are printed in (choices: the shipped languages, set by the view).
    language = SelectField("Language of the cards", choices=[], default="en", validate_choice=False,
                           validators=[Optional()])
    cards_each = WholeNumberField("How many cards of each questionnaire", validators=[
        InputRequired("Enter how many cards you need"),
        NumberRange(1, MAX_CARDS, f"Enter a number of cards from 1 to {MAX_CARDS}")])

    def validate_language(self, field):
        if field.data not in {choice[0] if isinstance(choice, tuple) else choice.value for choice in field.choices}:
            raise ValidationError("Select a language from the list")

    def validate_month(self, field):
        if not MONTH.match((field.data or "").strip()):
            raise ValidationError("Enter the month as year and month, like 2026-11")
        field.data = field.data.strip()

    #: The id the batch will have, signed, given when the form is shown: sending the same
    #: form twice (a second click, the back button) cannot make a second batch. Optional:
    #: a script that posts the form's fields without it makes a batch each time.
    batch = HiddenField()

    @property
    def chosen_team(self) -> str | None:
        return self.team.data or None

    @property
    def chosen_versions(self) -> dict[str, str]:
        """The version each chosen questionnaire's cards open."""
        return {field.name.removeprefix(VERSION_PREFIX): field.data for field in self.version_fields()
                if field.name.removeprefix(VERSION_PREFIX) in (self.questionnaires.data or [])}

    def version_fields(self) -> list[SelectField]:
        return [field for field in self if field.name.startswith(VERSION_PREFIX)]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self.version_fields():
            if field.data not in {choice.value for choice in field.choices}:
                field.errors = [*field.errors, "Choose a version from the list"]
                valid = False
        fitting = questionnaires_for_meeting(current_app.extensions["questionnaires"]).get(
            self.meeting_type.data or "")
        misfits = [slug for slug in self.questionnaires.data or [] if fitting is not None and slug not in fitting]
        if misfits and not self.questionnaires.errors:
            labels = {choice.value: choice.label for choice in self.questionnaires.choices}
            meeting = MEETING_TYPES[self.meeting_type.data].lower()
            self.questionnaires.errors = [
                f"{' and '.join(labels.get(slug, slug) for slug in misfits)} "
                f"{'is' if len(misfits) == 1 else 'are'} not for {_a(meeting)} {meeting}. Choose from: "
                f"{', '.join(labels[slug] for slug in fitting if slug in labels)}"]
            valid = False
        return valid


VERSION_PREFIX = "version_"


def batch_form(versions: dict[str, tuple[str, str, list[tuple[str, str]]]]) -> BatchForm:
    """A batch form with a choice of version for each questionnaire that has several.

    ``versions``: slug -> (its title, its default version, [(version, label)])."""
    fields = {f"{VERSION_PREFIX}{slug}": SelectField(f"Version of the cards for {title}",
                                                      choices=[SelectChoice(value, label) for value, label in choices],
                                                      default=default, validate_choice=False)
              for slug, (title, default, choices) in versions.items()}
    return type("BatchFormWithVersions", (BatchForm,), fields)()


def _a(words: str) -> str:
    return "an" if words[:1] in "aeiou" else "a"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="invitation-batch")


def new_batch_token() -> str:
    return _signer().dumps(new_id())


def batch_id_from(token: str | None) -> str | None:
    """The batch id a form was given, or None for a form sent without one (or one that was tampered with)."""
    if not token:
        return None
    try:
        batch_id = _signer().loads(token)
    except BadData:
        return None
    return batch_id if isinstance(batch_id, str) else None


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
    #: The language the paper form was printed in (paper forms come in every shipped language).
    language = SelectField("Language of the form", choices=[], validate_choice=False, default=SOURCE_LANGUAGE)

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

    def validate_language(self, field):
        if field.data not in [choice.value for choice in field.choices]:
            raise ValidationError("Select the language the form was filled in from the list")

    @property
    def chosen_language(self) -> str:
        return self.language.data or SOURCE_LANGUAGE

    @property
    def chosen_meeting_type(self) -> str | None:
        return self.meeting_type.data or None

    @property
    def chosen_team(self) -> str | None:
        return self.team.data or None
