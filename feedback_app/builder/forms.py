"""The builder's forms (Flask-WTF: CSRF on every one), GOV.UK widgets, no JavaScript needed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

TYPE_CHOICES = [SelectChoice("single", "One answer from a list"),
                SelectChoice("multi", "Any number of answers from a list"), SelectChoice("text", "Their own words")]
MAX_OPTIONS = 30
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


def lines(text: str | None) -> list[str]:
    """One entry a line, blank lines and spaces at either end left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class NewQuestionnaireForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), description="What people see at the top, such as "
                        "“Tell us about your review”. The web address is made from it once.",
                        validators=[InputRequired("Enter a title"), Length(max=120)])
    start = RadioField("Start from", widget=GovRadioInput(),
                       choices=[SelectChoice("scratch", "Nothing"), SelectChoice("copy", "A copy of a questionnaire")],
                       default="scratch", validators=[InputRequired("Select where to start from")])
    copy_of = SelectField("Questionnaire to copy", widget=GovSelect(), validate_choice=False)

    def validate_copy_of(self, field) -> None:
        if self.start.data == "copy" and field.data not in {choice.value for choice in field.choices if choice.value}:
            raise ValidationError("Select the questionnaire to copy")


class SettingsForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), validators=[InputRequired("Enter a title"), Length(max=120)])
    intro = TextAreaField("Introduction", widget=GovTextArea(), validators=[Length(max=1000)],
                          description="A sentence or two at the top: what the questions are about; no name is asked.")
    thank_you = TextAreaField("Thank-you words", widget=GovTextArea(), validators=[Length(max=1000)],
                              description="Shown after sending: what happens to the answers.")
    about_you = RadioField("Ask the About you questions?", widget=GovRadioInput(), choices=YES_NO,
                           description="Ethnicity, disability, gender and age band, each with “Prefer not to say”.",
                           validators=[InputRequired("Select yes if the About you questions are asked")])
    opens_register_case = RadioField(
        "Does each response open a case in the complaints register?", widget=GovRadioInput(), choices=YES_NO,
        default="no", description="For a comments, compliments and complaints form: it then needs a question "
                                  "“kind” whose answers are complaint, compliment and comment.",
        validators=[InputRequired("Select yes if each response opens a register case")])
    meeting_types = SelectMultipleField("Invitation cards for these meetings can offer it", widget=GovCheckboxesInput(),
                                        validate_choice=False)
    teams = SelectMultipleField("Only these teams' cards can offer it", widget=GovCheckboxesInput(),
                                validate_choice=False, description="Tick none for any team.")


class QuestionForm(FlaskForm):
    text = StringField("Question", widget=GovTextInput(), validators=[InputRequired("Enter the question"),
                                                                      Length(max=300)])
    hint = StringField("Hint (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=300)],
                       description="Help shown under the question, such as “Select all that apply.”")
    type = RadioField("How do people answer?", widget=GovRadioInput(), choices=TYPE_CHOICES,
                      validators=[InputRequired("Select how people answer")])
    # One box per answer ("add another" style), each with the hidden value it had, so rewording
    # an answer keeps its value; an emptied box removes the answer. Not needed for own words.
    options = FieldList(StringField("Answer", validators=[Length(max=300)]), label="Answers to choose from",
                        description="In the order shown. Empty a box to remove that answer. Not needed when "
                                    "people answer in their own words.", max_entries=MAX_OPTIONS)
    values = FieldList(HiddenField(), max_entries=MAX_OPTIONS)
    positive = TextAreaField("Answers that count as positive (optional)", widget=GovTextArea(),
                             validators=[Length(max=3000)],
                             description="Copy them from the answers above, one a line. Reports count how many "
                                         "people gave one of these.")
    required = RadioField("Must people answer it?", widget=GovRadioInput(), choices=YES_NO, default="no",
                          validators=[InputRequired("Select yes if people must answer it")])
    required_message = StringField("Message if it is left unanswered", widget=GovTextInput(),
                                   validators=[Optional(), Length(max=300)],
                                   description="Say what to do, such as “Select if you felt listened to”.")
    accept_identity = BooleanField("I understand this question may let people be identified, and want it anyway",
                                   widget=GovCheckboxInput())

    def labels(self) -> list[str]:
        return [(label or "").strip() for label in self.options.data if (label or "").strip()]

    def option_rows(self) -> list[dict]:
        """The filled boxes in order: label and the value the box had (None for a new box)."""
        values = list(self.values.data) + [""] * len(self.options.data)
        return [{"label": (label or "").strip(), "value": values[n] or None}
                for n, label in enumerate(self.options.data) if (label or "").strip()]

    def validate_options(self, field) -> None:
        if self.type.data in ("single", "multi"):
            labels = self.labels()
            if len(labels) < 2:
                raise ValidationError("Enter at least 2 answers to choose from, one in each box")
            if len(set(labels)) != len(labels):
                raise ValidationError("Each answer to choose from must be different")

    def validate_positive(self, field) -> None:
        missing = [label for label in lines(field.data) if label not in self.labels()]
        if missing and self.type.data in ("single", "multi"):
            raise ValidationError(f"“{missing[0]}” is not one of the answers to choose from")

    def validate_required_message(self, field) -> None:
        if self.required.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Enter the message people see if they leave it unanswered")

    def answers(self) -> dict:
        return {"text": self.text.data.strip(), "hint": (self.hint.data or "").strip(), "type": self.type.data,
                "options": self.option_rows(), "positive": lines(self.positive.data),
                "required": self.required.data == "yes", "required_message": (self.required_message.data or "").strip()}


class PublishForm(FlaskForm):
    note = TextAreaField("Why this version changed", widget=GovTextArea(), validators=[Length(max=2000)],
                         description="Needed when an answer to choose from is removed or reworded: "
                                     "whoever reads a report across versions will see it.")


class ButtonForm(FlaskForm):
    """A button that changes something (Move up, Remove...): its CSRF token only."""


class TranslationUploadForm(FlaskForm):
    language = SelectField("Language", widget=GovSelect(), validate_choice=False)
    catalogue = FileField("Translated .po file", widget=GovFileInput(),
                          validators=[FileRequired("Choose the .po file to upload")])

    def validate_language(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select the language the file is in")
