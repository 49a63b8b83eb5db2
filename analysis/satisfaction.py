"""Satisfaction summaries: how people answered one questionnaire in a period.

:func:`satisfaction_report` turns the decoded wide frame of
:func:`analysis.responses.decode` (one row per response, or per group of identical
responses with a ``weight``) into the tables of ``spec/interfaces.md``, "report
satisfaction tables". Every count is a sum of weights; nothing loops over rows
(counts are ``np.bincount`` over category codes), so a million responses take a
fraction of a second.

How the figures are worked out (the same words go into the report's notes):

* A *positive* answer is one of the question's ``positive`` options. A question with
  positive options is *scored*. For a multi-choice question (none is scored today)
  a response is positive when it chose any positive option.
* *Answered* means not left blank: a single-choice question with an option chosen,
  a multi-choice question with at least one option chosen. Every percentage is of
  those who answered; blanks count nowhere. Answers that are not options of the
  current definition (an option an older version had) count as blank.
* ``Overall positive %`` pools answers: every positive answer to a scored question
  divided by every answer to a scored question (a response answering four scored
  questions counts four times). ``Positive %`` of a meeting type, team or equality
  group is pooled the same way over that group's responses.
* ``Previous positive %`` is the same figure for ``previous`` (the caller chooses it:
  the period of the same number of days just before, or the financial year before).
* ``by_variant`` lists every variant the questionnaire has, then any other variant
  found in the data, then ``Not known`` only when some response has none.
  ``by_meeting_type`` lists the label of every configured meeting type (``meeting_types``
  maps value to label), then other values found in the data (as they are), then
  ``Not known``; ``by_team`` lists ``teams``, then other teams found, then ``Not known``.
  ``Not known`` is always there in these two (blank text counts as not known).
  ``by_language`` lists every offered language code (``languages``), then other codes found.
* ``equalities_<id>`` has one row per option of each About you question: responses
  that chose it and the pooled positive % of their scored answers.
* ``fgc-referrer-outcome`` adds ``objectives_achieved`` (responses naming each aim,
  and those of them whose ``concerns_addressed`` is ``yes``) and
  ``looked_after_outcomes`` (everyone who answered ``looked_after_outcome``).
* Free text is never read: comments never appear in this report.

For disclosure control (:mod:`analysis.disclosure`) each table says which counts its
percentages are made from. Counts not shown in the table (a denominator published
elsewhere, last period's counts, the pooled answers behind a positive %) are given
as Series; the pooled and previous percentages also list the answers that were
*not* positive, so a percentage that would give away a count of 1 to 4 either way
is hidden. ``question_summary`` and ``objectives_achieved`` say that the part shown
(Positive, Concerns addressed) plus a hidden rest make up the total shown; tables
whose rows add up to a number published elsewhere (answers to a single-choice
question, responses by variant, meeting type, team, equality group, outcome) have a
group with no total. Percentages are floats from 0 to 100, not rounded, NaN (None
in the files) where nobody answered; counts are integers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from types import MappingProxyType

import numpy as np
import pandas as pd

from analysis.periods import Period
from analysis.responses import multi_column
from analysis.tables import Chart, Group, Report, Table, percent
from forms.model import MULTI, SINGLE, Question, Questionnaire

__all__ = ["NOT_KNOWN", "satisfaction_report"]

NOT_KNOWN = "Not known"
FGC_OUTCOME_SLUG = "fgc-referrer-outcome"

ANSWERED, POSITIVE, POSITIVE_PCT, PREVIOUS_PCT = "Answered", "Positive", "Positive %", "Previous positive %"
NUMBER, PERCENTAGE, RESPONSES, VALUE = "Number", "Percentage", "Responses", "Value"
OVERALL_RESPONSES, OVERALL_PCT = "Responses", "Overall positive %"
REFERRALS, CONCERNS_ADDRESSED = "Referrals", "Concerns addressed"

_NO_MEETING_TYPES: Mapping[str, str] = MappingProxyType({})
_NO_LANGUAGES: Mapping[str, str] = MappingProxyType({})


def satisfaction_report(responses: pd.DataFrame, questionnaire: Questionnaire, period: Period, *, authority: str,
                        previous: pd.DataFrame | None = None, previous_period: Period | None = None,
                        meeting_types: Mapping[str, str] = _NO_MEETING_TYPES, teams: Sequence[str] = (),
                        languages: Mapping[str, str] = _NO_LANGUAGES, made_on: date | None = None) -> Report:
    """The satisfaction summary of ``responses`` (decoded, already limited to ``period``)
    to ``questionnaire``; with ``previous`` (the earlier period's decoded responses)
    ``question_summary`` gains ``Previous positive %``. ``languages`` maps each offered
    language code to its name, in the order ``by_language`` lists them."""
    counter = _Counter(responses)
    earlier = _Counter(previous) if previous is not None else None
    tables: list[Table] = [_overall(counter, questionnaire), _question_summary(counter, earlier, questionnaire)]
    tables += [_answers(counter, q) for q in questionnaire.questions if q.type in (SINGLE, MULTI)]
    tables.append(_by_variant(counter, questionnaire))
    tables.append(_by_context(counter, questionnaire, "meeting_type", "by_meeting_type", "Responses by type of meeting",
                              list(meeting_types.values()), lambda value: meeting_types.get(value, value)))
    tables.append(_by_context(counter, questionnaire, "team", "by_team", "Responses by team", list(teams), str))
    tables += [_equalities(counter, questionnaire, q) for q in questionnaire.questions
               if q.equality and q.type == SINGLE]
    tables.append(_by_language(counter, languages))
    if questionnaire.slug == FGC_OUTCOME_SLUG:
        tables += [_objectives_achieved(counter, questionnaire), _looked_after_outcomes(counter, questionnaire)]
    return Report(
        kind="satisfaction",
        title="Satisfaction summary",
        authority=authority,
        period=period,
        tables={table.id: table for table in tables},
        previous=previous_period,
        notes=_notes(questionnaire),
        subject=questionnaire.title,
        made_on=made_on,
    )


# --- counting -----------------------------------------------------------------------------------


class _Counter:
    """One decoded frame ready for weighted counting: category codes as numpy arrays."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.n = len(frame)
        weights = frame["weight"].to_numpy() if "weight" in frame.columns else None
        if weights is not None and self.n and not (weights == 1).all():
            self.weights: np.ndarray | None = weights.astype(np.float64)
        else:
            self.weights = None  # every row is one response: plain counting is faster
        self._codes: dict[str, np.ndarray] = {}
        self._chosen: dict[str, list[np.ndarray]] = {}
        self._pooled: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def total(self) -> int:
        return self.n if self.weights is None else int(np.rint(self.weights.sum()))

    def count(self, mask: np.ndarray) -> int:
        """Responses for which ``mask`` is True."""
        if self.weights is None:
            return int(np.count_nonzero(mask))
        return int(np.rint(self.weights @ mask))

    def bincount(self, codes: np.ndarray, size: int, per_row: np.ndarray | None = None) -> np.ndarray:
        """Responses (times ``per_row`` when given) with each code 0 to ``size - 1``;
        code -1 (blank) is left out."""
        if per_row is None:
            weights = self.weights
        elif self.weights is None:
            weights = per_row
        else:
            weights = self.weights * per_row
        counts = np.bincount(codes.astype(np.intp) + 1, weights=weights, minlength=size + 1)[1:size + 1]
        return np.rint(counts).astype(np.int64) if counts.dtype.kind == "f" else counts.astype(np.int64)

    def codes(self, question: Question) -> np.ndarray:
        """For a single-choice question: each response's option number (0 for the first
        option), -1 when blank (or not an option of this definition)."""
        if question.id not in self._codes:
            self._codes[question.id] = _option_codes(self.frame, question, self.n)
        return self._codes[question.id]

    def chosen(self, question: Question) -> list[np.ndarray]:
        """For a multi-choice question: per option, whether each response chose it."""
        if question.id not in self._chosen:
            self._chosen[question.id] = [_bool_column(self.frame, multi_column(question.id, value), self.n)
                                         for value in question.option_values]
        return self._chosen[question.id]

    def answered_mask(self, question: Question) -> np.ndarray:
        if question.type == MULTI:
            return _any(self.chosen(question), self.n)
        return self.codes(question) >= 0

    def positive_mask(self, question: Question) -> np.ndarray:
        if question.type == MULTI:
            chosen = self.chosen(question)
            return _any([chosen[i] for i in _positive_positions(question)], self.n)
        lookup = np.zeros(len(question.options) + 1, dtype=bool)
        lookup[[i + 1 for i in _positive_positions(question)]] = True
        return lookup[self.codes(question).astype(np.intp) + 1]

    def answered_and_positive(self, question: Question) -> tuple[int, int]:
        if question.type == SINGLE:
            counts = self.bincount(self.codes(question), len(question.options))
            return int(counts.sum()), int(counts[_positive_positions(question)].sum())
        return self.count(self.answered_mask(question)), self.count(self.positive_mask(question))

    def pooled(self, questionnaire: Questionnaire) -> tuple[np.ndarray, np.ndarray]:
        """Per response: how many scored questions it answered, and answered positively."""
        if questionnaire.slug not in self._pooled:
            answered = np.zeros(self.n, dtype=np.int16)
            positive = np.zeros(self.n, dtype=np.int16)
            for question in questionnaire.scored_questions:
                if question.type in (SINGLE, MULTI):
                    answered += self.answered_mask(question)
                    positive += self.positive_mask(question)
            self._pooled[questionnaire.slug] = answered, positive
        return self._pooled[questionnaire.slug]


def _option_codes(frame: pd.DataFrame, question: Question, n: int) -> np.ndarray:
    options = list(question.option_values)
    if question.id not in frame.columns:
        return np.full(n, -1, dtype=np.int8)
    column = frame[question.id]
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = list(column.cat.categories)
        codes = column.cat.codes.to_numpy()
        if categories == options:
            return codes
        # Another version's categories: map each category to this definition's option number.
        lookup = np.array([-1] + [options.index(c) if c in options else -1 for c in categories], dtype=np.int16)
        return lookup[codes.astype(np.intp) + 1]
    return pd.Index(options, dtype=object).get_indexer(column.astype(object)).astype(np.int16)


def _bool_column(frame: pd.DataFrame, name: str, n: int) -> np.ndarray:
    if name not in frame.columns:
        return np.zeros(n, dtype=bool)
    column = frame[name]
    if column.dtype == bool:
        return column.to_numpy()
    return column.fillna(False).astype(bool).to_numpy()


def _any(masks: Sequence[np.ndarray], n: int) -> np.ndarray:
    return np.logical_or.reduce(masks) if masks else np.zeros(n, dtype=bool)


def _positive_positions(question: Question) -> list[int]:
    return [i for i, value in enumerate(question.option_values) if value in question.positive]


def _context_codes(counter: _Counter, column: str, fixed_rows: Iterable[str], label_of: Callable[[str], str],
                   *, always_not_known: bool) -> tuple[np.ndarray, list[str]]:
    """Each response's row number in a table by ``column`` (variant, meeting type,
    team), and the rows: ``fixed_rows``, then other labels found (sorted), then
    ``Not known`` for blanks (always, or only when there are some)."""
    if column in counter.frame.columns:
        codes, uniques = pd.factorize(counter.frame[column], use_na_sentinel=True)
    else:
        codes, uniques = np.full(counter.n, -1, dtype=np.intp), []
    labels = []
    for value in uniques:
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
        labels.append(label_of(text) if text else NOT_KNOWN)
    rows = list(dict.fromkeys(fixed_rows))
    rows += sorted({label for label in labels if label not in rows and label != NOT_KNOWN})
    if always_not_known or NOT_KNOWN in labels or (codes < 0).any():
        rows.append(NOT_KNOWN)
    where = {label: i for i, label in enumerate(rows)}
    lookup = np.array([where.get(NOT_KNOWN, -1)] + [where[label] for label in labels], dtype=np.intp)
    return lookup[np.asarray(codes, dtype=np.intp) + 1], rows


# --- the tables ---------------------------------------------------------------------------------


def _overall(counter: _Counter, questionnaire: Questionnaire) -> Table:
    answered = positive = 0
    for question in questionnaire.scored_questions:
        if question.type in (SINGLE, MULTI):
            a, p = counter.answered_and_positive(question)
            answered, positive = answered + a, positive + p
    frame = pd.DataFrame({VALUE: [counter.total(), percent(positive, answered)]},
                         index=[OVERALL_RESPONSES, OVERALL_PCT], dtype=object)
    sources = tuple(pd.Series({VALUE: count}) for count in (positive, answered, answered - positive))
    return Table("overall", "Overall satisfaction", frame, percent_rows={OVERALL_PCT: sources},
                 note="The overall positive % is every positive answer to the scored questions "
                      "as a share of every answer to them.")


def _question_summary(counter: _Counter, earlier: _Counter | None, questionnaire: Questionnaire) -> Table:
    scored = [q for q in questionnaire.scored_questions if q.type in (SINGLE, MULTI)]
    ids = [q.id for q in scored]
    counts = [counter.answered_and_positive(q) for q in scored]
    answered = pd.Series([a for a, _ in counts], index=ids, dtype="int64")
    positive = pd.Series([p for _, p in counts], index=ids, dtype="int64")
    frame = pd.DataFrame({"Question": pd.Series([q.text for q in scored], index=ids, dtype=object),
                          ANSWERED: answered, POSITIVE: positive, POSITIVE_PCT: percent(positive, answered)},
                         index=pd.Index(ids, dtype=object))
    percent_columns: dict[Hashable, tuple] = {POSITIVE_PCT: (POSITIVE, ANSWERED)}
    series: tuple[str, ...] = (POSITIVE_PCT,)
    if earlier is not None:
        before = [earlier.answered_and_positive(q) for q in scored]
        answered_before = pd.Series([a for a, _ in before], index=ids, dtype="int64")
        positive_before = pd.Series([p for _, p in before], index=ids, dtype="int64")
        frame[PREVIOUS_PCT] = percent(positive_before, answered_before)
        percent_columns[PREVIOUS_PCT] = (positive_before, answered_before, answered_before - positive_before)
        series = (POSITIVE_PCT, PREVIOUS_PCT)
    groups = tuple(Group(cells=((qid, POSITIVE),), total=(qid, ANSWERED), hidden=(int(answered[qid] - positive[qid]),))
                   for qid in ids)
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions, start=1)}
    return Table("question_summary", "Positive answers to each question", frame, sheet_title="Positive answers",
                 note="Percentages are of the people who answered each question.",
                 percent_columns=percent_columns, groups=groups,
                 chart=Chart("hbar", series=series, value_label="Positive answers (%)"),
                 display_index={qid: f"Q{numbers[qid]}" for qid in ids})


