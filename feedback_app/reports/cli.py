"""``report satisfaction`` and ``report complaints`` (spec/interfaces.md)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from analysis.formats import FORMATS, write
from analysis.periods import EARLIEST_DAY, latest_day
from feedback_app import privacy
from feedback_app.reports.service import (
    TooFewResponses,
    annual_complaints_report,
    filter_choices,
    questionnaire_report,
    report_period,
)

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
@click.option("--compare-previous", is_flag=True, help="Add the same number of whole months just before.")
@click.option("--variant", help="Only this version of the questionnaire (e.g. child).")
@click.option("--meeting-type", help="Only responses from cards for this meeting type (e.g. lac_review).")
@click.option("--team", help="Only responses from cards for this team.")
@click.option("--language", help="Only responses answered in this language (a code: en, ar, pl...).")
@_publish
@_format
@_out
def satisfaction(slug: str, start: date, end: date, compare_previous: bool, variant: str | None,
                 meeting_type: str | None, team: str | None, language: str | None, publish: bool, fmt: str,
                 out: str):
    """Satisfaction summary for questionnaire SLUG: the whole months from --from's to --to's
    that are over (so no day's answers can be picked out)."""
    if slug not in current_app.extensions["questionnaires"]:
        raise click.ClickException(f"there is no questionnaire '{slug}'")
    if end < start:
        raise click.ClickException(f"--to ({end}) is before --from ({start})")
    latest = latest_day(privacy.today())
    for name, day in (("--from", start), ("--to", end)):
        if not EARLIEST_DAY <= day <= latest:  # so the period and the one before it are real dates
            raise click.ClickException(f"{name} ({day}) must be between {EARLIEST_DAY} and {latest}")
    filters = {"variant": variant, "meeting_type": meeting_type, "team": team, "language": language}
    for name, value in filters.items():
        if value and value not in filter_choices(slug)[name]:
            known = ", ".join(filter_choices(slug)[name]) or "none configured"
            raise click.ClickException(f"--{name.replace('_', '-')} '{value}' is not one of: {known}")
    # Whole months that are over, whatever days were typed (analysis/periods.py says why).
    period = report_period(start, end)
    if period is None:
        raise click.ClickException("no month of that period is over yet: a month is counted once it has ended")
    try:
        report = questionnaire_report(slug, period, compare_previous=compare_previous, publish=publish,
                                      filters=filters)
    except TooFewResponses as too_few:
        raise click.ClickException(f"{period.label}: {too_few}") from None
    write(report, fmt, out)
    click.echo(f"Wrote {out} ({period.label}: whole months that are over)")


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
