"""``complaints import``, ``complaints export``, ``complaints void``, ``population import`` and ``retention run``.

The imports are all or nothing: any bad row and nothing is written, the command
exits non-zero and names the row and column.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select

from analysis.periods import financial_year
from feedback_app.complaints import casework
from feedback_app.complaints.importing import read_complaints_csv, read_population_csv
from feedback_app.complaints.listing import EXPORT_COLUMNS, csv_text, register_row
from feedback_app.complaints.models import Population, Representation, reference_key
from feedback_app.complaints.service import configured, contact_details_days, run_retention
from feedback_app.concerns.service import DEFAULT_FLAGGED_TEXT_DAYS, expire_reviewed_text
from feedback_app.extensions import db
from feedback_app.privacy import today
from feedback_app.staff import audit

complaints_cli = AppGroup("complaints", help="The comments, compliments and complaints register.")
population_cli = AppGroup("population", help="The service-user population (equalities baselines).")
retention_cli = AppGroup("retention", help="Delete what the retention policy says is no longer kept.")


def _text(csv_file: str) -> str:
    try:
        with open(csv_file, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        message = f"{csv_file} is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'"
        raise click.ClickException(message) from None


def _refuse(problems: list[str]) -> None:
    more = f" ({len(problems) - 1} more below)" if len(problems) > 1 else ""
    click.echo(f"Error: {problems[0]}{more}. Nothing was imported.", err=True)
    for extra in problems[1:]:
        click.echo(f"  also: {extra}", err=True)
    raise SystemExit(1)


@complaints_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
def import_complaints(csv_file: str) -> None:
    """Add the representations in CSV_FILE to the register (all rows or none)."""
    parsed = read_complaints_csv(_text(csv_file), configured("service_areas"), configured("complaint_categories"),
                                 configured("contact_methods"), on=today())
    if not parsed.problems:
        keys = [reference_key(row["reference"]) for row in parsed.rows]
        existing = set(db.session.scalars(select(Representation.reference_key).where(
            Representation.reference_key.in_(keys))))
        for number, row in enumerate(parsed.rows):
            if reference_key(row["reference"]) in existing:
                parsed.problems.append(f"row {number + 2}, column reference: '{row['reference']}' is already "
                                       "in the register")
    if parsed.problems:
        _refuse(parsed.problems)
    for row in parsed.rows:
        db.session.add(Representation(**row))
    db.session.commit()
    click.echo(f"Imported {len(parsed.rows)} representations.")


@complaints_cli.command("export")
@click.argument("csv_file", type=click.Path(dir_okay=False, writable=True))
@click.option("--year", type=click.IntRange(1900, 2200), help="Only the financial year from 1 April of YEAR.")
def export_complaints(csv_file: str, year: int | None) -> None:
    """Write the register to CSV_FILE: the import columns plus status and void reason, so it imports again.

    Contact details and summaries are not written: the file is for moving the register, not for reading cases.
    """
    statement = select(Representation).order_by(Representation.received_on, Representation.reference_key)
    if year is not None:
        period = financial_year(year)
        statement = statement.where(Representation.received_on.between(period.start, period.end))
    rows = [register_row(rep) for rep in db.session.scalars(statement)]
    try:
        with open(csv_file, "w", encoding="utf-8", newline="") as handle:
            handle.write(csv_text(EXPORT_COLUMNS, rows, for_spreadsheets=False))
    except OSError as error:
        raise click.ClickException(f"cannot write {csv_file}: {error.strerror}") from None
    audit.record("complaints register exported", f"{len(rows)} cases" + (f", {period.label}" if year else ""))
    db.session.commit()
    click.echo(f"Exported {len(rows)} representations to {csv_file}.")


@complaints_cli.command("void")
@click.argument("reference")
@click.option("--reason", required=True, help="Why it was recorded in error (a duplicate of ..., spam, a test).")
def void_complaint(reference: str, reason: str) -> None:
    """Mark REFERENCE recorded in error: kept, audited, left out of every statistic."""
    rep = casework.find(reference)
    if rep is None:
        raise click.ClickException(f"no representation has the reference {reference!r}")
    try:
        casework.void(rep, reason, "command line")
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{rep.reference} is void: kept in the register, left out of every statistic.")


@population_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
def import_population(csv_file: str) -> None:
    """Replace the population counts for each year and dimension in CSV_FILE (all rows or none)."""
    parsed = read_population_csv(_text(csv_file))
    if parsed.problems:
        _refuse(parsed.problems)
    for year, dimension in {(row["year"], row["dimension"]) for row in parsed.rows}:
        db.session.execute(delete(Population).where(Population.year == year, Population.dimension == dimension))
    db.session.add_all(Population(**row) for row in parsed.rows)
    db.session.commit()
    click.echo(f"Imported {len(parsed.rows)} population counts.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
def retention_run(dry_run: bool) -> None:
    """Delete contact details of representations closed more than the configured days ago."""
    result = run_retention(dry_run=dry_run)
    retention = current_app.config["DEPLOYMENT"].get("retention") or {}
    text_days = int(retention.get("flagged_text_days_after_review", DEFAULT_FLAGGED_TEXT_DAYS))
    texts = expire_reviewed_text(current_app.extensions["questionnaires"], text_days, dry_run=dry_run)
    if not dry_run:
        audit.record("retention run", f"contact details deleted: {result.typed_contact_details} typed in, "
                                      f"{result.form_contact_details} from the form; "
                                      f"flagged free-text answers deleted: {texts}")
        db.session.commit()
    else:
        db.session.rollback()
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} contact details of {result.representations} representations closed more than "
               f"{contact_details_days()} days ago ({result.typed_contact_details} typed in by staff, "
               f"{result.form_contact_details} given on the have-your-say form).")
    click.echo(f"{verb} {texts} free-text answers of safeguarding concerns reviewed more than {text_days} days ago.")


def init_app(app: Flask) -> None:
    for group in (complaints_cli, population_cli, retention_cli):
        app.cli.add_command(group)