def _answers(counter: _Counter, question: Question) -> Table:
    values = list(question.option_values)
    if question.type == SINGLE:
        numbers = counter.bincount(counter.codes(question), len(values))
        answered = int(numbers.sum())
    else:
        numbers = np.array([counter.count(mask) for mask in counter.chosen(question)], dtype=np.int64)
        answered = counter.count(counter.answered_mask(question))
    index = pd.Index(values, dtype=object)
    number = pd.Series(numbers, index=index, dtype="int64")
    frame = pd.DataFrame({NUMBER: number, PERCENTAGE: percent(number, pd.Series(answered, index=index))}, index=index)
    sources = (NUMBER, pd.Series(answered, index=index, dtype="int64"))
    display = {value: question.label_for(value) for value in values}
    if question.type == SINGLE:
        return Table(f"answers_{question.id}", question.text, frame, percent_columns={PERCENTAGE: sources},
                     groups=(Group(tuple((value, NUMBER) for value in values)),),
                     chart=Chart("hbar", series=(NUMBER,), value_label="Number of responses"),
                     display_index=display, note="Percentages are of the people who answered this question.")
    return Table(f"answers_{question.id}", question.text, frame, percent_columns={PERCENTAGE: sources},
                 display_index=display,
                 note="People could choose more than one answer, so the percentages of those who answered "
                      "can add up to more than 100.")


