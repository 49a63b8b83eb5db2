"""The questionnaire builder's staff pages (issue 13): a list, a draft's overview (a GOV.UK
task list of its parts), a page per part, a preview, publishing and the history of versions.

Every change goes to the slug's draft and is checked by the schema first: a change that
would break the definition is refused with the schema's words beside the field, and the
draft stays as it was. Nothing needs JavaScript: reordering is Move up/Move down buttons.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from flask_wtf.form import _Auto
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from feedback_app.builder import store, translations
from feedback_app.builder.forms import (
    ButtonForm,
    NewQuestionnaireForm,
    PublishForm,
    QuestionForm,
    SettingsForm,
    TranslationUploadForm,
)
from feedback_app.extensions import db
from feedback_app.i18n import is_right_to_left
from feedback_app.invitations.codes import MEETING_TYPES, QUESTIONNAIRES_FOR_MEETING
from feedback_app.public.forms import WebForm
from feedback_app.staff import audit, bp
from forms import editing
from forms.anonymity import identity_asked_for
from forms.builder import build_form_class
from forms.catalogues import CatalogueError, catalogue_po, missing, read_catalogue, words_of
from forms.i18n import SOURCE_LANGUAGE, names_in_english, strings_in_model, translate_questionnaire
from forms.reading_level import reading_age
from forms.schema import SLUG, DefinitionError


def _draft_or_404(slug: str) -> dict:
    document = store.draft_document(slug)
    if document is None:
        abort(404)
    return document


def _save(document: dict) -> list[str]:
    """Keep ``document`` as the draft; the schema's problems (nothing kept) or none."""
    try:
        store.save_draft(document, current_user.email)
    except DefinitionError as error:
        db.session.rollback()
        return [problem.split(": ", 1)[1] if problem.startswith("question '") else problem
                for problem in error.problems]
    return []


#: Flask-WTF's own default: the request's form data when it was sent.
_DEFAULT = _Auto

CHANGED_MEANWHILE = ("Someone else changed this draft since you opened it. Nothing you sent was saved: "
                     "this page now shows the draft as it is. Make your changes again")


def _changed_meanwhile(slug: str) -> bool:
    """A save from a page opened on an older draft (another editor saved since): refused, so
    nobody's changes are overwritten unseen."""
    return request.method == "POST" and request.form.get("revision") != store.draft_revision(slug, lock=True)


def _make_slug(title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50].strip("-") or "questionnaire"
    taken = store.slugs_taken()
    slug, number = base, 2
    while slug in taken or not SLUG.match(slug):
        slug = f"{base}-{number}"
        number += 1
    return slug


@bp.get("/questionnaires")
def questionnaires():
    live = current_app.extensions["questionnaires"]
    drafts = store.drafts()
    slugs = sorted(set(live) | set(drafts), key=lambda s: (live[s].title if s in live else s).lower())
    return render_template("staff/builder/list.html", slugs=slugs, live=live, drafts=drafts, form=ButtonForm())


@bp.route("/questionnaires/new", methods=["GET", "POST"])
def new_questionnaire():
    live = current_app.extensions["questionnaires"]
    form = NewQuestionnaireForm()
    form.copy_of.choices = [SelectChoice("", "Select a questionnaire")] + [SelectChoice(slug, q.title)
                                                                          for slug, q in sorted(live.items())]
    if form.validate_on_submit():
        slug = _make_slug(form.title.data)
        title = form.title.data.strip()
        if form.start.data == "copy":
            document = editing.copy_document(store.live_document(form.copy_of.data), slug, title)
        else:
            document = editing.new_document(slug, title)
        problems = _save(document)
        if not problems:
            audit.record("started questionnaire", f"{slug}" + (f" from {form.copy_of.data}"
                                                               if form.start.data == "copy" else ""))
            db.session.commit()
            return redirect(url_for("staff.questionnaire_draft", slug=slug))
        form.title.errors = problems
    return render_template("staff/builder/new.html", form=form)


@bp.post("/questionnaires/<slug>/start")
def start_draft(slug: str):
    if not ButtonForm().validate_on_submit():
        abort(400)
    if store.draft_document(slug) is None:
        document = store.live_document(slug)
        if document is None:
            abort(404)
        _save(document)
        audit.record("started questionnaire draft", slug)
        db.session.commit()
    return redirect(url_for("staff.questionnaire_draft", slug=slug))


