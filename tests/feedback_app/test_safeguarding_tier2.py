"""The second tier (decision 0026): trained from the development set at first use, deterministically, and off the
submission path."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from sqlalchemy import func, select

from feedback_app import safeguarding_tier2 as tier2
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.reading.models import ReadingEntry
from forms.yaml_loader import load_yaml
from tests.helpers import submit

#: Written for this test (neither the rules nor the development set have it): the rules miss it, the tier does not.
MISSED_BY_THE_RULES = "nobody at home feeds me so i eat at my friends"


def test_the_training_set_is_the_development_set_with_both_kinds():
    items = tier2.training_set()
    development_set = load_yaml(tier2.TRAINING)
    assert sum(label for _, label in items) == len(development_set["disclosures"]) > 1000
    assert sum(not label for _, label in items) == len(development_set["ordinary"]) > 1000
    assert all(text.strip() for text, _ in items)


def test_the_tier_trains_the_same_model_every_time():
    items = tier2.training_set()
    texts = [text for text, _ in items[::50]] + [MISSED_BY_THE_RULES, "The meeting was fine"]
    # The threshold's own sameness is test_the_known_threshold_is_the_one_the_development_set_gives's (five fits).
    again = tier2.train(items, threshold=tier2.tier().threshold)
    assert tier2.tier() is tier2.tier()  # once per process
    assert again.scores(texts) == tier2.tier().scores(texts)


def test_a_clear_disclosure_scores_above_the_threshold_and_an_ordinary_comment_below():
    data = tier2.load_yaml(tier2.TRAINING)
    disclosure, ordinary = data["disclosures"][0]["text"], data["ordinary"][0]["text"]
    assert tier2.score(disclosure) > tier2.tier().threshold and tier2.possible_concern(disclosure)
    assert tier2.score(ordinary) < tier2.tier().threshold and not tier2.possible_concern(ordinary)
    assert tier2.possible_concern(MISSED_BY_THE_RULES)
    assert not tier2.possible_concern("I liked the pizza at the meeting")


def test_the_threshold_lets_at_most_the_share_of_ordinary_comments_above_it():
    scores = np.linspace(0, 1, 200)
    labels = [False] * 100 + [True] * 100
    threshold = tier2.threshold_for(scores, labels, 0.03)
    assert sum(s > threshold for s, label in zip(scores, labels, strict=True) if not label) == 3
    assert tier2.threshold_for(scores, labels, 0.0) == scores[99]  # the highest ordinary score


def test_every_candidate_model_can_be_built():
    for features in tier2.FEATURES:
        for classifier in tier2.CLASSIFIERS:
            assert tier2.pipeline(features, classifier)
    for model in [tier2.CHOSEN, *tier2.AVERAGED]:
        assert tier2.model_for(model)
        assert all(features in tier2.FEATURES and classifier in tier2.CLASSIFIERS for features, classifier in model)


def test_a_submission_never_calls_the_tier(app, client, monkeypatch):
    def refuse():
        raise AssertionError("the second tier was called while an answer was sent")

    monkeypatch.setattr(tier2, "tier", refuse)
    answer = submit(client, "/q/lac-review-child/child", {"comments": MISSED_BY_THE_RULES})
    assert answer.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReadingEntry)) == 1


#: Plain disclosures the tier scores as ordinary (decision 0027: 0.002-0.22 when it was written), because its
#: training set teaches it that "want to die" is mostly hyperbole. The rules must flag each, whatever it scores.
PLAIN_DISCLOSURES_THE_TIER_DOUBTS = ["i hate my life i want to die", "help me please", "I want to die",
                                     "i want to kill myself", "im scared of my dad",
                                     "my foster carer locked me in my room"]


def test_the_tier_never_decides_a_plain_disclosure(app, client):
    tier2.tier()  # trained, as in a worker that has been up a while: it must still have no say
    for number, text in enumerate(PLAIN_DISCLOSURES_THE_TIER_DOUBTS, start=1):
        answer = submit(client, "/q/lac-review-child/child", {"comments": text})
        assert answer.status_code == 303
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(SafeguardingFlag)) == number, text


def test_a_box_left_empty_in_words_is_not_a_possible_concern():
    """"n/a" was read as "and a", which the tier scored 0.99: every "n/a" in the reading queue would have come
    first (found in held-out set 5's ordinary comments; the fix is in `safeguarding.normalise`). Since development
    round 7 some of these are in the training set too; the last five are not (written for this test)."""
    empty = ["n/a", "N/A", "n / a", "n.a.", "none", "nothing", "no comment", "nothing to add", "na", "-",
             "n/a thanks", "not applicable to me", "nothing more to say", "nope nothing", "none at this time"]
    assert tier2.tier().flags(empty) == [False] * len(empty)


def test_the_known_threshold_is_the_one_the_development_set_gives():
    digest, threshold = tier2.KNOWN_THRESHOLD
    assert digest == tier2.training_digest(), (
        "the development set or the model changed: run bench/safeguarding_tier2_models.py --threshold and put its "
        "line in feedback_app/safeguarding_tier2.py")
    assert tier2.out_of_fold_threshold(tier2.training_set()) == pytest.approx(threshold, abs=1e-9)
    assert tier2.tier().threshold == threshold


def test_a_changed_development_set_has_its_threshold_worked_out_again(tmp_path, monkeypatch):
    items = tier2.training_set()[::10]  # a tenth of the set: a different set, quicker to train
    changed = tmp_path / "training.yaml"
    data = {"disclosures": [{"text": t} for t, label in items if label],
            "ordinary": [{"text": t} for t, label in items if not label]}
    changed.write_text(yaml.safe_dump(data))
    monkeypatch.setattr(tier2, "TRAINING", changed)
    tier2._trained.cache_clear()
    try:
        assert tier2.tier().threshold == tier2.out_of_fold_threshold(tier2.training_set(changed))
        assert tier2.tier().threshold != tier2.KNOWN_THRESHOLD[1]
    finally:
        tier2._trained.cache_clear()
