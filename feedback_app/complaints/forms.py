"""The form for adding and changing a representation (GOV.UK date inputs, radios, selects)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import Field, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from analysis.working_days import STAGE2, STAGE2_MAX
from feedback_app.complaints.casework import close_on_receipt
from feedback_app.complaints.models import (
    DISABILITIES,
    ETHNICITIES,
    KINDS,
    MADE_BY,
    OMBUDSMAN_DECISIONS,
    OUTCOMES,
    PROCEDURES,
    STATUSES,
)
from feedback_app.privacy import today

KIND_NAMES = {"complaint": "Complaint", "compliment": "Compliment", "comment": "Comment"}
STATUS_NAMES = {"new": "New (to triage)", "open": "Open", "closed": "Closed"}
MADE_BY_NAMES = {"child": "Child or young person", "parent": "Parent", "carer": "Carer", "relative": "Relative",
                 "advocate": "Advocate", "professional": "Professional", "other": "Someone else"}
NOT_SET = ("", "Not known")
YES_NO_NAMES = {"yes": "Yes", "no": "No"}


#: The edit form's pages, one per stage of the case (a GOV.UK task list links to each):
#: name -> (title, the fields on that page). Together they hold every field.
SECTIONS = {
    "received": ("Received, who and what", ("kind", "received_on", "made_by", "contact_method", "service_area",
                                            "category", "procedure", "advocate", "service_user_ethnicity",
                                            "service_user_disability", "owner_id", "acknowledged_on", "summary",
                                            "contact_details")),
    "stage1": ("Stage 1", ("stage1_responded_on", "stage1_extended", "stage1_extension_reason")),
    "stage2": ("Stage 2", ("stage2_started_on", "stage2_extended_to", "stage2_extension_reason",
                           "stage2_responded_on")),
    "stage3": ("Stage 3", ("stage3_requested_on", "stage3_panel_on", "stage3_responded_on")),
    "outcome": ("Status and outcome", ("status", "outcome", "ombudsman_decision", "closed_on")),
}


class GovDateField(Field):
    """Day, month and year boxes; all empty is no date, anything else must be a real date."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, required_message: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        parts = [value.strip() for value in valuelist]
        self.raw_data = (parts + ["", "", ""])[:3]  # the widget redraws exactly three boxes
        if not any(parts):
            return
        try:
            if len(parts) != 3:
                raise ValueError
            day, month, year = (int(part) for part in parts)
            if year < 1900:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            raise ValueError(f"{self.label.text} must be a real date, for example 27 3 2026") from None

    def pre_validate(self, form):
        if self.required_message and self.data is None and not self.process_errors:
            raise ValidationError(self.required_message)
        if self.data and self.data > today():
            raise ValidationError(f"{self.label.text} must be today or in the past")


def _choices(values, names=None, blank=None):
    choices = [SelectChoice(*blank)] if blank else []
    return choices + [SelectChoice(value, (names or {}).get(value, value)) for value in values]


