"""Every definition matches the contract in instruments.md exactly.

The table below is copied by hand from /work/shared/spec/instruments.md (not
generated from the YAML), so a changed id, option value, type or positive value
in a definition fails here. Wording is free to change; ids are not.
"""

from __future__ import annotations

import pytest

from forms.model import MULTI, SINGLE, TEXT
from forms.registry import load_questionnaires

YES_NO = ("yes", "no")
YES_PARTLY_NO = ("yes", "partly", "no")
FACES = ("yes", "a_bit", "no")
LAC_FACES = ("yes", "not_sure", "no")
YES = ("yes",)
COMMENTS = {"comments": (TEXT, (), ())}

#: slug -> question id -> (type, option values in order, positive values), in question order.
CONTRACT: dict[str, dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    "cp-conference-parent": {
        "conference_type": (SINGLE, ("initial", "review"), ()),
        "relationship": (SINGLE, ("mother", "father", "step_parent", "grandmother", "grandfather",
                                  "other_relative", "carer", "other"), ()),
        "professional_shared_info": (SINGLE, ("yes", "no", "not_sure"), YES),
        "chair_before_helped": (SINGLE, ("yes", "no", "did_not_talk"), YES),
        "room_before_helped": (SINGLE, ("yes", "no", "was_not"), YES),
        "told_who_everyone_was": (SINGLE, YES_NO, YES),
        "understood_why_there": (SINGLE, YES_PARTLY_NO, YES),
        "said_all_wanted": (SINGLE, YES_PARTLY_NO, YES),
        "understood_parts": (SINGLE, YES_PARTLY_NO, YES),
        "understand_what_change": (SINGLE, ("completely", "quite_well", "a_little", "not_at_all"),
                                   ("completely", "quite_well")),
        "plan_will_help": (SINGLE, ("very_helpful", "quite_helpful", "not_very_helpful", "not_at_all_helpful"),
                           ("very_helpful", "quite_helpful")),
        "had_say_on_plan": (SINGLE, YES_NO, YES),
        **COMMENTS,
    },
    "cp-conference-child": {
        "knew_why_meeting": (SINGLE, FACES, YES),
        "how_took_part": (MULTI, ("went_to_meeting", "met_chair_before", "wrote_or_drew", "someone_spoke_for_me",
                                  "advocate", "did_not_take_part"), ()),
        "felt_listened_to": (SINGLE, FACES, YES),
        "said_what_wanted": (SINGLE, FACES, YES),
        "understand_what_next": (SINGLE, FACES, YES),
        **COMMENTS,
    },
    "cp-conference-professional": {
        "conference_type": (SINGLE, ("initial", "review"), ()),
        "agency": (SINGLE, ("social_care", "health", "police", "education", "probation", "housing", "voluntary",
                            "other"), ()),
        "clear_about_risks": (SINGLE, YES_PARTLY_NO, YES),
        "clear_what_change": (SINGLE, YES_PARTLY_NO, YES),
        "clear_own_role": (SINGLE, YES_PARTLY_NO, YES),
        "well_chaired": (SINGLE, YES_PARTLY_NO, YES),
        **COMMENTS,
    },
    "lac-review-child": {
        "happy_with_iro": (SINGLE, LAC_FACES, YES),
        "met_iro_before_review": (SINGLE, YES_NO, YES),
        "happy_with_review": (SINGLE, LAC_FACES, YES),
        "felt_listened_to": (SINGLE, LAC_FACES, YES),
        "review_helpful": (SINGLE, LAC_FACES, YES),
        "how_took_part": (MULTI, ("attended", "chaired_own_review", "met_iro", "phone", "in_writing", "text_message",
                                  "advocate", "did_not_take_part"), ()),
        "understand_care_plan": (SINGLE, FACES, YES),
        "know_how_to_complain": (SINGLE, YES_NO, YES),
        **COMMENTS,
    },
    "fgc-family": {
        "relationship": (SINGLE, ("mother", "father", "grandparent", "aunt_or_uncle", "sibling", "other_relative",
                                  "family_friend", "other"), ()),
        "preparation_effective": (SINGLE, ("very_well", "quite_well", "not_very_well", "not_at_all"),
                                  ("very_well", "quite_well")),
        "fgc_useful": (SINGLE, YES_PARTLY_NO, YES),
        "addressed_concerns": (SINGLE, YES_PARTLY_NO, YES),
        **COMMENTS,
    },
    "fgc-young-person": {
        "felt_safe": (SINGLE, FACES, YES),
        "able_to_contribute": (SINGLE, FACES, YES),
        "listened_to": (SINGLE, FACES, YES),
        "advocate_helped": (SINGLE, ("yes", "a_bit", "no", "no_advocate"), YES),
        **COMMENTS,
    },
    "fgc-referrer-outcome": {
        "objective": (MULTI, ("prevent_becoming_looked_after", "support_cin_plan", "support_legal_proceedings",
                              "permanency_planning", "improve_school_attendance", "support_cp_plan",
                              "facilitate_contact"), ()),
        "concerns_addressed": (SINGLE, YES_PARTLY_NO, YES),
        "age_band": (SINGLE, ("0_4", "5_10", "11_15", "16_17"), ()),
        "cp_plan_at_referral": (SINGLE, YES_NO, ()),
        "looked_after_at_referral": (SINGLE, YES_NO, ()),
        "looked_after_outcome": (SINGLE, ("returned_to_parents", "sgo_to_family_member",
                                          "remains_looked_after_with_family", "remains_looked_after_long_term_plan"),
                                 ()),
        **COMMENTS,
    },
    "complaint-handling": {
        "felt_listened_to": (SINGLE, YES_PARTLY_NO, YES),
        "satisfied_with_response": (SINGLE, YES_PARTLY_NO, YES),
        "kept_informed": (SINGLE, YES_PARTLY_NO, YES),
        "easy_to_complain": (SINGLE, YES_PARTLY_NO, YES),
        **COMMENTS,
    },
    "have-your-say": {
        "kind": (SINGLE, ("complaint", "compliment", "comment"), ()),
        "made_by": (SINGLE, ("child", "parent", "carer", "relative", "advocate", "professional", "other"), ()),
        "about": (TEXT, (), ()),
        "what_happened": (TEXT, (), ()),
        "put_right": (TEXT, (), ()),
        "wants_advocate": (SINGLE, YES_NO, ()),
        "contact": (TEXT, (), ()),
        **COMMENTS,
    },
}