@bp.get("/questionnaires/<slug>/draft")
def questionnaire_draft(slug: str):
    document = _draft_or_404(slug)
    questionnaire = store.check(document)
    child = questionnaire.variants.get(editing.CHILD_VARIANT)
    return render_template("staff/builder/draft.html", slug=slug, document=document, questionnaire=questionnaire,
                           live=current_app.extensions["questionnaires"].get(slug), form=ButtonForm(),
                           child=child, child_reading_age=reading_age(child) if child else None,
                           about_you=any(q.equality for q in questionnaire.questions))


def _settings_field(problem: str) -> str:
    if "register" in problem or "'kind'" in problem:
        return "opens_register_case"
    for key in ("intro", "thank_you", "about_you", "meeting_types"):
        if f"'{key}'" in problem:
            return key
    return "title"


@bp.route("/questionnaires/<slug>/settings", methods=["GET", "POST"])
def questionnaire_settings(slug: str):
    document = _draft_or_404(slug)
    conflict = _changed_meanwhile(slug)
    # After a refused save, the draft as it is now, not what was sent.
    data = {"title": document.get("title"), "intro": document.get("intro"), "thank_you": document.get("thank_you"),
            "about_you": "yes" if document.get("about_you") else "no",
            "opens_register_case": "yes" if document.get("opens_register_case") else "no",
            "meeting_types": document.get("meeting_types") or [
                meeting for meeting, slugs in QUESTIONNAIRES_FOR_MEETING.items() if slug in slugs],
            "teams": document.get("teams") or []}
    form = SettingsForm(formdata=None if conflict else _DEFAULT, data=data)
    form.meeting_types.choices = [SelectChoice(code, name) for code, name in MEETING_TYPES.items()]
    configured = [str(team) for team in current_app.config["DEPLOYMENT"].get("teams") or []]
    form.teams.choices = [SelectChoice(team, team) for team in configured]
    if not conflict and form.validate_on_submit():
        meetings = [meeting for meeting in form.meeting_types.data or [] if meeting in MEETING_TYPES]
        teams = [team for team in configured if team in (form.teams.data or [])]  # configured teams only
        changed = editing.set_settings(document, form.title.data.strip(), (form.intro.data or "").strip(),
                                       (form.thank_you.data or "").strip(), form.about_you.data == "yes",
                                       form.opens_register_case.data == "yes", meetings, teams)
        problems = _save(changed)
        if not problems:
            db.session.commit()
            flash("Title and settings saved in the draft.")
            return redirect(url_for("staff.questionnaire_draft", slug=slug))
        for problem in problems:
            getattr(form, _settings_field(problem)).errors = [problem]
    return render_template("staff/builder/settings.html", slug=slug, form=form, document=document,
                           revision=store.draft_revision(slug), conflict=CHANGED_MEANWHILE if conflict else "")


def _question_field(problem: str) -> str:
    lowered = problem.lower()
    for word, field in (("positive", "positive"), ("option", "options"), ("required", "required_message"),
                        ("hint", "hint"), ("type", "type")):
        if word in lowered:
            return field
    return "text"


