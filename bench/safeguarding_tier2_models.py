#!/usr/bin/env python
"""The second tier's candidate models, compared by 5-fold cross-validation on the development set's writing part.

For each kind of features (``FEATURES`` in feedback_app/safeguarding_tier2.py) and each classifier
(``CLASSIFIERS``), and then each average of such models (``AVERAGED``: their probabilities averaged),
every text of the writing part (``--part all``: the whole development set) is
scored by a model trained on the other four folds (the same fixed, stratified folds for all). The
threshold is the one ``train`` would fix (at most 3% of ordinary comments above it, out of fold),
and the figures are out of fold: recall at that threshold, the false alarms it gives, average
precision and ROC AUC, and the time to fit once on the whole part. The held-back fifth is never
used here (bench/safeguarding_development.py --classifier measures the chosen model on it), and the
held-out sets never.

Then, for the chosen model (``CHOSEN``) as the app trains it (``tier()``: the whole development set),
the time to train (threshold out of fold, then the fit) and to score an answer, one call per answer
and in one call for many (as the reading queue does), each the median of ``--repeat`` runs.

    .venv/bin/python bench/safeguarding_tier2_models.py
    .venv/bin/python bench/safeguarding_tier2_models.py --timing-only
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.safeguarding_development import held_back  # noqa: E402
from feedback_app import safeguarding_tier2 as tier2  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=tier2.TRAINING)
    parser.add_argument("--part", choices=("writing", "all"), default="writing")
    parser.add_argument("--timing-only", action="store_true", help="only the chosen model's times")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threshold", action="store_true",
                        help="print KNOWN_THRESHOLD for the development set and CHOSEN as they are, and stop")
    args = parser.parse_args(argv)
    if args.threshold:
        threshold = tier2.out_of_fold_threshold(tier2.training_set())
        print(f'KNOWN_THRESHOLD = ("{tier2.training_digest()}", {threshold!r})')
        return 0
    if not args.timing_only:
        compare(args.data, args.part)
    timing(args.data, args.repeat)
    return 0


def timing(data: Path, repeat: int) -> None:
    items = tier2.training_set(data)
    trainings, first_uses = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        tier = tier2.train(items)
        trainings.append(time.perf_counter() - start)
        start = time.perf_counter()
        tier2.train(items, threshold=tier.threshold)  # as tier() does while KNOWN_THRESHOLD matches
        first_uses.append(time.perf_counter() - start)
    texts = [text for text, _ in items]
    one, batch = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts[:200]:
            tier.flags([text])
        one.append((time.perf_counter() - start) / 200)
        start = time.perf_counter()
        tier.flags(texts)
        batch.append((time.perf_counter() - start) / len(texts))
    print(f"\nchosen: {tier2.name_of(tier2.CHOSEN)}, trained on all {len(items)} items: threshold {tier.threshold:.3f}")
    print(f"training (threshold out of fold, then the fit), median of {repeat}: {statistics.median(trainings):.2f} s; "
          f"the fit alone (the app's first use, its threshold known): {statistics.median(first_uses):.2f} s")
    print(f"scoring: {statistics.median(one) * 1e6:,.0f} µs an answer one call each, "
          f"{statistics.median(batch) * 1e6:,.0f} µs an answer in one call for {len(texts)}")


def compare(data: Path, part: str) -> None:
    import numpy as np
    from sklearn.metrics import average_precision_score, roc_auc_score

    items = [(t, label) for t, label in tier2.training_set(data) if part == "all" or not held_back(t)]
    texts = [tier2.prepared(t) for t, _ in items]
    labels = np.array([label for _, label in items])
    print(f"{part}: {labels.sum()} disclosures, {(~labels).sum()} ordinary; {tier2.FOLDS}-fold, "
          f"threshold at {tier2.FALSE_ALARM_SHARE:.0%} out-of-fold false alarms\n")
    print(f"{'features':<26}{'classifier':<32}{'recall':>16}{'false alarms':>14}{'AP':>7}{'AUC':>7}{'fit s':>7}")
    singles = [((features, classifier),) for features in tier2.FEATURES for classifier in tier2.CLASSIFIERS]
    for model in singles + tier2.AVERAGED:
        scores = tier2.out_of_fold_scores(texts, labels, model)
        threshold = tier2.threshold_for(scores, labels)
        caught = int((scores[labels] > threshold).sum())
        alarms = int((scores[~labels] > threshold).sum())
        start = time.perf_counter()
        with tier2._one_thread():
            tier2.model_for(model).fit(texts, labels)
        fit = time.perf_counter() - start
        if len(model) > 1:
            print("averaged: " + tier2.name_of(model))
        features, classifier = model[0] if len(model) == 1 else ("", "(the average above)")
        print(f"{features:<26}{classifier:<32}{f'{caught}/{labels.sum()} ({caught / labels.sum():.1%})':>16}"
              f"{f'{alarms}/{(~labels).sum()}':>14}{average_precision_score(labels, scores):>7.3f}"
              f"{roc_auc_score(labels, scores):>7.3f}{fit:>7.2f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
