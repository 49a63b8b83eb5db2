"""``flask --app feedback_app users create EMAIL --role ROLE`` and ``users reset-two-factor EMAIL``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from feedback_app.staff import two_factor
from feedback_app.staff.access import ROLES
from feedback_app.staff.accounts import AccountError, create_user, find_by_email

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the person may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def create(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account; asks for the password unless --password-stdin is given."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password (12 characters or more)", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, role, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} ({role}).")


@users_cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Reset a person's two-factor sign-in (lost phone and codes, or SECRET_KEY changed): they set it up again
    at their next sign-in. For when no administrator can sign in to do it on the account's page."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no account for {email}")
    two_factor.reset(user, actor=None)
    click.echo(f"Two-factor sign-in reset for {user.email}: they set it up again when they next sign in.")


@users_cli.command("disable-unused")
def disable_unused_command() -> None:
    """Disable accounts nobody has signed in to for staff_accounts.disable_after_days (run daily from cron)."""
    from flask import current_app

    from feedback_app.staff.unused import disable_unused, limit_days

    deployment = current_app.config["DEPLOYMENT"]
    if limit_days(deployment) is None:
        click.echo("staff_accounts.disable_after_days is not set: no account is disabled.")
        return
    disabled = disable_unused(deployment)
    click.echo(f"Disabled {len(disabled)} account(s) unused for more than {limit_days(deployment)} days"
               + (f": {', '.join(disabled)}" if disabled else "."))