def _responses_and_positive(counter: _Counter, questionnaire: Questionnaire, codes: np.ndarray, rows: list,
                            table_id: str, title: str, note: str, *, display: Mapping | None = None,
                            chart: Chart | None = None) -> Table:
    """Responses per row and the pooled positive % of their scored answers."""
    answered_per_row, positive_per_row = counter.pooled(questionnaire)
    index = pd.Index(rows, dtype=object)
    responses = pd.Series(counter.bincount(codes, len(rows)), index=index, dtype="int64")
    answered = pd.Series(counter.bincount(codes, len(rows), answered_per_row), index=index, dtype="int64")
    positive = pd.Series(counter.bincount(codes, len(rows), positive_per_row), index=index, dtype="int64")
    frame = pd.DataFrame({RESPONSES: responses, POSITIVE_PCT: percent(positive, answered)}, index=index)
    # Positive % is made from the row's responses as well as from its pooled answers:
    # where published mode hides a group's count of 1 to 4, its percentage goes too,
    # whatever the number of answers behind it (two people can give eight answers).
    return Table(table_id, title, frame, note=note,
                 percent_columns={POSITIVE_PCT: (positive, answered, answered - positive, RESPONSES)},
                 groups=(Group(tuple((row, RESPONSES) for row in rows)),), chart=chart,
                 display_index=dict(display or {}), respondent_groups=RESPONSES)