class RepresentationForm(FlaskForm):
    version = HiddenField()
    kind = RadioField("Kind", choices=_choices(KINDS, KIND_NAMES), widget=GovRadioInput(),
                      validators=[InputRequired("Select whether it is a complaint, compliment or comment")])
    status = RadioField("Status", choices=_choices(STATUSES, STATUS_NAMES), widget=GovRadioInput(),
                        validators=[InputRequired("Select a status")])
    received_on = GovDateField("Date received", required_message="Enter the date it was received",
                               description="Day 0 for the deadlines. For example, 27 3 2026")
    service_area = SelectField("Service area", widget=GovSelect(), validate_choice=True)
    category = SelectField("Category (complaints only)", widget=GovSelect())
    # Starts empty: a default would be saved unread on every case typed in.
    made_by = SelectField("Made by", choices=_choices(MADE_BY, MADE_BY_NAMES, ("", "Select who made it")),
                          widget=GovSelect(),
                          validators=[InputRequired("Select who made it")])
    contact_method = SelectField("How it was made", widget=GovSelect())
    procedure = RadioField("Procedure", choices=_choices(PROCEDURES, {"statutory": "Statutory (Children Act 1989)",
                                                                      "corporate": "Corporate"}, NOT_SET),
                           widget=GovRadioInput(), validators=[Optional()])
    advocate = RadioField("Did the child have an advocate?", choices=_choices(("yes", "no"), YES_NO_NAMES, NOT_SET),
                          widget=GovRadioInput(), validators=[Optional()])
    service_user_ethnicity = SelectField("Ethnicity of the service user", choices=_choices(ETHNICITIES, blank=NOT_SET),
                                         widget=GovSelect())
    service_user_disability = RadioField("Is the service user disabled?", widget=GovRadioInput(),
                                         choices=_choices(DISABILITIES, blank=NOT_SET), validators=[Optional()])
    acknowledged_on = GovDateField("Acknowledgement sent",
                                   description="Usually within 3 working days of receipt. For example, 30 3 2026")
    owner_id = SelectField("Investigating officer", widget=GovSelect(), default="")
    stage1_responded_on = GovDateField("Stage 1 response sent")
    stage1_extended = RadioField("Stage 1 extended to 20 working days?", choices=_choices(("no", "yes"), YES_NO_NAMES),
                                 default="no", widget=GovRadioInput())
    stage1_extension_reason = TextAreaField("Why stage 1 was extended", widget=GovTextArea(),
                                            validators=[Length(max=2000)])
    stage2_started_on = GovDateField("Stage 2 started")
    stage2_extended_to = StringField(f"Stage 2 extended to (working days, {STAGE2 + 1} to {STAGE2_MAX})",
                                     widget=GovTextInput(), description=f"Leave empty for the usual {STAGE2} "
                                                                        "working days from the start of stage 2")
    stage2_extension_reason = TextAreaField("Why stage 2 was extended", widget=GovTextArea(),
                                            validators=[Length(max=2000)])
    stage2_responded_on = GovDateField("Stage 2 response sent")
    stage3_requested_on = GovDateField("Stage 3 review panel requested")
    stage3_panel_on = GovDateField("Stage 3 panel met")
    stage3_responded_on = GovDateField("Stage 3 response sent")
    outcome = SelectField("Outcome", choices=_choices(OUTCOMES, blank=("", "None yet (open)")), widget=GovSelect())
    ombudsman_decision = SelectField("Ombudsman decision", choices=_choices(OMBUDSMAN_DECISIONS, blank=("", "None")),
                                     widget=GovSelect())
    closed_on = GovDateField("Date closed")
    summary = TextAreaField("Summary", widget=GovTextArea(), validators=[Length(max=10000)])
    contact_details = TextAreaField("Contact details (optional)", widget=GovTextArea(),
                                    description="Only the complaints officer sees these. They are deleted after "
                                                "the case is closed.",
                                    validators=[Length(max=2000)])

    def __init__(self, service_areas, categories, contact_methods, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [SelectChoice("", "Nobody yet")] + [SelectChoice(str(user_id), email)
                                                                    for user_id, email in officers]
        self.service_area.choices = _choices(service_areas, blank=("", "Could not be established"))
        self.category.choices = _choices(categories, blank=("", "None"))
        self.contact_method.choices = _choices(contact_methods, blank=NOT_SET)

    def validate_category(self, field):
        if field.data and self.kind.data and self.kind.data != "complaint":
            raise ValidationError("Only complaints have a category: choose None, or make it a complaint")

    def validate_stage1_extension_reason(self, field):
        if self.stage1_extended.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Say why stage 1 was extended")

    def validate_stage2_extended_to(self, field):
        raw = (field.data or "").strip()
        if raw and (not raw.isdigit() or not STAGE2 < int(raw) <= STAGE2_MAX):
            raise ValidationError(f"Stage 2 extension must be a number of working days from {STAGE2 + 1} "
                                  f"to {STAGE2_MAX}")

    def validate_stage2_extension_reason(self, field):
        if (self.stage2_extended_to.data or "").strip() and not (field.data or "").strip():
            raise ValidationError("Say why stage 2 was extended")

    def validate_closed_on(self, field):
        if self._closed() and field.data is None and not field.process_errors and self.kind.data == "complaint":
            raise ValidationError("Enter the date it was closed")

    def _closed(self) -> bool:
        return self.status.data == "closed" or self.kind.data in ("compliment", "comment")

    def validate(self, extra_validators=None) -> bool:
        """Each field's own checks, then the rules across fields (every error shown at once)."""
        fields_ok = super().validate(extra_validators)
        return self._dates_after_receipt() & self._closure_rules() & fields_ok

    def _error(self, field, message: str) -> bool:
        if not field.errors:
            field.errors = [*field.errors, message]
        return False

    def _closure_rules(self) -> bool:
        """A closed complaint has an outcome and the responses of the stages it reached; an outcome needs closure."""
        ok = True
        if self.kind.data != "complaint":
            if self.outcome.data:
                ok = self._error(self.outcome, "Only complaints have an outcome: choose None yet")
            return ok
        if self.status.data != "closed":
            if self.outcome.data:
                ok = self._error(self.outcome, "A complaint has an outcome only when it is closed: choose Closed "
                                               "as the status, or None yet")
            return ok
        if not self.outcome.data:
            ok = self._error(self.outcome, "Select an outcome: a closed complaint needs one")
        if self.outcome.data == "Withdrawn":
            return ok  # withdrawn before a response was due: no stage need have been answered
        needed = [(True, self.stage1_responded_on, "stage 1"),
                  (self.stage2_started_on.data, self.stage2_responded_on, "stage 2"),
                  (self.stage3_requested_on.data, self.stage3_responded_on, "stage 3")]
        for reached, field, name in needed:
            if reached and field.data is None and not field.process_errors:
                ok = self._error(field, f"Enter the date the {name} response was sent: a closed complaint "
                                        f"needs one for each stage it reached")
        return ok

    def _dates_after_receipt(self) -> bool:
        """Every stage date on or after the date received; errors added to the fields that are not."""
        ok = True
        received = self.received_on.data
        if received is None:
            return True
        for field in (self.acknowledged_on, self.stage1_responded_on, self.stage2_started_on, self.stage2_responded_on,
                      self.stage3_requested_on, self.stage3_panel_on, self.stage3_responded_on, self.closed_on):
            if field.data and field.data < received:
                field.errors = [*field.errors, f"{field.label.text} must be on or after the date received"]
                ok = False
        return ok

    def values(self) -> dict:
        """The form's answers as column values."""
        extended_to = (self.stage2_extended_to.data or "").strip()
        return close_on_receipt({
            "kind": self.kind.data, "status": self.status.data,
            "acknowledged_on": self.acknowledged_on.data,
            "owner_id": int(self.owner_id.data) if (self.owner_id.data or "").isdigit() else None,
            "received_on": self.received_on.data, "service_area": self.service_area.data or None,
            "category": self.category.data or None, "made_by": self.made_by.data,
            "contact_method": self.contact_method.data or None, "procedure": self.procedure.data or None,
            "advocate": {"yes": True, "no": False}.get(self.advocate.data or ""),
            "service_user_ethnicity": self.service_user_ethnicity.data or None,
            "service_user_disability": self.service_user_disability.data or None,
            "stage1_responded_on": self.stage1_responded_on.data, "stage1_extended": self.stage1_extended.data == "yes",
            "stage1_extension_reason": (self.stage1_extension_reason.data or "").strip() or None,
            "stage2_started_on": self.stage2_started_on.data, "stage2_responded_on": self.stage2_responded_on.data,
            "stage2_extended_to": int(extended_to) if extended_to else None,
            "stage2_extension_reason": (self.stage2_extension_reason.data or "").strip() or None,
            "stage3_requested_on": self.stage3_requested_on.data, "stage3_panel_on": self.stage3_panel_on.data,
            "stage3_responded_on": self.stage3_responded_on.data, "outcome": self.outcome.data or None,
            "ombudsman_decision": self.ombudsman_decision.data or None, "closed_on": self.closed_on.data,
            "summary": (self.summary.data or "").strip() or None,
            "contact_details": (self.contact_details.data or "").strip() or None,
        })

    def fill_from(self, rep) -> None:
        """Set the fields from a stored representation (for the edit page's first showing)."""
        for name, value in vars_of(rep).items():
            if name in ("id", "response_id", "version", "reference", "reference_key"):
                continue
            field = getattr(self, name, None)
            if field is None:
                continue
            if name == "owner_id":
                field.data = str(value) if value else ""
            elif name in ("advocate", "stage1_extended"):
                field.data = {True: "yes", False: "no"}.get(value, "")
            elif name == "stage2_extended_to":
                field.data = str(value) if value else ""
            else:
                field.data = value if value is not None else ("" if not isinstance(field, GovDateField) else None)
        self.version.data = str(rep.version)


def vars_of(rep) -> dict:
    return {column.key: getattr(rep, column.key) for column in rep.__table__.columns}


class VoidForm(FlaskForm):
    reason = TextAreaField("Why was it recorded in error?", widget=GovTextArea(),
                           description="For example, a duplicate of 26C-0041, or spam. Staff who read the register "
                                       "see this.",
                           validators=[DataRequired("Enter why this case was recorded in error"), Length(max=2000)])


class NoteForm(FlaskForm):
    text = TextAreaField("Add a note", widget=GovTextArea(),
                         validators=[DataRequired("Enter the note"), Length(max=10000)])