ABOUT_YOU = {
    "eq_ethnicity": (SINGLE, ("white", "mixed", "asian", "black", "other", "prefer_not_to_say"), ()),
    "eq_disability": (SINGLE, ("yes", "no", "prefer_not_to_say"), ()),
    "eq_gender": (SINGLE, ("female", "male", "other", "prefer_not_to_say"), ()),
    "eq_age_band": (SINGLE, ("under_8", "8_12", "13_15", "16_17", "18_24", "25_44", "45_64", "65_plus",
                             "prefer_not_to_say"), ()),
}

#: Variants instruments.md names (others may exist; these must).
NAMED_VARIANTS = {
    "lac-review-child": {"standard", "child", "young"},
    "have-your-say": {"standard", "child", "young"},
}
LAC_CORE = ("happy_with_iro", "met_iro_before_review", "happy_with_review", "felt_listened_to", "review_helpful")

#: Questions a child-friendly variant may show without pictures: the "Who are you?"
#: list has no sensible pictures among the ones we have, so it has none. (The
#: shared About you questions, ``eq_*``, have no pictures either: see the test.)
NO_PICTURE_ALLOWED = {("have-your-say", "made_by")}
PICTURES = {"happy", "unsure", "sad", "tick", "cross", "meeting", "chair", "talk", "phone", "writing", "message",
            "advocate"}


@pytest.fixture(scope="module")
def questionnaires():
    return load_questionnaires()


def _shape(question) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (question.type, question.option_values, question.positive)


def test_the_nine_questionnaires_exist(questionnaires):
    assert sorted(questionnaires) == sorted(CONTRACT)
    assert len(questionnaires) == 9


@pytest.mark.parametrize("slug", sorted(CONTRACT))
def test_questions_match_the_contract(questionnaires, slug):
    questionnaire = questionnaires[slug]
    own = [q for q in questionnaire.questions if not q.equality]
    assert [q.id for q in own] == list(CONTRACT[slug]), "same ids, in the contract's order"
    for question in own:
        assert _shape(question) == CONTRACT[slug][question.id], question.id


