"""The questionnaire model: plain, immutable data that the rest of the system reads.

A definition file (YAML) is turned into these objects by ``forms.schema``; the
web app, the CSV importer and the analysis all work from them, so a question's
id, type and options are stated exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SINGLE = "single"
MULTI = "multi"
TEXT = "text"
ANSWER_TYPES = (SINGLE, MULTI, TEXT)

TEXT_MAX_LENGTH = 2000
DEFAULT_VARIANT = "standard"

#: Channels a response can arrive through (interfaces.md, ``responses import``).
CHANNELS = ("web", "paper", "phone", "text")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    #: Name of a picture shown beside the words in variants that use pictures
    #: (a face for scales, an icon otherwise).
    picture: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    hint: str | None = None
    options: tuple[Option, ...] = ()
    #: Option values that count as a positive answer in satisfaction summaries.
    positive: tuple[str, ...] = ()
    required: bool = False
    #: Message shown when a required question is left unanswered.
    required_message: str | None = None
    #: Personal data (contact details): stored apart from the answers.
    personal: bool = False
    #: Part of the optional "About you" equality section.
    equality: bool = False

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def label_for(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value


class _HasQuestions:
    """Looking questions up by id, for anything with a ``questions`` tuple."""

    questions: tuple[Question, ...]

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@dataclass(frozen=True)
class Variant(_HasQuestions):
    """One way of presenting a questionnaire: same ids, other words and pictures."""

    name: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    #: Audience in a few words, shown to staff choosing a variant ("8 to 12 years").
    audience: str = ""
    #: Child-friendly presentation: pictures beside the words, big targets, plain words.
    pictures: bool = False
    #: Offer a "read this to me" button (Web Speech API, where the browser has it).
    read_aloud: bool = False
    #: Show how to get help (Childline, 999, the council) after submitting.
    show_help: bool = False
    #: Words on the thank-you page about what happens to the answers.
    thank_you: str = ""

    @property
    def for_children(self) -> bool:
        """A version for children or young people: one with pictures, or one that shows how to get help
        (only children's versions do). They link to the privacy notice in a child's words."""
        return self.pictures or self.show_help



@dataclass(frozen=True)
class Questionnaire(_HasQuestions):
    slug: str
    version: int
    title: str
    #: Every question any variant can ask, in order, with its standard wording.
    questions: tuple[Question, ...]
    variants: dict[str, Variant] = field(default_factory=dict)
    default_variant: str = DEFAULT_VARIANT
    #: Completed by staff rather than the public (e.g. the FGC referrer's evaluation).
    staff_only: bool = False
    #: Each response opens a case in the complaints register (have-your-say), whichever way it came in.
    opens_register_case: bool = False
    #: Meetings whose invitation cards may offer it, besides those feedback_app/invitations/codes.py lists.
    meeting_types: tuple[str, ...] = ()
    #: The teams whose invitation cards may offer it (none: any team), from the deployment's teams.
    teams: tuple[str, ...] = ()
    source_file: str = ""

    def variant(self, name: str | None = None) -> Variant:
        return self.variants[name or self.default_variant]

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        """Questions with positive options: the ones satisfaction summaries score."""
        return tuple(question for question in self.questions if question.positive)
