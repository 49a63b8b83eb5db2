"""``flask --app feedback_app governance dpia --out FILE``: a draft DPIA filled in from the deployment."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from feedback_app.extensions import db
from feedback_app.governance.dpia import SECTIONS
from feedback_app.staff.models import StaffUser
from forms.registry import load_questionnaires
from tests.pdf_checks import elements, fonts, info, needs_poppler, structure, unmarked_painting

THREAT_MODEL = Path(__file__).resolve().parents[3] / "docs" / "decisions" / "0011-insider-threat-model.md"
PLACEHOLDER = "[Council to complete:"


@pytest.fixture
def deployment(app):
    """The app's deployment settings, to change in a test; put back afterwards."""
    saved = copy.deepcopy(app.config["DEPLOYMENT"])
    yield app.config["DEPLOYMENT"]
    app.config["DEPLOYMENT"] = saved


def write_dpia(runner, tmp_path) -> str:
    result = runner.invoke(args=["governance", "dpia", "--out", str(tmp_path / "dpia")])
    assert result.exit_code == 0, result.output
    return (tmp_path / "dpia.md").read_text(encoding="utf-8")


def test_the_command_writes_markdown_and_a_pdf(runner, tmp_path):
    result = runner.invoke(args=["governance", "dpia", "--out", str(tmp_path / "dpia")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dpia.md", "dpia.pdf"]
    assert (tmp_path / "dpia.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "dpia.md").read_text(encoding="utf-8").startswith("# Data protection impact assessment")


def test_a_md_or_pdf_ending_on_out_names_the_same_pair(runner, tmp_path):
    result = runner.invoke(args=["governance", "dpia", "--out", str(tmp_path / "dpia.pdf")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dpia.md", "dpia.pdf"]


def test_every_personal_and_equality_question_of_every_questionnaire_is_listed(runner, tmp_path):
    markdown = write_dpia(runner, tmp_path)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in markdown.splitlines() if line.startswith("| `")}
    marked = 0
    for slug, questionnaire in load_questionnaires().items():
        row = next(line for first, line in rows.items() if first.startswith(f"`{slug}`:"))
        for question in questionnaire.questions:
            if question.personal or question.equality:
                marked += 1
                kind = "personal" if question.personal else "equality"
                assert f"`{question.id}` ({kind}): {question.text}" in row, (slug, question.id)
            else:
                assert f"`{question.id}`" not in row, (slug, question.id)
    assert marked >= 5  # the About you questions and have-your-say's contact details at least


def test_the_retention_periods_are_the_configured_ones(app, runner, tmp_path, deployment):
    (tmp_path / "before").mkdir()
    markdown = write_dpia(runner, tmp_path / "before")
    assert "deleted 90 days after the case is closed" in markdown
    assert "30 days after it was reviewed" in markdown
    deployment["retention"] = {"contact_details_days_after_closure": 17, "flagged_text_days_after_review": 1}
    (tmp_path / "after").mkdir()
    markdown = write_dpia(runner, tmp_path / "after")
    assert "deleted 17 days after the case is closed" in markdown
    assert "concern 1 day after it was reviewed" in markdown
    assert "90 days" not in markdown and "30 days" not in markdown


def test_every_rule_of_the_threat_model_is_summarised_by_its_id(runner, tmp_path):
    rule_ids = re.findall(r"^### (R\d+[a-z]?)\. ", THREAT_MODEL.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(rule_ids) >= 16
    markdown = write_dpia(runner, tmp_path)
    for rule_id in rule_ids:
        assert re.search(rf"^\| {rule_id} \| \S", markdown, flags=re.MULTILINE), rule_id


def test_what_the_council_must_decide_is_left_for_it_to_complete(runner, tmp_path):
    markdown = write_dpia(runner, tmp_path)
    for must in ("[Council to complete: confirm each basis with the DPO",
                 "[Council to complete: confirm, and name the appropriate policy document",
                 "| Measures approved by | [Council to complete: name and date]",
                 "| DPO advice provided | [Council to complete: name and date]",
                 "| Data protection officer | [Council to complete:"):
        assert must in markdown, must
    assert markdown.count(PLACEHOLDER) >= 20


def test_the_controller_dpo_and_lawful_bases_are_the_privacy_notice_s(runner, tmp_path, deployment):
    """The DPIA reads the same ``privacy:`` settings as /privacy (feedback_app/governance/privacy_settings.py)."""
    (tmp_path / "a").mkdir()
    markdown = write_dpia(runner, tmp_path / "a")
    assert ("complaints: public task, UK GDPR Article 6(1)(e) (Children Act 1989, section 26 (representations "
            "procedure))") in markdown
    assert ("equality: equality of opportunity, UK GDPR Article 9(2)(g); Data Protection Act 2018, Schedule 1, "
            "paragraph 8") in markdown
    assert "Details the notice still lacks: controller, contact_email, dpo_name, dpo_email" in markdown
    deployment["privacy"] = {**deployment["privacy"], "controller": "Testshire County Council",
                             "contact_email": "ig@testshire.example", "dpo_name": "A. Person",
                             "dpo_email": "dpo@testshire.example"}
    (tmp_path / "b").mkdir()
    markdown = write_dpia(runner, tmp_path / "b")
    assert "| Name and contact details of the controller | Testshire County Council, ig@testshire.example |" in markdown
    assert "| Data protection officer | A. Person, dpo@testshire.example |" in markdown
    assert "still lacks" not in markdown


def test_hosting_mail_and_staff_are_described_as_configured(app, runner, tmp_path, deployment):
    kind = "PostgreSQL" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "SQLite"
    (tmp_path / "a").mkdir()
    markdown = write_dpia(runner, tmp_path / "a")
    assert f"database {kind}" in markdown
    assert "mail server not set: nothing is e-mailed" in markdown
    assert "Active accounts now: no accounts yet; 0 marked as designated safeguarding lead" in markdown
    with app.app_context():
        db.session.add(StaffUser(email="lead@example.org", password_hash="x", role="manager",
                                 safeguarding_lead=True))
        db.session.commit()
    deployment["safeguarding_leads"] = ["duty.lead@example.org"]
    deployment["languages"] = ["en", "pl"]
    app.config["MAIL_SERVER"] = "smtp.example.org"
    try:
        (tmp_path / "b").mkdir()
        markdown = write_dpia(runner, tmp_path / "b")
    finally:
        app.config["MAIL_SERVER"] = None
    assert "mail server set: the designated safeguarding leads are e-mailed" in markdown
    assert "Active accounts now: 1 manager; 1 marked as designated safeguarding lead" in markdown
    assert "duty.lead@example.org" in markdown
    assert "Translations: offered but not checked by a qualified translator: pl;" in markdown
    assert "smtp.example.org" not in markdown  # set or not, never where: the DPIA is shared widely


def test_no_secret_from_the_configuration_is_written(app, runner, tmp_path):
    markdown = write_dpia(runner, tmp_path)
    assert app.config["SECRET_KEY"] not in markdown
    assert app.config["SQLALCHEMY_DATABASE_URI"] not in markdown


@pytest.mark.skipif(shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
                    reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_holds_the_same_headings_rules_and_placeholders(runner, tmp_path):
    markdown = write_dpia(runner, tmp_path)
    text = subprocess.run(["pdftotext", str(tmp_path / "dpia.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    for heading in SECTIONS:
        assert heading in flat, heading
    assert flat.count(PLACEHOLDER) == markdown.count(PLACEHOLDER)
    assert "What is not collected, and where that is enforced and tested" in flat
    assert re.search(r"\bR15b\b", flat)
    info = subprocess.run(["pdfinfo", str(tmp_path / "dpia.pdf")], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Title:\s+Data protection impact assessment \(draft\)$", info, flags=re.MULTILINE)


@pytest.mark.parametrize("bad", ["missing-folder/dpia", "{tmp}/", "{tmp}/taken", "{tmp}/taken.md", "",
                                 "{tmp}/" + "a" * 300, "{tmp}/taken.pdf/inside/dpia"])
def test_a_bad_out_is_one_line_and_writes_nothing(runner, tmp_path, bad):
    (tmp_path / "taken.pdf").mkdir()  # FILE.pdf would be a folder
    before = sorted(p.name for p in tmp_path.rglob("*"))
    out = bad.format(tmp=tmp_path) if "{tmp}" in bad or not bad else str(tmp_path / bad)
    result = runner.invoke(args=["governance", "dpia", "--out", out])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --out"), result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@needs_poppler
def test_the_pdf_is_tagged_with_the_markdown_s_headings_lists_and_tables(runner, tmp_path):
    lines = write_dpia(runner, tmp_path).splitlines()
    pdf = (tmp_path / "dpia.pdf").read_bytes()
    assert info(pdf, tmp_path)["Tagged"].strip() == "yes"
    assert all(embedded for _, embedded in fonts(pdf, tmp_path))
    assert unmarked_painting(pdf) == []  # every mark is tagged content or an artefact (rules, page numbers)
    roles = [element["role"] for element in elements(pdf)]
    assert roles[:3] == ["Document", "H1", "H2"]
    for role, prefix in (("H2", "## "), ("H3", "### ")):
        assert roles.count(role) == sum(line.startswith(prefix) for line in lines), role
    items = [line.startswith("- ") for line in lines]
    assert roles.count("LI") == roles.count("LBody") == sum(items)
    starts = [item and not before for before, item in zip([False, *items[:-1]], items, strict=True)]
    assert roles.count("L") == sum(starts)  # one list for each run of "- " lines
    tables = sum(line.startswith("|---") for line in lines)
    assert roles.count("Table") >= tables  # a table split over two pages is two
    assert roles.count("TR") >= sum(line.startswith("| ") for line in lines)
    tree = structure(pdf, tmp_path)
    assert "/Scope /Column" in tree and "/Scope /Row" in tree


def test_the_fictional_phone_numbers_are_called_out_until_the_council_sets_its_own(runner, tmp_path, deployment):
    (tmp_path / "a").mkdir()
    markdown = write_dpia(runner, tmp_path / "a")
    assert ("still the built-in fictional numbers (children_services_phone, out_of_hours_phone, complaints_phone): "
            "[Council to complete: set the council numbers]") in markdown
    deployment["authority"].update(children_services_phone="024 7678 8555", out_of_hours_phone="024 7683 2222",
                                   complaints_phone="024 7683 1234")
    (tmp_path / "b").mkdir()
    markdown = write_dpia(runner, tmp_path / "b")
    assert "fictional numbers" not in markdown and "set by the council; check each is answered" in markdown


@pytest.mark.parametrize(("url", "kind"), [
    ("postgresql+psycopg://feedback:s3cret@db.internal:5432/feedback", "PostgreSQL"),
    ("sqlite:////srv/feedback/instance/feedback.sqlite3", "SQLite (a file on the application server)"),
])
def test_the_database_is_named_by_its_kind_never_its_address_or_password(url, kind):
    from feedback_app.governance.facts import database_kind

    assert database_kind(url) == kind