_POOLED_NOTE = "Positive % is every positive answer to the scored questions from these responses, as a share of " \
               "every answer they gave to those questions."


def _by_variant(counter: _Counter, questionnaire: Questionnaire) -> Table:
    codes, rows = _context_codes(counter, "variant", questionnaire.variants, str, always_not_known=False)
    index = pd.Index(rows, dtype=object)
    frame = pd.DataFrame({RESPONSES: pd.Series(counter.bincount(codes, len(rows)), index=index, dtype="int64")},
                         index=index)
    display = {name: variant.audience for name, variant in questionnaire.variants.items() if variant.audience}
    return Table("by_variant", "Responses by version of the questionnaire", frame, sheet_title="Responses by version",
                 groups=(Group(tuple((row, RESPONSES) for row in rows)),), display_index=display,
                 respondent_groups=RESPONSES)


def _by_language(counter: _Counter, languages: Mapping[str, str]) -> Table:
    codes, rows = _context_codes(counter, "language", languages, str, always_not_known=False)
    index = pd.Index(rows, dtype=object)
    frame = pd.DataFrame({RESPONSES: pd.Series(counter.bincount(codes, len(rows)), index=index, dtype="int64")},
                         index=index)
    return Table("by_language", "Responses by language answered in", frame, sheet_title="Responses by language",
                 groups=(Group(tuple((row, RESPONSES) for row in rows)),), display_index=dict(languages),
                 respondent_groups=RESPONSES)


