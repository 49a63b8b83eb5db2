"""Stage deadlines in working days, on the record and in the service functions."""

from __future__ import annotations

from datetime import date

from feedback_app.complaints.models import Representation
from feedback_app.complaints.service import current_stage, overdue, stages


def complaint(**values) -> Representation:
    base = {"reference": "C-1", "kind": "complaint", "status": "open", "received_on": date(2026, 3, 30),
            "made_by": "child", "stage1_extended": False}
    return Representation(**{**base, **values})


def test_stage1_skips_easter_and_doubles_when_extended():
    # Received Monday 30 March 2026: Good Friday 3 April and Easter Monday 6 April are not working days.
    [stage1] = stages(complaint())
    assert stage1.allowed == 10 and stage1.due == date(2026, 4, 15)
    [extended] = stages(complaint(stage1_extended=True))
    assert extended.allowed == 20 and extended.due == date(2026, 4, 29)


def test_in_time_late_and_overdue():
    [answered] = stages(complaint(stage1_responded_on=date(2026, 4, 15)))
    assert answered.in_time is True
    [late] = stages(complaint(stage1_responded_on=date(2026, 4, 16)))
    assert late.in_time is False
    assert overdue(complaint(), date(2026, 4, 16)) and not overdue(complaint(), date(2026, 4, 15))
    assert not overdue(complaint(status="closed"), date(2027, 1, 1))
    assert stages(complaint(kind="compliment")) == []


def test_stage2_uses_the_agreed_extension_and_stage3_the_panel_limit():
    rep = complaint(stage1_responded_on=date(2026, 4, 10), stage2_started_on=date(2026, 6, 1),
                    stage2_extended_to=65, stage3_requested_on=date(2026, 11, 2))
    stage1, stage2, stage3 = stages(rep)
    assert stage2.allowed == 65 and stage2.started_on == date(2026, 6, 1)
    # 65 working days from Monday 1 June 2026 (August bank holiday on the 31st): Monday 31 August is skipped.
    assert stage2.due == date(2026, 9, 1)
    assert stage3.allowed == 30 and stage3.due == date(2026, 12, 14)
    assert current_stage(rep).name == "Stage 3 panel" and stage1.in_time is True
    assert stages(complaint(stage2_started_on=date(2026, 6, 1)))[1].allowed == 25
