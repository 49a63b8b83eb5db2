"""``report satisfaction`` and ``report complaints`` (spec/interfaces.md)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from analysis.formats import FORMATS, write
from analysis.periods import date_range
from feedback_app.reports.service import annual_complaints_report, filter_choices, questionnaire_report

report_cli = AppGroup("report", help="Reports as JSON, a folder of CSVs, an Excel workbook or a PDF.")

_format = click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
_out = click.option("--out", "out", type=click.Path(dir_okay=True), required=True,
                    help="The file (a folder for csv) to write.")
_publish = click.option("--publish", is_flag=True, help="Protect small numbers, for tables that leave the council.")


def _day(_context, parameter, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2012-03-31", param=parameter) from None


@report_cli.command("satisfaction")
@click.argument("slug")
@click.option("--from", "start", required=True, callback=_day, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, callback=_day, help="Last day (YYYY-MM-DD).")
@click.option("--compare-previous", is_flag=True, help="Add the period of equal length just before.")
@click.option("--variant", help="Only this version of the questionnaire (e.g. child).")
@click.option("--meeting-type", help="Only responses from cards for this meeting type (e.g. lac_review).")
@click.option("--team", help="Only responses from cards for this team.")
@_publish
@_format
@_out
def satisfaction(slug: str, start: date, end: date, compare_previous: bool, variant: str | None,
                 meeting_type: str | None, team: str | None, publish: bool, fmt: str, out: str):
    """Satisfaction summary for questionnaire SLUG between two days (both included)."""
    if slug not in current_app.extensions["questionnaires"]:
        raise click.ClickException(f"there is no questionnaire '{slug}'")
    if end < start:
        raise click.ClickException(f"--to ({end}) is before --from ({start})")
    filters = {"variant": variant, "meeting_type": meeting_type, "team": team}
    for name, value in filters.items():
        if value and value not in filter_choices(slug)[name]:
            known = ", ".join(filter_choices(slug)[name]) or "none configured"
            raise click.ClickException(f"--{name.replace('_', '-')} '{value}' is not one of: {known}")
    report = questionnaire_report(slug, date_range(start, end), compare_previous=compare_previous, publish=publish,
                                  filters=filters)
    write(report, fmt, out)
    click.echo(f"Wrote {out}")


@report_cli.command("complaints")
@click.option("--year", type=click.IntRange(1990, 2100), required=True,
              help="Financial year: 2011 is 1 April 2011 to 31 March 2012.")
@_publish
@_format
@_out
def complaints(year: int, publish: bool, fmt: str, out: str):
    """The statutory annual report of comments, compliments and complaints."""
    write(annual_complaints_report(year, publish=publish), fmt, out)
    click.echo(f"Wrote {out}")