def _by_context(counter: _Counter, questionnaire: Questionnaire, column: str, table_id: str, title: str,
                fixed_rows: list[str], label_of: Callable[[str], str]) -> Table:
    codes, rows = _context_codes(counter, column, fixed_rows, label_of, always_not_known=True)
    return _responses_and_positive(counter, questionnaire, codes, rows, table_id, title, _POOLED_NOTE)


def _equalities(counter: _Counter, questionnaire: Questionnaire, question: Question) -> Table:
    values = list(question.option_values)
    return _responses_and_positive(
        counter, questionnaire, counter.codes(question), values, f"equalities_{question.id}",
        f"Positive answers by answer to \u2018{question.text}\u2019", _POOLED_NOTE,
        display={value: question.label_for(value) for value in values},
        chart=Chart("hbar", series=(POSITIVE_PCT,), value_label="Positive answers (%)")).replace(
        sheet_title=f"Positive % by {question.text}")


def _objectives_achieved(counter: _Counter, questionnaire: Questionnaire) -> Table:
    objective = questionnaire.question("objective")
    addressed = counter.codes(questionnaire.question("concerns_addressed")) == \
        questionnaire.question("concerns_addressed").option_values.index("yes")
    values = list(objective.option_values)
    chosen = counter.chosen(objective)
    referrals = [counter.count(mask) for mask in chosen]
    achieved = [counter.count(mask & addressed) for mask in chosen]
    index = pd.Index(values, dtype=object)
    frame = pd.DataFrame({REFERRALS: pd.Series(referrals, index=index, dtype="int64"),
                          CONCERNS_ADDRESSED: pd.Series(achieved, index=index, dtype="int64")}, index=index)
    groups = tuple(Group(((value, CONCERNS_ADDRESSED),), total=(value, REFERRALS), hidden=(r - a,))
                   for value, r, a in zip(values, referrals, achieved, strict=True))
    return Table("objectives_achieved", "Aims of the family group conference and whether the concerns were addressed",
                 frame, sheet_title="Aims and concerns addressed",
                 groups=groups, display_index={value: objective.label_for(value) for value in values},
                 respondent_groups=REFERRALS,
                 chart=Chart("hbar", series=(REFERRALS, CONCERNS_ADDRESSED), value_label="Number of referrals"),
                 note="A referral can have more than one aim. Concerns addressed: the referrer answered yes to "
                      "\u2018Did the family plan deal with the concerns?\u2019")


