"""Responses as a pandas frame, one column per question, from their choice codes.

The database hands over one row per response (or per group of identical responses,
with a ``weight``): ``definition_version``, ``variant``, ``meeting_type``, ``team``
and ``choices`` (see ``forms/codebook.py``). :func:`decode` turns the codes into
columns without a Python loop per response: the codes of one version all have the
same width, so they are read as one block of bytes.

The decoded frame has

* ``variant``, ``meeting_type``, ``team`` (text, missing where unknown) and
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

CONTEXT = ("variant", "meeting_type", "team")

#: Character code -> option number (0 = unanswered) for every code character.
_CODE_NUMBER = np.zeros(256, dtype=np.int16)
for _number, _character in enumerate(ALPHABET):
    _CODE_NUMBER[ord(_character)] = _number


def multi_column(question_id: str, value: str) -> str:
    return f"{question_id}:{value}"


def decode(rows: pd.DataFrame, slug: str, codebook_for=pinned_codebook) -> pd.DataFrame:
    """The wide frame for ``rows`` of questionnaire ``slug`` (see the module docstring)."""
    weight = rows["weight"] if "weight" in rows else pd.Series(1, index=rows.index)
    parts = []
    for version, block in rows.groupby("definition_version", sort=True):
        codebook = codebook_for(slug, int(version))
        part = _decode_block(block["choices"], codebook)
        part.index = block.index
        parts.append(part)
    decoded = pd.concat(parts) if parts else pd.DataFrame(index=rows.index)
    frame = rows[list(CONTEXT)].copy()
    frame["weight"] = weight.astype("int64")
    frame = frame.join(decoded)
    return _harmonise_categories(frame)


def _decode_block(codes: pd.Series, codebook: Codebook) -> pd.DataFrame:
    width = len(codebook.slots)
    text = "".join(codes.to_list())
    if len(text) != width * len(codes):
        raise ValueError(f"choice codes are not all {width} characters long")
    numbers = _CODE_NUMBER[np.frombuffer(text.encode("ascii"), dtype=np.uint8)].reshape(len(codes), width)
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