@bp.route("/questionnaires/<slug>/questions/new", methods=["GET", "POST"], endpoint="add_question")
@bp.route("/questionnaires/<slug>/questions/<question_id>", methods=["GET", "POST"])
def edit_question(slug: str, question_id: str | None = None):
    document = _draft_or_404(slug)
    question = None
    if question_id is not None:
        question = next((q for q in document["questions"] if q["id"] == question_id), None)
        if question is None:
            abort(404)
    data: dict = {"type": "single", "required": "no", "options": ["", ""], "values": ["", ""]}
    if question:
        labels = {o["value"]: o["label"] for o in question.get("options") or []}
        data = {"text": question["text"], "hint": question.get("hint"), "type": question["type"],
                "options": list(labels.values()), "values": list(labels),
                "positive": "\n".join(labels[v] for v in question.get("positive") or [] if v in labels),
                "required": "yes" if question.get("required") else "no",
                "required_message": question.get("required_message")}
    conflict = _changed_meanwhile(slug)
    form = QuestionForm(formdata=None if conflict else _DEFAULT, data=data)
    warning = None
    adding = request.method == "POST" and "add_option" in request.form
    if not conflict and not adding and form.validate_on_submit():
        answers = form.answers()
        warning = identity_asked_for(answers["text"])
        if warning and not (question and question["text"] == answers["text"]) and not form.accept_identity.data:
            form.accept_identity.errors = [f"This question seems to ask for {warning}, which would let people be "
                                           "identified: the service promises answers without names. Change the "
                                           "words, or tick the box to keep it anyway (this is recorded)"]
        else:
            question_ids, values = store.ids_ever_used(slug)
            changed, saved_id = editing.set_question(document, question_id, answers, question_ids, values)
            problems = _save(changed)
            if not problems:
                if warning and form.accept_identity.data:
                    audit.record("accepted anonymity warning",
                                 f"{slug}: question {saved_id} asks for {warning}: “{answers['text'][:200]}”")
                db.session.commit()
                flash(f"Question “{answers['text']}” saved in the draft.")
                return redirect(url_for("staff.questionnaire_draft", slug=slug, _anchor=f"question-{saved_id}"))
            for problem in problems:
                getattr(form, _question_field(problem)).errors = [problem]
    _one_empty_box(form)
    return render_template("staff/builder/question.html", slug=slug, form=form, question=question,
                           warning=bool(form.accept_identity.errors), document=document,
                           revision=store.draft_revision(slug), conflict=CHANGED_MEANWHILE if conflict else "")


def _one_empty_box(form: QuestionForm) -> None:
    """An empty box to add an answer in, as GOV.UK's "add another" pattern does without JavaScript;
    each box has its hidden value (empty for a new one)."""
    if (not form.options.entries or (form.options.entries[-1].data or "").strip()
            or "add_option" in request.form) and len(form.options.entries) < form.options.max_entries:
        form.options.append_entry("")
    while len(form.values.entries) < len(form.options.entries):
        form.values.append_entry("")


@bp.post("/questionnaires/<slug>/questions/<question_id>/move/<direction>")
def move_question(slug: str, question_id: str, direction: str):
    document = _draft_or_404(slug)
    if direction not in ("up", "down") or not ButtonForm().validate_on_submit():
        abort(400)
    if question_id not in {q["id"] for q in document["questions"]}:
        abort(404)
    _save(editing.move_question(document, question_id, -1 if direction == "up" else 1))
    db.session.commit()
    return redirect(url_for("staff.questionnaire_draft", slug=slug, _anchor=f"question-{question_id}"))


