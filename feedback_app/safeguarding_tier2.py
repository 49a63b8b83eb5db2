"""A second tier beside the phrase rules: "possible concern: please read first" in the reading queue.

A linear classifier (scikit-learn) over n-grams of the normalised text (`safeguarding.normalise`:
canonical spellings, text speak), trained on the labelled development set
(`feedback_app/data/safeguarding_training.yaml`: disclosures against ordinary comments). Its
threshold is fixed on the training set itself, out of fold (stratified 5-fold cross-validation):
the score above which at most `FALSE_ALARM_SHARE` of the ordinary comments fall when each was
scored by a model that had not seen it. Decision 0026 says which models were tried and why this one.

It only orders the reading queue (`feedback_app.reading.service`), which every child's answer is read
from anyway; it never shows a child help, raises a concern or sends an alert (that is `assess`, the
rules), and it is off the submission path: nothing calls it when an answer is sent, and its score is
never stored. It is trained from the YAML at first use and kept for the life of the process
(`functools.cache`): no fitted model is kept in a file, since unpickling runs code. Training is
deterministic (fixed folds and seeds), so every worker holds the same model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from feedback_app.safeguarding import normalise
from forms.yaml_loader import load_yaml

TRAINING = Path(__file__).parent / "data" / "safeguarding_training.yaml"
#: Out-of-fold false alarms allowed on the training set's ordinary comments when fixing the threshold.
FALSE_ALARM_SHARE = 0.03
FOLDS, RANDOM_STATE = 5, 0


def training_set(path: Path = TRAINING) -> list[tuple[str, bool]]:
    """(text, is a disclosure) from the development set: `disclosures` and `ordinary`, lists of {text: ...}."""
    data = load_yaml(path)
    items = [(entry["text"], label) for key, label in (("disclosures", True), ("ordinary", False))
             for entry in data.get(key) or []]
    return [(text, label) for text, label in items if isinstance(text, str) and text.strip()]


def prepared(text: str) -> str:
    return normalise(text).text


# ---- The models tried (bench/safeguarding_tier2_models.py compares them by cross-validation) -------------------

def _char():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)


#: Every word counts, one letter too ("i" in "i get hit"); scikit-learn's default drops them.
_ANY_WORD = r"(?u)\b\w+\b"


def _words(longest: int):
    def make():
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(analyzer="word", ngram_range=(1, longest), sublinear_tf=True, token_pattern=_ANY_WORD)
    return make


def _both(longest: int):
    def make():
        from sklearn.pipeline import FeatureUnion

        return FeatureUnion([("char", _char()), ("words", _words(longest)())])
    return make


def _logistic(c: float):
    def make():
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=RANDOM_STATE)
    return make


def _svm(c: float):
    def make():
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold
        from sklearn.svm import LinearSVC

        return CalibratedClassifierCV(LinearSVC(C=c, class_weight="balanced", random_state=RANDOM_STATE),
                                      cv=StratifiedKFold(FOLDS, shuffle=True, random_state=RANDOM_STATE))
    return make


FEATURES: dict[str, Callable] = {"char_wb 2-5": _char, "word 1-2": _words(2), "word 1-3": _words(3),
                                 "char_wb 2-5 + word 1-2": _both(2), "char_wb 2-5 + word 1-3": _both(3)}
CLASSIFIERS: dict[str, Callable] = {
    **{f"logistic regression C={c:g}": _logistic(c) for c in (1, 4, 16)},
    **{f"linear SVM C={c:g}, calibrated": _svm(c) for c in (0.1, 0.5, 2)},
}
#: Chosen by out-of-fold recall at the threshold on the development set's writing part (decision 0026).
CHOSEN = ("char_wb 2-5 + word 1-3", "linear SVM C=2, calibrated")


def pipeline(features: str, classifier: str):
    from sklearn.pipeline import make_pipeline

    return make_pipeline(FEATURES[features](), CLASSIFIERS[classifier]())


def out_of_fold_scores(texts: Sequence[str], labels: Sequence[bool], model: tuple[str, str] = CHOSEN):
    """Each text's score from a model trained on the other four fifths (fixed, stratified folds)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=RANDOM_STATE)
    with _one_thread():
        return cross_val_predict(pipeline(*model), list(texts), np.array(labels), cv=folds,
                                 method="predict_proba")[:, 1]


def _one_thread():
    """BLAS and OpenMP on one thread while fitting: on a busy 2-core server their threads fight each other and
    the web workers (a fit took 5 s with two threads under load, 0.2 s with one)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def threshold_for(scores, labels: Sequence[bool], false_alarm_share: float = FALSE_ALARM_SHARE) -> float:
    """The lowest score above which at most `false_alarm_share` of the ordinary comments' scores lie."""
    import numpy as np

    ordinary = np.sort(np.asarray(scores)[~np.asarray(labels, dtype=bool)])
    allowed = int(np.floor(false_alarm_share * len(ordinary)))  # how many may score above it
    return float(ordinary[len(ordinary) - allowed - 1])


@dataclass(frozen=True)
class Tier:
    model: object  # a fitted scikit-learn pipeline
    threshold: float

    def scores(self, texts: Iterable[str]) -> list[float]:
        prepared_texts = [prepared(text) for text in texts]
        if not prepared_texts:
            return []
        return [float(p) for p in self.model.predict_proba(prepared_texts)[:, 1]]

    def flags(self, texts: Iterable[str]) -> list[bool]:
        """Whether each text scores above the threshold: one call for many texts is much faster than one each."""
        return [score > self.threshold for score in self.scores(texts)]


def train(items: Sequence[tuple[str, bool]], model: tuple[str, str] = CHOSEN,
          false_alarm_share: float = FALSE_ALARM_SHARE) -> Tier:
    """Fit on every item; fix the threshold from out-of-fold scores on the same items."""
    texts = [prepared(text) for text, _ in items]
    labels = [label for _, label in items]
    threshold = threshold_for(out_of_fold_scores(texts, labels, model), labels, false_alarm_share)
    with _one_thread():
        return Tier(pipeline(*model).fit(texts, labels), threshold)


@cache
def tier() -> Tier:
    """The app's tier, trained on the whole development set at first use (a few seconds), once per process."""
    return train(training_set())


def score(text: str) -> float:
    return tier().scores([text])[0]


def possible_concern(text: str) -> bool:
    """Does the classifier put this answer among the likely disclosures? (Not the rules: see `assess`.)"""
    return score(text) > tier().threshold
