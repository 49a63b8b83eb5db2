"""The privacy notices (issue 12 item 3): /privacy holds every item UK GDPR Articles 13 and 14 ask for,
from the deployment's ``privacy:`` settings and the real retention settings; /privacy/children says it
in a child's words and every child variant links to it; production does not start without the
controller and DPO."""

from __future__ import annotations

import copy

import lxml.html
import pytest

from feedback_app import config
from forms.registry import load_questionnaires

TESTSHIRE = {"controller": "Testshire County Council", "contact_email": "ig@testshire.example",
             "contact_address": "County Hall, Testtown TE1 1ST", "contact_phone": "01632 960 555",
             "dpo_name": "A. Person", "dpo_email": "dpo@testshire.example",
             "processors": ["Hosting: Testcloud Ltd, servers in the UK"]}


@pytest.fixture
def deployment(app):
    """The app's deployment settings, to change in a test; put back afterwards."""
    saved = copy.deepcopy(app.config["DEPLOYMENT"])
    yield app.config["DEPLOYMENT"]
    app.config["DEPLOYMENT"] = saved


@pytest.fixture
def testshire(deployment):
    deployment["privacy"] = {**deployment["privacy"], **TESTSHIRE}
    return deployment


def section(page: str, heading_id: str) -> str:
    """The words under the <h2 id=heading_id>, up to the next h2, as one line of text."""
    heading = lxml.html.fromstring(page).get_element_by_id(heading_id)
    words = []
    for element in heading.itersiblings():
        if element.tag == "h2":
            break
        words.append(element.text_content())
    return " ".join(" ".join(words).split())


def row(page: str, row_id: str) -> str:
    return " ".join(lxml.html.fromstring(page).get_element_by_id(row_id).text_content().split())


#: UK GDPR Article 13(1) and (2), and Article 14(2)(f), each with where the notice says it and what it must say.
ARTICLE_13 = [
    ("13(1)(a) controller", "controller", ["Data controller Testshire County Council"]),
    ("13(1)(a) controller's contact details", "controller",
     ["ig@testshire.example", "County Hall, Testtown TE1 1ST", "01632 960 555"]),
    ("13(1)(b) data protection officer", "controller", ["Data protection officer A. Person dpo@testshire.example"]),
    ("13(1)(c) purposes and lawful basis", "lawful-basis",
     ["To learn what people think of our services", "(public task)", "UK GDPR Article 6(1)(e)",
      "To deal with comments, compliments and complaints"]),
    ("9(2) condition for special category data", "lawful-basis",
     ["equality of opportunity or treatment", "Schedule 1, paragraph 8", "Schedule 1, paragraph 18"]),
    ("13(1)(d) legitimate interests", "lawful-basis", ["We do not use “legitimate interests” as a reason."]),
    ("13(1)(e) recipients", "recipients",
     ["the person who looks after complaints", "keeping children safe", "Hosting: Testcloud Ltd, servers in the UK"]),
    ("13(1)(f) transfers outside the UK", "recipients", ["does not send your information outside the UK"]),
    ("13(2)(a) retention", "retention",
     ["Deleted 90 days after the complaint is closed", "Deleted 30 days after the people who keep children safe",
      "switched off after 90 days", "Until the council deletes them"]),
    ("13(2)(b) rights", "rights",
     ["to see the information", "to correct it", "to delete it", "to limit how we use it", "object to us using it",
      "we cannot find one person’s answers", "To ask, write to ig@testshire.example."]),
    ("13(2)(d) complaint to the ICO", "rights",
     ["Information Commissioner’s Office (ICO)", "ico.org.uk/make-a-complaint", "0303 123 1113"]),
    ("13(2)(e) whether providing data is required", "lawful-basis", ["Answering is your choice"]),
    ("13(2)(f) automated decision-making", "other", ["No decision about you is made by a computer"]),
    ("14(2)(f) where data not given by the person came from", "other",
     ["a member of staff typed it in from what you gave us"]),
]


