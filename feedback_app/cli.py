"""Command line: ``flask --app feedback_app responses import SLUG FILE.csv``.

Each command exits non-zero with a one-line error on bad input, and writes nothing
when any row is bad.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from feedback_app.extensions import db
from feedback_app.response_import import read_responses_csv
from feedback_app.responses import build_response

responses_cli = AppGroup("responses", help="Import responses.")


def _fail(message: str):
    raise click.ClickException(message)


@responses_cli.command("import")
@click.argument("slug")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
def import_responses(slug: str, csv_file: str) -> None:
    """Import responses to questionnaire SLUG from CSV_FILE (all rows or none)."""
    questionnaire = current_app.extensions["questionnaires"].get(slug)
    if questionnaire is None:
        _fail(f"no questionnaire called '{slug}' (there are: {', '.join(current_app.extensions['questionnaires'])})")
    try:
        with open(csv_file, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        _fail(f"{csv_file} is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8' and try again")
    result = read_responses_csv(questionnaire, text)
    if result.problems:
        for extra in result.problems[1:]:
            click.echo(f"  also: {extra}", err=True)
        more = f" ({len(result.problems) - 1} more problems listed above)" if len(result.problems) > 1 else ""
        _fail(f"{result.problems[0]}{more}. Nothing was imported.")
    for row in result.rows:
        db.session.add(build_response(questionnaire, row.variant, row.answers, channel=row.channel,
                                      submitted_on=row.submitted_on))
    db.session.commit()
    click.echo(f"Imported {len(result.rows)} responses to {slug}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(responses_cli)
