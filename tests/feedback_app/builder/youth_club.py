"""A small questionnaire that exists only once published through the builder's commands."""

from __future__ import annotations

YOUTH_CLUB = """
slug: youth-club
version: 1
title: Tell us about youth club
questions:
  - id: enjoyed
    type: single
    text: Did you enjoy youth club?
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No"}
    positive: ["yes"]
  - id: comments
    type: text
    text: Anything else about youth club?
"""


def publish(runner, tmp_path, text: str = YOUTH_CLUB, note: str = "") -> None:
    """Import ``text`` as youth-club's draft and publish it, as a script moving it between councils would."""
    path = tmp_path / "youth-club.yaml"
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(args=["questionnaires", "import", str(path)]).exit_code == 0
    result = runner.invoke(args=["questionnaires", "publish", "youth-club", "--note", note])
    assert result.exit_code == 0, result.output
