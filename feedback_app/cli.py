"""Command line: ``flask --app feedback_app responses import SLUG FILE.csv``.

Each command exits non-zero with a one-line error on bad input, and writes nothing
when any row is bad.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Response
from feedback_app.response_import import read_responses_csv
from feedback_app.submissions import Submission, submit_all

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "responses"

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
    click.echo(f"Imported {_import(questionnaire, text)} responses to {slug}.")


def _import(questionnaire, text: str) -> int:
    result = read_responses_csv(questionnaire, text)
    if result.problems:
        more = f" ({len(result.problems) - 1} more below)" if len(result.problems) > 1 else ""
        click.echo(f"Error: {result.problems[0]}{more}. Nothing was imported.", err=True)
        for extra in result.problems[1:]:
            click.echo(f"  also: {extra}", err=True)
        raise SystemExit(1)
    submit_all(questionnaire, [Submission(row.variant, row.answers, channel=row.channel, submitted_on=row.submitted_on,
                                          language=row.language)
                               for row in result.rows])
    return len(result.rows)


demo_cli = AppGroup("demo", help="Example data for trying the app out.")


@demo_cli.command("load")
def load_demo() -> None:
    """Import the example responses (examples/responses), complaints register and
    population (examples/*.csv), each only if the database has none yet."""
    from feedback_app.complaints.cli import import_complaints, import_population
    from feedback_app.complaints.models import Population, Representation

    if db.session.scalar(select(func.count()).select_from(Response)):
        click.echo("The database already has responses; no example responses loaded.")
    else:
        for path in sorted(EXAMPLES.glob("*.csv")):
            questionnaire = current_app.extensions["questionnaires"][path.stem]
            count = _import(questionnaire, path.read_text(encoding="utf-8"))
            click.echo(f"Loaded {count} example responses to {path.stem}.")
    for model, command, name in ((Representation, import_complaints, "complaints.csv"),
                                 (Population, import_population, "population.csv")):
        if not db.session.scalar(select(func.count()).select_from(model)):
            click.get_current_context().invoke(command, csv_file=str(EXAMPLES.parent / name))