@pytest.mark.parametrize("slug", sorted(CONTRACT))
def test_about_you_questions_match_the_contract(questionnaires, slug):
    equality = [q for q in questionnaires[slug].questions if q.equality]
    if equality:  # all four or none
        assert {q.id: _shape(q) for q in equality} == ABOUT_YOU
        assert [q.id for q in equality] == list(ABOUT_YOU)


def test_about_you_is_asked_somewhere(questionnaires):
    assert any(q.equality for questionnaire in questionnaires.values() for q in questionnaire.questions)


@pytest.mark.parametrize("slug", sorted(CONTRACT))
def test_comments_is_optional_text(questionnaires, slug):
    comments = questionnaires[slug].question("comments")
    assert comments.type == TEXT
    assert not comments.required


@pytest.mark.parametrize("slug", sorted(CONTRACT))
def test_every_variant_asks_a_subset_in_order(questionnaires, slug):
    questionnaire = questionnaires[slug]
    order = list(questionnaire.question_ids)
    for name, variant in questionnaire.variants.items():
        ids = list(variant.question_ids)
        assert set(ids) <= set(order), name
        assert ids == sorted(ids, key=order.index), f"variant '{name}' asks questions out of order"
        assert "comments" in ids, name
        for question in variant.questions:
            # Wording may differ between variants; ids, types, options and positives may not.
            assert _shape(question) == _shape(questionnaire.question(question.id)), (name, question.id)
        assert variant.audience, f"variant '{name}' has no audience line"


@pytest.mark.parametrize("slug", sorted(NAMED_VARIANTS))
def test_named_variants_exist(questionnaires, slug):
    assert NAMED_VARIANTS[slug] <= set(questionnaires[slug].variants)


def test_lac_young_variant_asks_the_five_core_questions(questionnaires):
    young = questionnaires["lac-review-child"].variant("young")
    asked = [q for q in young.question_ids if q != "comments"]
    assert tuple(asked) == LAC_CORE


def _child_friendly():
    for slug, questionnaire in sorted(load_questionnaires().items()):
        for name, variant in questionnaire.variants.items():
            if variant.pictures:
                yield pytest.param(slug, name, id=f"{slug}/{name}")


@pytest.mark.parametrize(("slug", "variant_name"), list(_child_friendly()))
def test_child_friendly_variants_give_every_choice_a_picture(questionnaires, slug, variant_name):
    variant = questionnaires[slug].variant(variant_name)
    for question in variant.questions:
        if question.type != SINGLE or question.equality or (slug, question.id) in NO_PICTURE_ALLOWED:
            continue
        missing = [option.value for option in question.options if not option.picture]
        assert not missing, f"{slug}/{variant_name}: question '{question.id}' has options without a picture: {missing}"


def test_child_friendly_variants_exist_where_the_contract_says(questionnaires):
    # Child-friendly by default (instruments.md 2 and 6), and by age for lac-review-child and have-your-say.
    for slug in ("cp-conference-child", "fgc-young-person"):
        assert questionnaires[slug].variant().pictures, slug
    for slug in ("lac-review-child", "have-your-say"):
        assert questionnaires[slug].variant("child").pictures, slug


def test_every_picture_is_one_we_have(questionnaires):
    used = {option.picture for questionnaire in questionnaires.values() for question in questionnaire.questions
            for option in question.options if option.picture}
    assert used <= PICTURES


def test_scales_use_faces_and_facts_use_ticks(questionnaires):
    faces = {"yes": "happy", "a_bit": "unsure", "not_sure": "unsure", "no": "sad"}
    for questionnaire in questionnaires.values():
        for question in questionnaire.questions:
            pictures = {o.value: o.picture for o in question.options if o.picture}
            if not pictures or question.type != SINGLE:
                continue
            if question.option_values in (YES_NO,):
                assert pictures == {"yes": "tick", "no": "cross"}, (questionnaire.slug, question.id)
            elif set(question.option_values) & {"a_bit", "not_sure"}:
                assert all(pictures[v] == faces[v] for v in faces if v in pictures), (questionnaire.slug, question.id)