@pytest.mark.parametrize(("item", "heading_id", "says"), ARTICLE_13, ids=[item for item, *_ in ARTICLE_13])
def test_the_notice_has_each_article_13_item_from_the_deployment(client, testshire, item, heading_id, says):
    page = client.get("/privacy").get_data(as_text=True)
    words = section(page, heading_id)
    for expected in says:
        assert expected in words, (item, expected, words)


def test_each_purpose_has_its_own_basis_and_the_law_behind_it(client, testshire):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Children Act 1989, section 26" in row(page, "purpose-complaints")
    assert "Schedule 1, paragraph 8" in row(page, "purpose-equality")
    assert "Schedule 1, paragraph 18" in row(page, "purpose-safeguarding")
    assert "Schedule 1" not in row(page, "purpose-feedback")
    testshire["privacy"]["lawful_basis"]["feedback"] = {"article_6": "consent"}
    changed = client.get("/privacy").get_data(as_text=True)
    assert "You agreed to it (consent) UK GDPR Article 6(1)(a)" in row(changed, "purpose-feedback")


def test_withdrawing_consent_is_offered_only_where_consent_is_relied_on(client, testshire):
    withdraw = "you can take back your agreement at any time"
    assert withdraw not in section(client.get("/privacy").get_data(as_text=True), "rights")
    testshire["privacy"]["lawful_basis"]["feedback"] = {"article_6": "consent"}
    assert withdraw in section(client.get("/privacy").get_data(as_text=True), "rights")


def test_retention_is_taken_from_the_settings(client, deployment):
    deployment["retention"] = {"contact_details_days_after_closure": 17, "flagged_text_days_after_review": 1}
    deployment["staff_accounts"] = {"disable_after_days": 45}
    page = client.get("/privacy").get_data(as_text=True)
    assert "Deleted 17 days after the complaint is closed." in row(page, "retention-contact-details")
    assert "Deleted 1 day after the people who keep children safe have read them." in row(page, "retention-concerns")
    assert "switched off after 45 days" in row(page, "retention-staff")
    assert "We delete those words 1 day after they have been read." in client.get("/privacy/children").get_data(
        as_text=True)
    deployment["staff_accounts"] = {"disable_after_days": None}
    assert "switched off" not in row(client.get("/privacy").get_data(as_text=True), "retention-staff")


def test_a_detail_the_council_has_not_given_is_said_to_be_missing_never_made_up(client, deployment):
    page = client.get("/privacy").get_data(as_text=True)
    who = section(page, "controller")
    assert who.count("The council has not yet given this detail.") == 3  # controller, contact, DPO
    assert deployment["authority"]["name"] not in who and "@" not in who
    assert "The council has not yet given an address to write to." in section(page, "rights")
    assert "mailto:" not in page


# -- start-up ---------------------------------------------------------------------------------------

def _council_file(tmp_path, privacy: dict) -> str:
    lines = ["privacy:"] + [f"  {key}: {value}" for key, value in privacy.items()]
    path = tmp_path / "council.yaml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.parametrize("missing", ["controller", "contact_email", "dpo_name", "dpo_email"])
def test_production_refuses_to_start_naming_the_missing_detail(tmp_path, monkeypatch, missing):
    given = {key: value for key, value in TESTSHIRE.items() if key != "processors" and key != missing}
    monkeypatch.setenv("FEEDBACK_CONFIG", _council_file(tmp_path, given))
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    with pytest.raises(config.ConfigError) as refused:
        config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    message = str(refused.value)
    assert "\n" not in message
    assert f"privacy.{missing}" in message and "SESSION_COOKIE_SECURE" in message
    assert [name for name in TESTSHIRE if f"privacy.{name}" in message] == [missing]


def test_production_names_every_missing_detail_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("FEEDBACK_CONFIG", raising=False)
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    with pytest.raises(config.ConfigError, match=r"^SESSION_COOKIE_SECURE=1 \(production\) but the privacy notice "
                                                 r"lacks privacy\.controller, privacy\.contact_email, "
                                                 r"privacy\.dpo_name, privacy\.dpo_email: set them"):
        config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})


