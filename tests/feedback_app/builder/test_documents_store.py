"""Questionnaire documents in the database: the command line, versions, every worker, reports across versions."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
import yaml

from feedback_app.builder import store
from feedback_app.builder.models import PUBLISHED, QuestionnaireDocument
from feedback_app.extensions import db
from feedback_app.responses import store_response
from feedback_app.staff.models import AuditEvent
from forms.documents import without_source
from forms.registry import load_questionnaires
from tests.helpers import another_app


def _export(runner, slug, path):
    result = runner.invoke(args=["questionnaires", "export", slug, str(path)])
    assert result.exit_code == 0, result.output
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _import(runner, path):
    return runner.invoke(args=["questionnaires", "import", str(path)])


def _write(path, document):
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("slug", sorted(load_questionnaires()))
def test_export_then_import_gives_the_identical_definition(app, runner, tmp_path, slug):
    _export(runner, slug, tmp_path / "out.yaml")
    result = _import(runner, tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    with app.app_context():
        draft = store.check(store.draft_document(slug))
    assert without_source(draft) == without_source(load_questionnaires()[slug])


def test_a_broken_import_names_the_question_exits_non_zero_and_stores_nothing(app, runner, tmp_path):
    document = _export(runner, "fgc-family", tmp_path / "out.yaml")
    document["questions"][0]["type"] = "scale"
    document["questions"][1]["options"] = [{"value": "only", "label": "Only one"}]
    result = _import(runner, _write(tmp_path / "bad.yaml", document))
    assert result.exit_code == 1
    first, second = document["questions"][0]["id"], document["questions"][1]["id"]
    assert f"fgc-family.yaml: question '{first}': type 'scale' must be one of single, multi, text" in result.output
    assert f"question '{second}': a {document['questions'][1]['type']} question needs a list of at least 2" \
        in result.output
    assert "Nothing was imported." in result.output
    with app.app_context():
        assert db.session.query(QuestionnaireDocument).count() == 0


def test_publish_makes_a_new_version_live_with_its_codebook_and_records_who(app, runner, tmp_path):
    document = _export(runner, "fgc-family", tmp_path / "out.yaml")
    document["title"] = "Your family group conference"
    assert _import(runner, _write(tmp_path / "new.yaml", document)).exit_code == 0
    assert app.extensions["questionnaires"]["fgc-family"].title != "Your family group conference"  # a draft only
    result = runner.invoke(args=["questionnaires", "publish", "fgc-family"])
    assert result.exit_code == 0, result.output
    assert "Published fgc-family version 2." in result.output and "Title changed" in result.output
    live = app.extensions["questionnaires"]["fgc-family"]
    assert (live.title, live.version) == ("Your family group conference", 2)
    with app.app_context():
        row = db.session.query(QuestionnaireDocument).one()
        assert (row.status, row.version, row.published_by) == (PUBLISHED, 2, "command line")
        assert json.loads(row.codebook) == json.loads(json.dumps(
            store.Codebook.for_questionnaire(live).as_json()))
        assert store.codebook_for("fgc-family", 2) is not None
        actions = [event.action for event in db.session.query(AuditEvent)]
    assert actions == ["imported questionnaire draft", "published questionnaire"]
    assert _export(runner, "fgc-family", tmp_path / "again.yaml")["version"] == 2


def test_removing_an_option_without_saying_why_is_refused(app, runner, tmp_path):
    document = _export(runner, "complaint-handling", tmp_path / "out.yaml")
    document["questions"][0]["options"].pop()
    assert _import(runner, _write(tmp_path / "new.yaml", document)).exit_code == 0
    refused = runner.invoke(args=["questionnaires", "publish", "complaint-handling"])
    assert refused.exit_code == 1 and "Say why in the version note" in refused.output
    assert "Nothing was published." in refused.output
    assert app.extensions["questionnaires"]["complaint-handling"].version == 1
    done = runner.invoke(args=["questionnaires", "publish", "complaint-handling", "--note", "No more 'partly'"])
    assert done.exit_code == 0, done.output


def test_a_refused_publish_says_nothing_about_whether_anyone_has_answered(app, runner, tmp_path):
    """An editor must not learn, by trying to publish, that a family has now answered (decision 0011, R18):
    an id of a live version is held whether or not answers exist, and the refusal reads the same."""
    document = _export(runner, "fgc-family", tmp_path / "out.yaml")
    single = next(question for question in document["questions"] if question.get("type") == "single")
    single["type"] = "multi"
    assert _import(runner, _write(tmp_path / "new.yaml", document)).exit_code == 0

    def refusal() -> str:
        refused = runner.invoke(args=["questionnaires", "publish", "fgc-family", "--note", "Tick all that apply"])
        assert refused.exit_code == 1 and "needs a new id" in refused.output, refused.output
        return refused.output

    before = refusal()  # nobody has answered fgc-family yet
    with app.app_context():
        questionnaire = app.extensions["questionnaires"]["fgc-family"]
        store_response(questionnaire, questionnaire.default_variant, {single["id"]: [single["options"][0]["value"]]})
    assert refusal() == before


def test_another_worker_sees_a_publish_within_its_check_interval(app, runner, tmp_path):
    with another_app(app, QUESTIONNAIRE_CHECK_SECONDS=0.5) as worker:
        worker.test_client().get("/")
        assert worker.extensions["questionnaires"]["fgc-family"].version == 1
        document = _export(runner, "fgc-family", tmp_path / "out.yaml")
        document["title"] = "Published elsewhere"
        _import(runner, _write(tmp_path / "new.yaml", document))
        assert runner.invoke(args=["questionnaires", "publish", "fgc-family"]).exit_code == 0
        # Within the interval the worker has not looked again (no query on every request)...
        assert "Published elsewhere" not in worker.test_client().get("/").get_data(as_text=True)
        time.sleep(0.6)
        # ...and once it is over, its next request sees the publish.
        page = worker.test_client().get("/")
        assert "Published elsewhere" in page.get_data(as_text=True)
        assert worker.extensions["questionnaires"]["fgc-family"].version == 2


def test_old_and_new_versions_are_reported_together(app, runner, tmp_path):
    """Version 2 adds an option and a question; answers on both versions count in one summary."""
    old = load_questionnaires()["complaint-handling"]
    with app.app_context():
        for answer in ("yes", "yes", "no", "partly", "yes"):
            store_response(old, "standard", {"felt_listened_to": [answer]}, submitted_on=date(2012, 1, 10))
    document = _export(runner, "complaint-handling", tmp_path / "out.yaml")
    felt = next(q for q in document["questions"] if q["id"] == "felt_listened_to")
    felt["options"].insert(0, {"value": "completely", "label": "Completely"})
    felt["positive"] = ["completely", "yes"]
    document["questions"].insert(0, {"id": "would_recommend", "type": "single", "text": "Would you tell a friend?",
                                     "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                                     "positive": ["yes"]})
    _import(runner, _write(tmp_path / "new.yaml", document))
    assert runner.invoke(args=["questionnaires", "publish", "complaint-handling"]).exit_code == 0
    new = app.extensions["questionnaires"]["complaint-handling"]
    with app.app_context():
        for answer in ("completely", "no", "no", "yes", "completely"):
            store_response(new, "standard", {"felt_listened_to": [answer], "would_recommend": ["yes"]},
                           submitted_on=date(2012, 1, 12))
    out = tmp_path / "report.json"
    result = runner.invoke(args=["report", "satisfaction", "complaint-handling", "--from", "2012-01-01",
                                 "--to", "2012-01-31", "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    table = report["tables"]["question_summary"]
    summary = {label: dict(zip(table["columns"], row, strict=True)) for label, row in zip(table["index"],
                                                                                           table["data"], strict=True)}
    assert summary["felt_listened_to"]["Answered"] == 10
    assert summary["felt_listened_to"]["Positive"] == 6  # yes x3 on version 1; completely x2 and yes on version 2
    assert summary["would_recommend"]["Answered"] == 5
