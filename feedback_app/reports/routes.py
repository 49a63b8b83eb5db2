"""Staff report pages: the same reports the command line writes, on screen, with
charts, a "for publication" switch and a download for every format."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request, url_for

from analysis.formats import FORMATS, to_bytes
from analysis.periods import EARLIEST_DAY, default_released_period, financial_year, financial_year_of, latest_day
from feedback_app import privacy
from feedback_app.extensions import db
from feedback_app.paging import existing_page
from feedback_app.reports import comments as comments_service
from feedback_app.reports import service
from feedback_app.reports.view import table_view
from feedback_app.staff import audit, bp
from forms.model import TEXT

FORMAT_NAMES = {"pdf": "PDF (to print)", "xlsx": "Excel workbook", "csv": "CSV files (zip)", "json": "JSON"}
COMMENTS_PAGE_SIZE = 25


def _page(report, **context) -> str:
    return render_template("staff/reports/report.html", report=report, format_names=FORMAT_NAMES,
                           views=[table_view(table) for table in report.tables.values()], **context)


def _publish_requested() -> bool:
    return request.args.get("publish") == "1"


@bp.get("/reports")
def reports():
    this_year = financial_year_of(privacy.today())
    years = sorted(set(service.years_with_representations()) | {this_year, this_year - 1}, reverse=True)
    questionnaires = sorted(service.questionnaires().values(), key=lambda q: q.title)
    return render_template("staff/reports/index.html", years=[financial_year(y) for y in years],
                           questionnaires=questionnaires, default_period=financial_year(this_year))


@bp.get("/reports/complaints/<int:year>")
def complaints_report(year: int):
    _check_year(year)
    report = service.annual_complaints_report(year, publish=_publish_requested())
    downloads = {fmt: url_for("staff.download_complaints_report", year=year, fmt=fmt,
                              publish="1" if report.published else None) for fmt in FORMATS}
    switch = url_for("staff.complaints_report", year=year, publish=None if report.published else "1")
    return _page(report, downloads=downloads, switch=switch)


@bp.get("/reports/complaints/<int:year>/download/<fmt>")
def download_complaints_report(year: int, fmt: str):
    _check_year(year)
    report = service.annual_complaints_report(year, publish=_publish_requested())
    return _download(report, fmt)


@bp.get("/reports/satisfaction/<slug>")
def satisfaction_report(slug: str):
    period, compare, problems = _satisfaction_choice(slug)
    if problems:
        return render_template("staff/reports/choose_period.html", slug=slug, problems=problems,
                               questionnaire=service.questionnaires()[slug], args=request.args,
                               filters=_filter_selects(slug, request.args)), 400
    filters, what, report = _selected_report(slug, period, compare)
    if isinstance(report, service.TooFewResponses):
        return _too_few(slug, report, compare, filters, what, action="report viewed"), 200
    # Who looked at which selection is recorded: narrowing a report is how an insider
    # would look for one family's answers (never the figures themselves).
    audit.record("report viewed", what)
    db.session.commit()
    query = {"from": report.period.start.isoformat(), "to": report.period.end.isoformat(),
             "compare": "1" if compare else None, **filters}
    downloads = {fmt: url_for("staff.download_satisfaction_report", slug=slug, fmt=fmt,
                              publish="1" if report.published else None, **query) for fmt in FORMATS}
    switch = url_for("staff.satisfaction_report", slug=slug, publish=None if report.published else "1", **query)
    return _page(report, downloads=downloads, switch=switch, comments=url_for("staff.comments", slug=slug),
                 filters=_filter_selects(slug, filters))


@bp.get("/reports/satisfaction/<slug>/download/<fmt>")
def download_satisfaction_report(slug: str, fmt: str):
    period, compare, problems = _satisfaction_choice(slug)
    if problems:
        abort(400)
    if fmt not in FORMATS:
        abort(404)
    filters, what, report = _selected_report(slug, period, compare)
    if isinstance(report, service.TooFewResponses):
        # The explanation, never a file: 409 tells a script that no report came.
        return _too_few(slug, report, compare, filters, f"{what} as {fmt}", action="report download refused"), 409
    return _download(report, fmt, f"{what} as {fmt}")


def _selected_report(slug: str, period, compare: bool):
    """The filters asked for, how the audit log names the selection, and its report — or the
    ``TooFewResponses`` that says why nothing may be shown (page and downloads alike)."""
    filters = _filters(slug)
    what = _describe(slug, period, filters, compare, _publish_requested())
    try:
        return filters, what, service.questionnaire_report(slug, period, compare_previous=compare,
                                                           publish=_publish_requested(), filters=filters)
    except service.TooFewResponses as too_few:
        return filters, what, too_few


@bp.get("/reports/comments/<slug>")
def comments(slug: str):
    """Free-text answers, for staff only: they never appear in reports. Only months
    that are over and had at least the minimum of responses are shown, in an order
    that says nothing about when each came (see the template's explanation)."""
    questionnaire = service.questionnaires().get(slug) or abort(404)
    text_questions = {q.id: q.text for q in questionnaire.questions if q.type == TEXT and not q.personal}
    search = (request.args.get("search") or "").strip()[:100]
    minimum = service.minimum_shown()
    released = comments_service.released_months(slug, minimum)
    total = comments_service.count(slug, text_questions, released, search)
    last_page = max(1, -(-total // COMMENTS_PAGE_SIZE))
    page = existing_page(last_page)
    months = comments_service.page_of_comments(slug, text_questions, released, search,
                                               limit=COMMENTS_PAGE_SIZE, offset=(page - 1) * COMMENTS_PAGE_SIZE)
    audit.record("comments read", f"{slug} page {page}" + (f", search \u2018{search}\u2019" if search else ""))
    db.session.commit()
    return render_template("staff/reports/comments.html", questionnaire=questionnaire, search=search,
                           months=months, questions=text_questions, page=page, has_next=page < last_page,
                           minimum=minimum)


def _too_few(slug: str, too_few, compare: bool, filters: dict[str, str], what: str, *, action: str) -> str:
    audit.record(action, f"{what}: too few responses to show")
    db.session.commit()
    period = too_few.period
    return render_template("staff/reports/too_few.html", questionnaire=service.questionnaires()[slug],
                           message=too_few.problem.message(), period=period,
                           values={"from": period.start.isoformat(), "to": period.end.isoformat(),
                                   "compare": "1" if compare else ""},
                           filters=_filter_selects(slug, filters))


def _describe(slug: str, period, filters: dict[str, str], compare: bool, publish: bool) -> str:
    """What a staff member asked for, for the audit log: never a figure or an answer."""
    parts = [f"satisfaction {slug} {period.start.isoformat()} to {period.end.isoformat()}"]
    typed = [(request.args.get(name) or "").strip()[:10] for name in ("from", "to")]
    if any(typed) and typed != [period.start.isoformat(), period.end.isoformat()]:
        # The days asked for, though only whole months are counted: one day asked for is worth noticing.
        parts[0] += f" (asked for {typed[0] or 'the default'} to {typed[1] or 'the default'})"
    parts += [f"{service.FILTERS[name].lower()}: {value}" for name, value in filters.items()]
    if compare:
        parts.append("compared with the period before")
    if publish:
        parts.append("for publication")
    return ", ".join(parts)


def _download(report, fmt: str, what: str | None = None) -> Response:
    if fmt not in FORMATS:
        abort(404)
    data, mimetype, filename = to_bytes(report, fmt)
    audit.record("report downloaded", what or f"{report.kind} {report.period.label} as {fmt}"
                                              f"{' for publication' if report.published else ''}")
    db.session.commit()
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _check_year(year: int) -> None:
    if not 1990 <= year <= financial_year_of(privacy.today()) + 1:
        abort(404)


def _satisfaction_choice(slug: str):
    """The period asked for, made whole months that are over (default: this financial
    year's), whether to compare, and any problems with what was typed."""
    if slug not in service.questionnaires():
        abort(404)
    today = privacy.today()
    problems = {}
    days = {}
    default = default_released_period(today)
    defaults = {"from": default.start, "to": default.end}
    for name, which in (("from", "first"), ("to", "last")):
        typed = (request.args.get(name) or "").strip()
        try:
            day = date.fromisoformat(typed) if typed else defaults[name]
        except ValueError:
            problems[name] = f"Enter the {which} day as a date, like 2012-03-31"
            continue
        # Bounded so that a period and the one before it are always real dates.
        if not EARLIEST_DAY <= day <= latest_day(today):
            problems[name] = (f"The {which} day must be between {EARLIEST_DAY:%-d %B %Y} and "
                              f"{latest_day(today):%-d %B %Y}")
        else:
            days[name] = day
    if not problems and days["to"] < days["from"]:
        problems["to"] = "The last day must be the same as or after the first day"
    choices = service.filter_choices(slug)
    for name, label in service.FILTERS.items():
        value = request.args.get(name) or ""
        if value and value not in choices[name]:
            problems[name] = f"Choose a {label.lower()} from the list"
    period = None
    if not problems:
        period = service.report_period(days["from"], days["to"])
        if period is None:
            problems["from"] = ("No month in this period is over yet: a month is counted once it has ended, "
                                "so choose an earlier first day")
    return period, request.args.get("compare") == "1", problems


def _filters(slug: str) -> dict[str, str]:
    """The filters asked for (already checked by ``_satisfaction_choice``)."""
    return {name: request.args[name] for name in service.FILTERS if request.args.get(name)}


def _filter_selects(slug: str, chosen) -> list[tuple[str, str, list[dict]]]:
    """Each filter as a select: its name, its label and its items, "All" first."""
    choices = service.filter_choices(slug)
    return [(name, label, [{"value": "", "text": "All"}] + [
        {"value": value, "text": text, "selected": chosen.get(name) == value} for value, text in choices[name].items()])
        for name, label in service.FILTERS.items()]
