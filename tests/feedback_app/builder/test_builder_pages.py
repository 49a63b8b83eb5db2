"""The builder's staff pages: editors (and administrators) build, preview and publish; others are refused."""

from __future__ import annotations

import re

import pytest

from feedback_app.builder import store
from feedback_app.builder.models import QuestionnaireDocument
from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent
from tests.helpers import csrf_token

BUILDER = "/staff/questionnaires"


def _post(client, page: str, data: dict, to: str | None = None):
    """Send a form as its page would: with the page's CSRF token and the draft revision it shows."""
    revision = re.search(r'name="revision" value="([^"]*)"', client.get(page).get_data(as_text=True))
    return client.post(to or page, data={"csrf_token": csrf_token(client, page),
                                         **({"revision": revision.group(1)} if revision else {}), **data})


def _new(client, title="Youth club survey"):
    response = _post(client, f"{BUILDER}/new", {"title": title, "start": "scratch"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[-2]


def _boxes(answers: dict) -> dict:
    """The form's answers with ``options`` (one a line, for short tests) as one box each."""
    answers = dict(answers)
    for n, label in enumerate((answers.pop("options", "") or "").splitlines()):
        answers[f"options-{n}"] = label
    return answers


def _add(client, slug, **answers):
    page = f"{BUILDER}/{slug}/questions/new"
    data = {"type": "single", "required": "no", **_boxes(answers)}
    return _post(client, page, data)


@pytest.mark.parametrize("role, status", [("editor", 200), ("admin", 200), ("manager", 403), ("chair", 403),
                                          ("complaints_officer", 403)])
def test_only_editors_and_administrators_open_the_builder(signed_in, role, status):
    assert signed_in(role).get(BUILDER).status_code == status


def test_an_editor_builds_previews_and_publishes_a_questionnaire(app, signed_in):
    client = signed_in("editor")
    slug = _new(client)
    assert slug == "youth-club-survey"
    assert slug not in app.extensions["questionnaires"]
    response = _add(client, slug, text="Did you enjoy the club?", options="Yes\nA bit\nNo", positive="Yes\nA bit",
                    required="yes", required_message="Select if you enjoyed the club")
    assert response.status_code == 302
    _add(client, slug, text="What did you do?", type="multi", options="Games\nSport\nArt")
    page = client.get(f"{BUILDER}/{slug}/draft").get_data(as_text=True)
    assert "1. Did you enjoy the club?" in page and "2. What did you do?" in page
    assert "3. Is there anything else you would like to tell us?" in page
    assert "Yes (positive); A bit (positive); No" in page
    # Move the second question above the first, without JavaScript.
    _post(client, f"{BUILDER}/{slug}/draft", {}, to=f"{BUILDER}/{slug}/questions/what_did_you_do/move/up")
    page = client.get(f"{BUILDER}/{slug}/draft").get_data(as_text=True)
    assert "1. What did you do?" in page and "2. Did you enjoy the club?" in page
    # The preview shows the draft as people see it; sending it checks the answers and stores nothing.
    preview = client.get(f"{BUILDER}/{slug}/preview").get_data(as_text=True)
    assert "Did you enjoy the club?" in preview and "Preview of the draft" in preview
    sent = _post(client, f"{BUILDER}/{slug}/preview", {})
    assert "Select if you enjoyed the club" in sent.get_data(as_text=True)
    sent = _post(client, f"{BUILDER}/{slug}/preview", {"did_you_enjoy_the_club": "yes"})
    assert "These answers would be accepted" in sent.get_data(as_text=True)
    published = _post(client, f"{BUILDER}/{slug}/publish", {"note": ""})
    assert published.status_code == 302
    live = app.extensions["questionnaires"][slug]
    assert (live.version, live.question_ids[:2]) == (1, ("what_did_you_do", "did_you_enjoy_the_club"))
    assert live.question("did_you_enjoy_the_club").positive == ("yes", "a_bit")
    history = client.get(f"{BUILDER}/{slug}/history").get_data(as_text=True)
    assert "Version 1" in history and "editor@council.example" in history
    assert "Question added: “Did you enjoy the club?”" in history
    assert client.get(f"/q/{slug}").status_code == 200


def _without_tokens(page: str) -> str:
    """The page with its CSRF tokens blanked: a token carries the second it was signed, so two
    draws of an unchanged page differ in it when a second passes between them."""
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', 'name="csrf_token"', page)


def test_a_schema_problem_is_shown_beside_its_field_and_nothing_changes(app, signed_in):
    client = signed_in("editor")
    slug = _new(client)
    before = _without_tokens(client.get(f"{BUILDER}/{slug}/draft").get_data(as_text=True))
    response = _add(client, slug, text="Happy?", options="Only one")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#options"' in page
    assert re.search(r'id="options-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span> '
                     r'Enter at least 2 answers', page)
    assert _without_tokens(client.get(f"{BUILDER}/{slug}/draft").get_data(as_text=True)) == before


def test_a_question_asking_for_a_name_needs_the_warning_accepted_and_that_is_audited(app, signed_in):
    client = signed_in("editor")
    slug = _new(client)
    warned = _add(client, slug, text="What is your child's name?", type="text")
    assert warned.status_code == 200 and "which would let people be identified" in warned.get_data(as_text=True)
    with app.app_context():
        assert "whats_your" not in store.draft_document(slug)["questions"][0]["id"]
        assert len(store.draft_document(slug)["questions"]) == 1
    accepted = _add(client, slug, text="What is your child's name?", type="text", accept_identity="y")
    assert accepted.status_code == 302
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="accepted anonymity warning").one()
        assert event.actor == "editor@council.example" and "asks for a name" in event.detail


def test_changing_a_live_questionnaire_keeps_ids_and_asks_why_an_option_went(app, signed_in):
    client = signed_in("admin")
    _post(client, BUILDER, {}, to=f"{BUILDER}/complaint-handling/start")
    page = f"{BUILDER}/complaint-handling/questions/felt_listened_to"
    form = client.get(page).get_data(as_text=True)
    assert 'name="options-1" type="text" value="Partly"' in form  # one box per answer, with its value
    assert re.search(r'name="values-1" type="hidden" value="partly"|type="hidden" name="values-1" value="partly"|'
                     r'id="values-1" name="values-1" type="hidden" value="partly"', form)
    assert 'name="options-3" type="text" value=""' in form  # an empty box to add one
    assert _post(client, page, _boxes({"text": "Did you feel we listened to you?", "type": "single",
                                       "options": "Yes\nNo", "positive": "Yes", "required": "no"})).status_code == 302
    refused = _post(client, f"{BUILDER}/complaint-handling/publish", {"note": ""})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Say why in the version note" in text
    assert "Option removed from felt_listened_to: “Partly” (partly)" in text
    assert app.extensions["questionnaires"]["complaint-handling"].version == 1
    done = _post(client, f"{BUILDER}/complaint-handling/publish", {"note": "Partly was read two ways"})
    assert done.status_code == 302
    live = app.extensions["questionnaires"]["complaint-handling"]
    assert live.version == 2 and live.question("felt_listened_to").text == "Did you feel we listened to you?"
    assert live.question("felt_listened_to").option_values == ("yes", "no")


def test_a_childrens_version_asks_its_own_words_and_shows_its_reading_age(app, signed_in):
    client = signed_in("editor")
    slug = _new(client)
    _add(client, slug, text="Did you enjoy the club?", options="Yes\nNo")
    response = _post(client, f"{BUILDER}/{slug}/child", {"ask-did_you_enjoy_the_club": "1",
                                                         "words-did_you_enjoy_the_club": "Was the club fun?",
                                                         "picture-did_you_enjoy_the_club-yes": "happy",
                                                         "picture-did_you_enjoy_the_club-no": "sad",
                                                         "pictures": "1"})
    assert response.status_code == 302
    page = client.get(f"{BUILDER}/{slug}/draft").get_data(as_text=True)
    assert re.search(r"Reading age \d+", page)
    preview = client.get(f"{BUILDER}/{slug}/preview/child").get_data(as_text=True)
    assert "Was the club fun?" in preview and "anything else" not in preview.lower()
    assert "pictures/happy.svg" in preview and "pictures/sad.svg" in preview
    odd = _post(client, f"{BUILDER}/{slug}/child", {"ask-did_you_enjoy_the_club": "1",
                                                    "picture-did_you_enjoy_the_club-yes": "../../secret"})
    assert odd.status_code == 200 and "Choose each picture from the list" in odd.get_data(as_text=True)


def test_a_discarded_draft_leaves_the_live_version(app, signed_in):
    client = signed_in("editor")
    _post(client, BUILDER, {}, to=f"{BUILDER}/fgc-family/start")
    assert _post(client, BUILDER, {}, to=f"{BUILDER}/fgc-family/discard").status_code == 302
    with app.app_context():
        assert db.session.query(QuestionnaireDocument).count() == 0
    assert client.get(f"{BUILDER}/fgc-family/draft").status_code == 404


@pytest.mark.parametrize("action", ["start", "discard", "questions/comments/move/up", "questions/comments/remove"])
def test_the_builders_buttons_need_a_form_post_with_its_token(app, signed_in, action):
    client = signed_in("editor")
    _post(client, BUILDER, {}, to=f"{BUILDER}/fgc-family/start")
    assert client.post(f"{BUILDER}/fgc-family/{action}").status_code == 400
    assert client.get(f"{BUILDER}/fgc-family/{action}").status_code == 405
    with app.app_context():
        assert db.session.query(QuestionnaireDocument).count() == 1


def test_settings_name_the_meetings_whose_cards_offer_it_and_a_register_case_needs_its_kind(app, signed_in):
    client = signed_in("admin")
    slug = _new(client, "Youth club")
    page = f"{BUILDER}/{slug}/settings"
    settings = {"title": "Youth club", "intro": "", "thank_you": "", "about_you": "no"}
    refused = _post(client, page, {**settings, "opens_register_case": "yes"})
    assert refused.status_code == 200
    assert "needs a single-choice question with id &#39;kind&#39;" in refused.get_data(as_text=True)
    assert 'href="#opens_register_case"' in refused.get_data(as_text=True)
    saved = _post(client, page, {**settings, "opens_register_case": "no", "meeting_types": ["fgc", "lac_review"]})
    assert saved.status_code == 302
    assert _post(client, f"{BUILDER}/{slug}/publish", {"note": ""}).status_code == 302
    assert app.extensions["questionnaires"][slug].meeting_types == ("fgc", "lac_review")
    cards = client.get("/staff/invitations/new").get_data(as_text=True)
    assert "Youth club" in cards
    page = "/staff/invitations/new"
    made = client.post(page, data={"csrf_token": csrf_token(client, page), "questionnaires": [slug],
                                   "meeting_type": "fgc", "month": "2026-11", "team": "", "cards_each": "2"})
    assert made.status_code == 200 and made.mimetype == "application/pdf", made.get_data(as_text=True)[:3000]
    wrong = client.post(page, data={"csrf_token": csrf_token(client, page), "questionnaires": [slug],
                                    "meeting_type": "initial_cp_conference", "month": "2026-11", "team": "",
                                    "cards_each": "2"})
    assert wrong.status_code == 400 and "is not for an initial child protection conference" in \
        wrong.get_data(as_text=True)


def test_a_reworded_answer_keeps_its_value_and_publishing_it_asks_why(app, signed_in):
    """Issue 13: answers are edited one per box; rewording one keeps its value (so answers before
    and after are counted together) and still needs a version note; Add another answer needs no JavaScript."""
    client = signed_in("editor")
    _post(client, BUILDER, {}, to=f"{BUILDER}/complaint-handling/start")
    page = f"{BUILDER}/complaint-handling/questions/felt_listened_to"
    more = _post(client, page, {"text": "Were we kind to you?", "type": "single", "required": "no",
                                "options-0": "Yes", "values-0": "yes", "add_option": "1"})
    assert more.status_code == 200 and 'name="options-1" type="text" value=""' in more.get_data(as_text=True)
    with app.app_context():  # Add another answer saves nothing
        assert "Were we kind to you?" not in str(store.draft_document("complaint-handling"))
    saved = _post(client, page, {"text": "Did you feel we listened to you?", "type": "single", "required": "no",
                                 "options-0": "Yes", "values-0": "yes", "options-1": "Some of the time",
                                 "values-1": "partly", "options-2": "No", "values-2": "no", "options-3": "",
                                 "values-3": "", "positive": "Yes"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with app.app_context():
        draft = store.draft_document("complaint-handling")
    question = next(q for q in draft["questions"] if q["id"] == "felt_listened_to")
    assert question["options"][1] == {"value": "partly", "label": "Some of the time"}
    refused = _post(client, f"{BUILDER}/complaint-handling/publish", {"note": ""})
    assert refused.status_code == 200 and "Say why in the version note" in refused.get_data(as_text=True)
    done = _post(client, f"{BUILDER}/complaint-handling/publish", {"note": "Partly was read two ways"})
    assert done.status_code == 302
    assert app.extensions["questionnaires"]["complaint-handling"].question("felt_listened_to").option_values == (
        "yes", "partly", "no")


def test_a_built_questionnaire_for_some_teams_is_offered_only_on_their_cards(app, signed_in):
    """Issue 13: which teams may use it on cards, beside the meeting types: the configured teams only."""
    client = signed_in("admin")
    slug = _new(client, "Youth club")
    page = f"{BUILDER}/{slug}/settings"
    form = client.get(page).get_data(as_text=True)
    assert 'value="Child Protection South"' in form and "Only these teams" in form
    saved = _post(client, page, {"title": "Youth club", "intro": "", "thank_you": "", "about_you": "no",
                                 "opens_register_case": "no", "meeting_types": ["fgc"],
                                 "teams": ["Family Group Conference Service", "Jayden Smith family"]})
    assert saved.status_code == 302
    with app.app_context():
        assert store.draft_document(slug)["teams"] == ["Family Group Conference Service"]  # configured teams only
    assert _post(client, f"{BUILDER}/{slug}/publish", {"note": ""}).status_code == 302
    cards = "/staff/invitations/new"
    batch = {"questionnaires": [slug], "meeting_type": "fgc", "month": "2026-11", "cards_each": "2"}
    for team in ("", "Child Protection North"):
        refused = client.post(cards, data={"csrf_token": csrf_token(client, cards), **batch, "team": team})
        assert refused.status_code == 400
        assert "Youth club is only for cards made by Family Group Conference Service" in refused.get_data(as_text=True)
    made = client.post(cards, data={"csrf_token": csrf_token(client, cards), **batch,
                                    "team": "Family Group Conference Service"})
    assert made.status_code == 200 and made.mimetype == "application/pdf"


def test_a_save_on_a_draft_someone_else_changed_since_is_refused(app, signed_in):
    """Issue 13: two editors on one draft; the second save, made on the page as it was, is refused with a
    GOV.UK error and the draft as it now is; nothing is overwritten."""
    first, second = signed_in("editor"), signed_in("admin")
    slug = _new(first, "Youth club")
    page = f"{BUILDER}/{slug}/settings"
    opened = re.search(r'name="revision" value="([^"]*)"', second.get(page).get_data(as_text=True)).group(1)
    settings = {"intro": "", "thank_you": "", "about_you": "no", "opens_register_case": "no"}
    assert _post(first, page, {**settings, "title": "Youth club, summer"}).status_code == 302
    late = second.post(page, data={"csrf_token": csrf_token(second, page), "revision": opened, **settings,
                                   "title": "Youth club, winter"})
    text = late.get_data(as_text=True)
    assert late.status_code == 200 and "Someone else changed this draft since you opened it" in text
    assert "govuk-error-summary" in text and 'value="Youth club, summer"' in text  # the draft as it now is
    with app.app_context():
        assert store.draft_document(slug)["title"] == "Youth club, summer"
    question = f"{BUILDER}/{slug}/questions/new"
    late = second.post(question, data={"csrf_token": csrf_token(second, question), "revision": opened,
                                       "text": "Was it fun?", "type": "text", "required": "no"})
    assert late.status_code == 200 and "Someone else changed this draft" in late.get_data(as_text=True)
    child = f"{BUILDER}/{slug}/child"
    late = second.post(child, data={"csrf_token": csrf_token(second, child), "revision": opened,
                                    "ask-anything_else": "1"})
    assert late.status_code == 200 and "Someone else changed this draft" in late.get_data(as_text=True)
    with app.app_context():
        draft = store.draft_document(slug)
    assert "Was it fun?" not in str(draft) and not draft.get("variants")
