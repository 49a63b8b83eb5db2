"""Staff report pages: the same reports the command line writes, on screen, with
charts, a "for publication" switch and a download for every format."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request, url_for
from sqlalchemy import select

from analysis.formats import FORMATS, to_bytes
from analysis.periods import date_range, financial_year, financial_year_of
from feedback_app.extensions import db
from feedback_app.models import Answer
from feedback_app.models import Response as StoredResponse
from feedback_app.privacy import today
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
    this_year = financial_year_of(today())
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
    filters = _filters(slug)
    report = service.questionnaire_report(slug, period, compare_previous=compare, publish=_publish_requested(),
                                          filters=filters)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat(), "compare": "1" if compare else None,
             **filters}
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
    report = service.questionnaire_report(slug, period, compare_previous=compare, publish=_publish_requested(),
                                          filters=_filters(slug))
    return _download(report, fmt)


@bp.get("/reports/comments/<slug>")
def comments(slug: str):
    """Free-text answers, newest first, for staff only: they never appear in reports."""
    questionnaire = service.questionnaires().get(slug) or abort(404)
    text_questions = {q.id: q.text for q in questionnaire.questions if q.type == TEXT and not q.personal}
    search = (request.args.get("search") or "").strip()[:100]
    query = (select(StoredResponse.submitted_on, StoredResponse.variant, Answer.question_id, Answer.value)
             .join(Answer, Answer.response_id == StoredResponse.id)
             .where(StoredResponse.questionnaire == slug, Answer.question_id.in_(text_questions))
             .order_by(StoredResponse.submitted_on.desc(), StoredResponse.id, Answer.question_id))
    if search:
        query = query.where(Answer.value.ilike(f"%{_escape_like(search)}%", escape="\\"))
    page = max(request.args.get("page", 1, type=int), 1)
    rows = db.session.execute(query.limit(COMMENTS_PAGE_SIZE + 1).offset((page - 1) * COMMENTS_PAGE_SIZE)).all()
    return render_template("staff/reports/comments.html", questionnaire=questionnaire, search=search,
                           rows=rows[:COMMENTS_PAGE_SIZE], questions=text_questions, page=page,
                           has_next=len(rows) > COMMENTS_PAGE_SIZE)


def _download(report, fmt: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    data, mimetype, filename = to_bytes(report, fmt)
    audit.record("report downloaded", f"{report.kind} {report.period.label} as {fmt}"
                                      f"{' for publication' if report.published else ''}")
    db.session.commit()
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _check_year(year: int) -> None:
    if not 1990 <= year <= financial_year_of(today()) + 1:
        abort(404)


def _satisfaction_choice(slug: str):
    """The period asked for (default: this financial year so far), whether to compare,
    and any problems with what was typed."""
    if slug not in service.questionnaires():
        abort(404)
    problems = {}
    days = {}
    defaults = {"from": financial_year(financial_year_of(today())).start, "to": today()}
    for name in ("from", "to"):
        typed = (request.args.get(name) or "").strip()
        try:
            days[name] = date.fromisoformat(typed) if typed else defaults[name]
        except ValueError:
            problems[name] = f"Enter the {'first' if name == 'from' else 'last'} day as a date, like 2012-03-31"
    if not problems and days["to"] < days["from"]:
        problems["to"] = "The last day must be the same as or after the first day"
    choices = service.filter_choices(slug)
    for name, label in service.FILTERS.items():
        value = request.args.get(name) or ""
        if value and value not in choices[name]:
            problems[name] = f"Choose a {label.lower()} from the list"
    period = None if problems else date_range(days["from"], days["to"])
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
