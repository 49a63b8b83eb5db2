"""``flask --app feedback_app questionnaires export SLUG FILE.yaml | import FILE.yaml | publish SLUG``.

For scripts and for moving a questionnaire from one council to another: export writes the
live definition in the shape of a shipped file; import makes a file the draft of its slug
(all or nothing, the schema's messages naming the question, exit 1 on any problem); publish
makes the draft live as a new version.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from feedback_app.builder import store
from feedback_app.extensions import db
from feedback_app.staff import audit
from forms.documents import from_yaml, to_yaml
from forms.schema import DefinitionError

questionnaires_cli = AppGroup("questionnaires", help="Questionnaire definitions: export, import, publish.")
#: Who the command line saves and publishes as: staff pages record the person instead.
COMMAND_LINE = "command line"


def _fail_with(problems: list[str], what: str) -> None:
    click.echo(f"Error: {problems[0]}", err=True)
    for extra in problems[1:]:
        click.echo(f"  also: {extra}", err=True)
    click.echo(what, err=True)
    raise SystemExit(1)


@questionnaires_cli.command("export")
@click.argument("slug")
@click.argument("yaml_file", type=click.Path(dir_okay=False, writable=True))
def export(slug: str, yaml_file: str) -> None:
    """Write questionnaire SLUG's live definition to YAML_FILE."""
    document = store.live_document(slug)
    if document is None:
        raise click.ClickException(f"no questionnaire called '{slug}' "
                                   f"(there are: {', '.join(sorted(current_app.extensions['questionnaires']))})")
    Path(yaml_file).write_text(to_yaml(document), encoding="utf-8")
    click.echo(f"Wrote {slug} version {document.get('version')} to {yaml_file}.")


@questionnaires_cli.command("import")
@click.argument("yaml_file", type=click.Path(exists=True, dir_okay=False))
def import_definition(yaml_file: str) -> None:
    """Make YAML_FILE the draft of its questionnaire (publish it to make it live)."""
    try:
        text = Path(yaml_file).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{yaml_file} is not UTF-8 text (byte {error.start})") from error
    try:
        data = from_yaml(text, yaml_file)
        questionnaire = store.save_draft(data, COMMAND_LINE)
    except DefinitionError as error:
        db.session.rollback()
        _fail_with([f"{error.source}: {problem}" for problem in error.problems], "Nothing was imported.")
    audit.record("imported questionnaire draft", f"{questionnaire.slug} from {Path(yaml_file).name}")
    db.session.commit()
    click.echo(f"Imported {questionnaire.slug} as a draft; publish it with "
               f"'flask --app feedback_app questionnaires publish {questionnaire.slug}'.")


@questionnaires_cli.command("publish")
@click.argument("slug")
@click.option("--note", default="", help="Why this version changed (needed when answers change meaning).")
def publish(slug: str, note: str) -> None:
    """Make the draft of SLUG live as a new version."""
    try:
        published = store.publish(slug, note, COMMAND_LINE)
    except store.PublishRefused as error:
        db.session.rollback()
        _fail_with(error.problems, "Nothing was published.")
    audit.record("published questionnaire", f"{slug} version {published.version}")
    db.session.commit()
    store.refresh(current_app._get_current_object(), force=True)
    click.echo(f"Published {slug} version {published.version}.")
    for change in published.changes:
        click.echo(f"  {change.description}")