def test_production_starts_with_the_details_and_development_without_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    monkeypatch.delenv("FEEDBACK_CONFIG", raising=False)
    assert config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})["SESSION_COOKIE_SECURE"] is False
    given = {key: value for key, value in TESTSHIRE.items() if key != "processors"}
    monkeypatch.setenv("FEEDBACK_CONFIG", _council_file(tmp_path, given))
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    settings = config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})
    assert settings["DEPLOYMENT"]["privacy"]["dpo_name"] == "A. Person"


@pytest.mark.parametrize(("content", "message"), [
    ("privacy:\n  owner: me\n", "privacy: unknown settings owner"),
    ("privacy:\n  dpo_email: not-an-address\n", "privacy: dpo_email 'not-an-address' must be an email address"),
    ("privacy:\n  lawful_basis:\n    feedback:\n      article_6: legitimate_interests\n",
     "lawful_basis: feedback: article_6 must be one of public_task, legal_obligation, consent"),
    ("privacy:\n  lawful_basis:\n    equality:\n      article_6: public_task\n      article_9: null\n",
     "lawful_basis: equality needs article_9"),
    ("privacy:\n  lawful_basis:\n    marketing:\n      article_6: consent\n", "unknown purposes marketing"),
    ("privacy:\n  processors: Testcloud\n", "processors must be a list"),
])
def test_a_wrong_privacy_section_is_refused_with_one_line(tmp_path, content, message):
    path = tmp_path / "council.yaml"
    path.write_text(content)
    with pytest.raises(config.ConfigError, match=message.replace("(", r"\(")):
        config.load_deployment(str(path))


# -- the children's notice ---------------------------------------------------------------------------

CHILD_VARIANTS = [(q.slug, name) for q in load_questionnaires().values() for name, v in q.variants.items()
                  if v.for_children]


def test_every_variant_for_children_counts_as_one():
    """The link follows Variant.for_children: every variant whose audience is children or young people has it."""
    words = ("child", "young", "teen")
    for questionnaire in load_questionnaires().values():
        for name, variant in questionnaire.variants.items():
            meant_for_children = any(word in variant.audience.lower() for word in words)
            assert variant.for_children == meant_for_children, (questionnaire.slug, name, variant.audience)
    assert len(CHILD_VARIANTS) >= 10


@pytest.mark.parametrize(("slug", "name"), CHILD_VARIANTS, ids=[f"{s}/{n}" for s, n in CHILD_VARIANTS])
def test_every_page_of_every_child_variant_links_to_the_children_s_notice(client, slug, name):
    link = 'href="/privacy/children?lang=en"'
    for url in (f"/q/{slug}/{name}", f"/q/{slug}/{name}/paged", f"/q/{slug}/{name}/thank-you"):
        assert link in client.get(url).get_data(as_text=True), url


def test_a_variant_for_adults_links_to_the_full_notice_only(client):
    page = client.get("/q/cp-conference-parent/thank-you").get_data(as_text=True)
    assert "/privacy/children" not in page and 'href="/privacy"' in page


def test_the_children_s_notice_is_in_the_child_s_language(client):
    page = client.get("/q/lac-review-child/child?lang=ar").get_data(as_text=True)
    assert 'href="/privacy/children?lang=ar"' in page
    notice = client.get("/privacy/children?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in notice and 'lang="ar"' in notice
    assert "What happens to your answers" not in notice  # translated, not the English fallback


def test_the_full_notice_in_a_right_to_left_language(client, testshire):
    page = client.get("/privacy?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "Who is responsible for your information" not in page and "Your rights" not in page
    # The council's own details are shown as written, left to right where they are addresses.
    assert '<a class="govuk-link govuk-!-text-break-word" href="mailto:dpo@testshire.example" dir="ltr">' in page
    assert "Testshire County Council" in page


def test_the_children_s_notice_says_what_happens_to_worrying_words(client, testshire):
    page = client.get("/privacy/children").get_data(as_text=True)
    text = " ".join(lxml.html.fromstring(page).text_content().split())
    assert "a person whose job is to keep children safe will read it straight away" in text
    assert "ig@testshire.example" in text and "0303 123 1113" in text
    assert "Childline" in text  # how to get help, since nobody can reply to an anonymous answer
