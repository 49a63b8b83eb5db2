"""Staff forms (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length

from feedback_app.staff.access import ROLE_NAMES, ROLES

ROLE_CHOICES = [SelectChoice(role, ROLE_NAMES[role]) for role in ROLES]


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[InputRequired("Enter your email address"), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password"), Length(max=200)])


class CodeForm(FlaskForm):
    """The second step of signing in; the route checks the code itself (its format, then whether it is right)."""
    code = StringField("Code", validators=[Length(max=64, message="Enter the code as it is shown, 6 digits")])


class NewUserForm(FlaskForm):
    email = EmailField("Email address", validators=[InputRequired("Enter their email address"), Length(max=254)])
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")])
    password = PasswordField("First password", validators=[InputRequired("Enter a first password"),
                                                           Length(max=200)])


class EditUserForm(FlaskForm):
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")])
    active = BooleanField("Account can be used")
    safeguarding_lead = BooleanField("Safeguarding lead")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[InputRequired("Enter a new password"), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[
        InputRequired("Enter your current password"), Length(max=200)])
    new_password = PasswordField("New password", validators=[InputRequired("Enter a new password"), Length(max=200)])
    confirm_password = PasswordField("Confirm new password", validators=[
        InputRequired("Enter your new password again"),
        EqualTo("new_password", message="The new passwords do not match: enter the same new password twice")])