@bp.post("/questionnaires/<slug>/questions/<question_id>/remove")
def remove_question(slug: str, question_id: str):
    document = _draft_or_404(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    question = next((q for q in document["questions"] if q["id"] == question_id), None)
    if question is None:
        abort(404)
    problems = _save(editing.remove_question(document, question_id))
    if problems:
        flash(f"“{question['text']}” cannot be removed: {problems[0]}")
    else:
        db.session.commit()
        flash(f"Question “{question['text']}” removed from the draft.")
    return redirect(url_for("staff.questionnaire_draft", slug=slug))


@bp.route("/questionnaires/<slug>/child", methods=["GET", "POST"])
def child_version(slug: str):
    """The children's version: which questions it asks, in its own words, with pictures and read aloud."""
    document = _draft_or_404(slug)
    questions = [q for q in document["questions"]]
    current = (document.get("variants") or {}).get(editing.CHILD_VARIANT) or {}
    problems: list[str] = []
    if _changed_meanwhile(slug):
        if not ButtonForm().validate_on_submit():
            abort(400)
        problems = [CHANGED_MEANWHILE]
    elif request.method == "POST":
        if not ButtonForm().validate_on_submit():
            abort(400)
        if request.form.get("remove"):
            problems = _save(editing.remove_child_variant(document))
        else:
            asked = [q["id"] for q in questions if request.form.get(f"ask-{q['id']}")]
            wording = {q["id"]: request.form.get(f"words-{q['id']}", "").strip()[:300] for q in questions}
            wording = {qid: words for qid, words in wording.items()
                       if words and words != next(q["text"] for q in questions if q["id"] == qid)}
            library = picture_library()
            pictures = {(q["id"], o["value"]): request.form.get(f"picture-{q['id']}-{o['value']}") or None
                        for q in questions for o in q.get("options") or []}
            if not asked:
                problems = ["Select at least one question the children's version asks"]
            elif any(name not in library for name in pictures.values() if name):
                problems = ["Choose each picture from the list"]
            else:
                problems = _save(editing.set_pictures(editing.set_child_variant(
                    document, asked, wording, request.form.get("title", "").strip()[:120],
                    request.form.get("intro", "").strip()[:1000], bool(request.form.get("pictures")),
                    bool(request.form.get("read_aloud")), bool(request.form.get("show_help"))), pictures))
        if not problems:
            db.session.commit()
            flash("Children's version saved in the draft.")
            return redirect(url_for("staff.questionnaire_draft", slug=slug))
        current = {"questions": [q["id"] for q in questions if request.form.get(f"ask-{q['id']}")],
                   "title": request.form.get("title"), "intro": request.form.get("intro"),
                   "wording": {q["id"]: {"text": request.form.get(f"words-{q['id']}")} for q in questions},
                   "pictures": bool(request.form.get("pictures")),
                   "read_aloud": bool(request.form.get("read_aloud")),
                   "show_help": bool(request.form.get("show_help"))}
    return render_template("staff/builder/child.html", slug=slug, document=document, questions=questions,
                           current=current, problems=problems, form=ButtonForm(), library=picture_library(),
                           revision=store.draft_revision(slug))


def picture_library() -> list[str]:
    """The pictures an option can have: the SVGs in static/pictures, but the site's icon."""
    folder = Path(current_app.static_folder or "") / "pictures"
    return sorted(path.stem for path in folder.glob("*.svg") if path.stem != "favicon")


PREVIEW_VIEWS = {"computer": "As on a computer", "phone": "As on a phone"}


@bp.route("/questionnaires/<slug>/preview", methods=["GET", "POST"])
@bp.route("/questionnaires/<slug>/preview/<variant>", methods=["GET", "POST"])
def preview_questionnaire(slug: str, variant: str | None = None):
    """The draft as a respondent sees it, in any variant and deployment language, as on a phone
    (a 360px-wide frame) or a computer. Sending checks the answers as the live form would, and
    stores nothing. The draft is shown in a box on this page, not an <iframe>: the app forbids
    framing (X-Frame-Options DENY), and a box needs no JavaScript."""
    source = store.check(_draft_or_404(slug))
    if variant is not None and variant not in source.variants:
        abort(404)
    languages = current_app.config["DEPLOYMENT"]["languages"]
    language = request.args.get("language") or SOURCE_LANGUAGE
    view = request.args.get("view") or "computer"
    if language not in languages or view not in PREVIEW_VIEWS:
        abort(404)
    words = sorted(strings_in_model(source))
    untranslated = {code: len(missing(words, translations.known(slug, code))) if code != SOURCE_LANGUAGE else 0
                    for code in languages}
    questionnaire = source
    if language != SOURCE_LANGUAGE:
        known = translations.known(slug, language)
        questionnaire = translate_questionnaire(source, lambda text: known.get(text) or text)
    chosen = questionnaire.variant(variant)
    with force_locale(language):  # the form's own words (buttons, errors) in the chosen language
        form = build_form_class(questionnaire, chosen.name, base=WebForm)()
        accepted = request.method == "POST" and form.validate()
        # A rendered template (autoescaped), so safe to put in the page as it is.
        shown = Markup(render_template(  # noqa: S704
            "staff/builder/_preview_form.html", questionnaire=questionnaire, variant=chosen, form=form,
            accepted=accepted, view=view, language=language, direction="rtl" if is_right_to_left(language) else "ltr"))
    return render_template("staff/builder/preview.html", slug=slug, questionnaire=questionnaire, variant=chosen,
                           shown=shown, language=language, view=view, views=PREVIEW_VIEWS,
                           languages=[{"code": code, "name": names_in_english().get(code, code),
                                       "untranslated": untranslated[code]} for code in languages],
                           words=len(words))


@bp.route("/questionnaires/<slug>/publish", methods=["GET", "POST"])
def publish_questionnaire(slug: str):
    _draft_or_404(slug)
    form = PublishForm()
    problems: list[str] = []
    draft, changes = store.changes_from_live(slug)
    if form.validate_on_submit():
        try:
            published = store.publish(slug, form.note.data or "", current_user.email)
        except store.PublishRefused as error:
            db.session.rollback()
            problems = error.problems
            form.note.errors = [problems[-1]] if "version note" in problems[-1] else []
        else:
            audit.record("published questionnaire", f"{slug} version {published.version}")
            db.session.commit()
            store.refresh(current_app._get_current_object(), force=True)
            flash(f"{draft.title} version {published.version} is live.")
            return redirect(url_for("staff.questionnaire_history", slug=slug))
    return render_template("staff/builder/publish.html", slug=slug, form=form, draft=draft, changes=changes,
                           problems=problems, live=current_app.extensions["questionnaires"].get(slug))


@bp.get("/questionnaires/<slug>/history")
def questionnaire_history(slug: str):
    rows = store.history(slug)
    live = current_app.extensions["questionnaires"].get(slug)
    if not rows and live is None:
        abort(404)
    return render_template("staff/builder/history.html", slug=slug, rows=rows, live=live,
                           has_draft=store.draft_document(slug) is not None, form=ButtonForm())


@bp.post("/questionnaires/<slug>/discard")
def discard_draft(slug: str):
    _draft_or_404(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    store.discard_draft(slug)
    audit.record("discarded questionnaire draft", slug)
    db.session.commit()
    flash("The draft was deleted. The live version, if any, is unchanged.")
    return redirect(url_for("staff.questionnaires"))



def _versions_to_translate(slug: str) -> list:
    """The live version and the draft, if any: a translator can finish before it is published."""
    found = [questionnaire for questionnaire in (current_app.extensions["questionnaires"].get(slug),) if questionnaire]
    draft = store.draft_document(slug)
    if draft is not None:
        found.append(store.check(draft))
    if not found:
        abort(404)
    return found


def _translatable_languages() -> list[str]:
    return [code for code in current_app.config["DEPLOYMENT"]["languages"] if code != SOURCE_LANGUAGE]


@bp.route("/questionnaires/<slug>/translations", methods=["GET", "POST"])
def questionnaire_translations(slug: str):
    """Each language's catalogue of the questionnaire: how far it is, download, upload."""
    versions = _versions_to_translate(slug)
    languages = _translatable_languages()
    form = TranslationUploadForm()
    form.language.choices = [SelectChoice("", "Select a language")] + [
        SelectChoice(code, names_in_english().get(code, code)) for code in languages]
    if form.validate_on_submit():
        try:
            messages = read_catalogue(form.catalogue.data.read(), form.language.data, words_of(versions))
        except CatalogueError as error:
            form.catalogue.errors = [str(error)]
        else:
            translations.save(slug, form.language.data, messages, current_user.email)
            audit.record("uploaded questionnaire translation", f"{slug} {form.language.data}: {len(messages)} words")
            db.session.commit()
            store.refresh(current_app._get_current_object(), force=True)
            flash(f"{names_in_english().get(form.language.data)} translation saved: {len(messages)} words.")
            return redirect(url_for("staff.questionnaire_translations", slug=slug))
    live = current_app.extensions["questionnaires"].get(slug)
    offered = translations.complete_languages(live) if live else []
    rows = [{"code": code, "name": names_in_english().get(code, code), "offered": code in offered,
             "progress": translations.progress(versions, code)} for code in languages]
    return render_template("staff/builder/translations.html", slug=slug, rows=rows, form=form,
                           title=versions[-1].title, live=live)


@bp.get("/questionnaires/<slug>/translations/<language>.po")
def download_questionnaire_po(slug: str, language: str):
    if language not in _translatable_languages():
        abort(404)
    versions = _versions_to_translate(slug)
    po = catalogue_po(slug, language, words_of(versions), translations.known(slug, language))
    audit.record("downloaded questionnaire translation", f"{slug} {language}")
    db.session.commit()
    return Response(po, mimetype="text/x-gettext-translation",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-{language}.po"'})
