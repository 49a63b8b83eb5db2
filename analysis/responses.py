"""Responses as a pandas frame, one column per question, from their choice codes.

The database hands over ``definition_version``, ``variant``, ``meeting_type``,
``team`` and ``choices`` (see ``forms/codebook.py``), grouped: one row per version and
context with the number of ``responses`` and their codes end to end. :func:`decode`
turns the codes into columns without a Python loop per response: the codes of one
version all have the same width, so they are read as one block of bytes.

The decoded frame has

* ``variant``, ``meeting_type``, ``team`` (categorical text, missing where unknown) and
  ``weight`` (how many responses the row stands for);
* a categorical column per single-choice question, named by its id, whose categories
  are its option values; missing where the question was not answered;
* a True/False column per option of a multi-choice question, named
  ``multi_column(question_id, value)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from forms.codebook import ALPHABET, Codebook, pinned_codebook

CONTEXT = ("variant", "meeting_type", "team", "language")

#: Character code -> option number (0 = unanswered) for every code character.
_CODE_NUMBER = np.zeros(256, dtype=np.int16)
for _number, _character in enumerate(ALPHABET):
    _CODE_NUMBER[ord(_character)] = _number


def multi_column(question_id: str, value: str) -> str:
    return f"{question_id}:{value}"


def decode(rows: pd.DataFrame, slug: str, codebook_for=pinned_codebook) -> pd.DataFrame:
    """The wide frame for ``rows`` of questionnaire ``slug`` (see the module docstring).

    A row may stand for several responses: ``responses`` says how many, and its
    ``choices`` then holds their codes end to end (what :func:`analysis.sources.response_rows`
    reads); each comes out as a row of its own. Without ``responses``, a row is one
    response, or ``weight`` identical ones."""
    counts = rows["responses"].to_numpy(dtype=np.int64) if "responses" in rows else np.ones(len(rows), np.int64)
    weights = rows["weight"].to_numpy(dtype=np.int64) if "weight" in rows else np.ones(len(rows), np.int64)
    parts = []
    for version in sorted(rows["definition_version"].unique()):
        chosen = (rows["definition_version"] == version).to_numpy()
        codebook = codebook_for(slug, int(version))
        block_counts = counts[chosen]
        part = _decode_codes(rows["choices"][chosen], block_counts, codebook)
        for column in CONTEXT:
            # A context column the rows lack (a frame made before responses kept their language) is unknown.
            values = rows[column][chosen] if column in rows else pd.Series([None] * int(chosen.sum()), dtype=object)
            part[column] = _repeat_categorical(values, block_counts)
        part["weight"] = np.repeat(weights[chosen], block_counts)
        parts.append(part)
    if not parts:
        return pd.DataFrame({**{column: pd.Series(dtype="category") for column in CONTEXT},
                             "weight": pd.Series(dtype="int64")})
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    frame = frame[[*CONTEXT, "weight", *[c for c in frame.columns if c not in (*CONTEXT, "weight")]]]
    return _harmonise_categories(frame)


def _repeat_categorical(values: pd.Series, counts: np.ndarray) -> pd.Categorical:
    codes, categories = pd.factorize(values, use_na_sentinel=True)
    return pd.Categorical.from_codes(np.repeat(codes, counts), categories=categories)


def _decode_codes(codes: pd.Series, counts: np.ndarray, codebook: Codebook) -> pd.DataFrame:
    width = len(codebook.slots)
    text = "".join(codes.to_list())
    if len(text) != width * int(counts.sum()):
        raise ValueError(f"choice codes are not all {width} characters long")
    numbers = _CODE_NUMBER[np.frombuffer(text.encode("ascii"), dtype=np.uint8)].reshape(-1, width)
    columns = {}
    for position, slot in enumerate(codebook.slots):
        column = numbers[:, position]
        if slot.is_multi:
            columns[multi_column(slot.question_id, slot.option)] = column == 1
        else:
            # Option number n is category n - 1; 0 (unanswered) becomes -1, pandas' missing code.
            columns[slot.question_id] = pd.Categorical.from_codes(column.astype(np.int8) - 1, categories=slot.options)
    return pd.DataFrame(columns)


def _harmonise_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Versions may differ in their options; after concatenation a column mixing them
    is no longer categorical. Make it categorical again over every option seen."""
    for column in frame.columns:
        if column in CONTEXT or column == "weight" or frame[column].dtype == bool:
            continue
        if not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("category")
    return frame
