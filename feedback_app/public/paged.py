"""One question a page (GOV.UK "question pages"), for small screens.

Nothing is kept on the server between pages, and nothing in a cookie: each page
carries the answers given so far as hidden fields, so they travel only between
the person's browser and the final submission, which is validated and stored
exactly as the one-page form is. The pages are: each question in turn, then
"Check your answers", then send.
"""

from __future__ import annotations

from flask import render_template
from werkzeug.datastructures import MultiDict

from forms.builder import answers_from
from forms.model import Questionnaire, Variant

STEP_FIELD = "_step"
GO_FIELD = "_go"
RETURN_FIELD = "_return"


class PagedJourney:
    SEND = "send"

    def __init__(self, questionnaire: Questionnaire, variant: Variant, form):
        self.questionnaire = questionnaire
        self.variant = variant
        self.form = form
        self.questions = variant.questions
        self.step = 0
        self.return_to_check = False

    @property
    def check_step(self) -> int:
        return len(self.questions)

    def handle(self, data: MultiDict) -> str | None:
        """Move through the journey; return ``SEND`` when a valid whole form should be stored."""
        self.step = _bounded(data.get(STEP_FIELD), self.check_step)
        self.return_to_check = data.get(RETURN_FIELD) == "1"
        go = data.get(GO_FIELD, "next")

        if not self.form.csrf_token.validate(self.form):
            return None  # the page comes back with "your session timed out", answers kept
        if self.form.looks_like_a_bot:
            return self.SEND  # answered as if stored, so the bot learns nothing
        if go == "back":
            self.step = max(self.step - 1, 0)
            self.return_to_check = False
        elif go.startswith("change-"):
            question_id = go.removeprefix("change-")
            ids = [q.id for q in self.questions]
            if question_id in ids:
                self.step, self.return_to_check = ids.index(question_id), True
        elif go == self.SEND:
            if self.form.validate():
                return self.SEND
            self.step = self.check_step
        elif self.step < self.check_step:
            field = self.form[self.questions[self.step].id]
            if field.validate(self.form):
                self.step = self.check_step if self.return_to_check else self.step + 1
        return None

    def render(self, variant_in_url: str | None):
        on_check_page = self.step >= self.check_step
        current = None if on_check_page else self.questions[self.step]
        answers = answers_from(self.form)
        return render_template(
            "public/paged.html",
            questionnaire=self.questionnaire,
            variant=self.variant,
            form=self.form,
            variant_in_url=variant_in_url,
            step=self.step,
            total=len(self.questions),
            current=current,
            hidden=[(qid, value) for qid, values in answers.items()
                    if current is None or qid != current.id for value in values],
            answers=answers,
            labels={q.id: ", ".join(q.label_for(v) for v in answers.get(q.id, [])) for q in self.questions},
            return_to_check=self.return_to_check,
        )


def _bounded(raw: str | None, highest: int) -> int:
    try:
        return min(max(int(raw or 0), 0), highest)
    except ValueError:
        return 0
