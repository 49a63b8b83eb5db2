"""Decoding choice codes into the wide frame, one row per response."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.responses import decode, multi_column


def test_grouped_rows_come_out_one_row_per_response_with_their_context():
    # fgc-referrer-outcome v1: 7 objective slots, concerns_addressed, age_band, cp_plan, looked_after, outcome.
    rows = pd.DataFrame({
        "definition_version": [1, 1], "variant": ["standard", "standard"],
        "meeting_type": [None, "fgc"], "team": ["North", None], "responses": [2, 1],
        "choices": ["100000010000" "010000030000", "000000120001"],
    })
    frame = decode(rows, "fgc-referrer-outcome")
    assert len(frame) == 3
    assert frame["team"].tolist()[:2] == ["North", "North"] and pd.isna(frame["team"].iloc[2])
    assert pd.isna(frame["meeting_type"].iloc[0]) and frame["meeting_type"].iloc[2] == "fgc"
    assert frame[multi_column("objective", "prevent_becoming_looked_after")].tolist() == [True, False, False]
    assert frame[multi_column("objective", "support_cin_plan")].tolist() == [False, True, False]
    assert frame[multi_column("objective", "facilitate_contact")].tolist() == [False, False, True]
    assert not frame[multi_column("objective", "support_cp_plan")].any()
    assert frame["concerns_addressed"].tolist()[0] == "yes" and frame["concerns_addressed"].tolist()[1] == "no"
    assert frame["concerns_addressed"].tolist()[2] == "partly"
    assert frame["looked_after_outcome"].tolist()[2] == "returned_to_parents"
    assert frame["weight"].tolist() == [1, 1, 1]


def test_codes_of_the_wrong_length_are_refused():
    rows = pd.DataFrame({"definition_version": [1], "variant": ["standard"], "meeting_type": [None],
                         "team": [None], "responses": [2], "choices": ["0" * 23]})
    with pytest.raises(ValueError, match="12 characters"):
        decode(rows, "fgc-referrer-outcome")


def test_no_rows_give_an_empty_frame():
    rows = pd.DataFrame(columns=["definition_version", "variant", "meeting_type", "team", "responses", "choices"])
    assert len(decode(rows, "fgc-referrer-outcome")) == 0