def _looked_after_outcomes(counter: _Counter, questionnaire: Questionnaire) -> Table:
    question = questionnaire.question("looked_after_outcome")
    values = list(question.option_values)
    index = pd.Index(values, dtype=object)
    numbers = counter.bincount(counter.codes(question), len(values))
    frame = pd.DataFrame({NUMBER: pd.Series(numbers, index=index, dtype="int64")}, index=index)
    return Table("looked_after_outcomes", "Outcomes at closure for children looked after at referral", frame,
                 sheet_title="Looked-after outcomes",
                 groups=(Group(tuple((value, NUMBER) for value in values)),),
                 display_index={value: question.label_for(value) for value in values},
                 chart=Chart("hbar", series=(NUMBER,), value_label="Number of children"))


# --- notes --------------------------------------------------------------------------------------


def _notes(questionnaire: Questionnaire) -> tuple[tuple[str, str], ...]:
    scored = questionnaire.scored_questions
    if scored:
        lines = [f"{q.text} \u2013 {' or '.join(q.label_for(v) for v in q.positive)}" for q in scored]
        positive = ("These answers count as positive:\n" + "\n".join(lines) +
                    "\n\nQuestions without positive answers (who took part, how, About you) are counted "
                    "but not scored.")
    else:
        positive = "This questionnaire has no questions with positive answers, so nothing is scored."
    return (
        ("What counts as positive", positive),
        ("The overall score",
         "The overall positive % puts the answers to every scored question together: all positive answers "
         "divided by all answers to those questions. Someone who answered four scored questions counts four "
         "times; a question left blank counts nowhere. The positive % of a meeting type, team or About you group "
         "is worked out the same way from that group's responses."),
        ("Who the percentages are of",
         "Each percentage is of the people who answered that question; people who left it blank are left out. "
         "Where people could choose more than one answer, the percentages can add up to more than 100."),
        ("Whole months",
         "Periods are whole months, and a month is counted once it is over, so no day's answers can be "
         "picked out."),
        ("The previous period",
         "When the report compares with an earlier period, that period has the same number of whole months "
         "and ends the day before this one starts (for a financial year, the financial year before)."),
        ("Comments",
         "Free-text comments never appear in this report: they can name or point to people."),
    )
