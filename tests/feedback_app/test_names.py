"""Team names: the configured list is checked at start-up for case numbers and people's names."""

from __future__ import annotations

import pytest

from feedback_app import config, create_app
from feedback_app.names import common_given_names, looks_like_a_case_reference, why_not_a_team_name


def test_the_shipped_teams_are_team_names():
    teams = config.load_deployment(None)["teams"]
    assert teams
    for team in teams:
        assert why_not_a_team_name(team) is None, team


@pytest.mark.parametrize("team", [
    "Child Protection North", "Looked After Children", "Family Group Conference Service", "Edge of care team",
    "Team 2", "Area 12 East", "FGC", "Early Help Family Support", "Think Family", "Disabled Children Team",
    "Leaving Care Team", "Willow House", "Children in Care Council", "Fostering Service",
])
def test_real_team_names_pass(team):
    assert why_not_a_team_name(team) is None


@pytest.mark.parametrize(("team", "why"), [
    ("Jayden Smith family", "'Smith family' reads like one family"),
    ("the Patel family", "'Patel family' reads like one family"),
    ("Mrs Patel", "the title 'Mrs'"),
    ("Dr. Jones team", "the title 'Dr'"),
    ("Ms Khan's conference", "the title 'Ms'"),
    ("Miss Brown", "the title 'Miss'"),
    ("Mr Ali", "the title 'Mr'"),
    ("Baby J", "'Baby J' reads like one child"),
    ("Child A", "'Child A' reads like one child"),
    ("baby Olivia", "baby 'Olivia' reads like one child"),
    ("Olivia Brown", "'Olivia' followed by 'Brown' reads like a person's name"),
    ("Team for Muhammad Hussain", "'Muhammad' followed by 'Hussain'"),
    ("Jayden Smith 2015043", "case number"),
    ("CP/2231", "case number"),
])
def test_people_and_cases_do_not_pass(team, why):
    reason = why_not_a_team_name(team)
    assert reason is not None and why in reason


def test_the_given_names_list_is_shipped_and_read():
    names = common_given_names()
    assert len(names) >= 200
    assert {"olivia", "muhammad", "jayden", "amelia", "noah"} <= names
    assert not any(name.startswith("#") or " " in name for name in names)


@pytest.mark.parametrize("text", ["12345", "Smith 123", "AB-1234", "CP/22/31", "Case ref 100234", "2015/0431"])
def test_case_numbers_and_references_are_caught(text):
    assert looks_like_a_case_reference(text)


@pytest.mark.parametrize(("team", "why"), [
    ("Jayden Smith family", "looks like a person's name"),
    ("CP/2231", "looks like a case number"),
])
def test_the_app_refuses_to_start_with_a_team_that_is_a_person_or_a_case(tmp_path, monkeypatch, team, why):
    path = tmp_path / "council.yaml"
    path.write_text(f"teams:\n  - Child Protection North\n  - {team}\n")
    monkeypatch.setenv("FEEDBACK_CONFIG", str(path))
    with pytest.raises(config.ConfigError) as refused:
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.sqlite3",
                    "RATELIMIT_ENABLED": False})
    message = str(refused.value)
    assert repr(team) in message and why in message and str(path) in message


@pytest.mark.parametrize(("content", "message"), [
    ("teams: Child Protection North\n", "teams must be a list"),
    ("teams:\n  - ''\n", "is not a team name"),
    ("teams:\n  - 12\n", "is not a team name"),
    (f"teams:\n  - {'x' * 65}\n", "longer than 64 characters"),
])
def test_a_malformed_teams_list_is_refused(tmp_path, content, message):
    path = tmp_path / "council.yaml"
    path.write_text(content)
    with pytest.raises(config.ConfigError, match=message):
        config.load_deployment(str(path))
