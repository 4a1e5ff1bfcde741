"""The yardstick for the RNN: character n-grams (1–3, within word boundaries) + logistic regression."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline

from .names import NamesData


def fit_baseline(data: NamesData, C: float = 10.0):
    """TF-IDF of char_wb 1–3-grams + multinomial logistic regression, fitted on the train split only.
    ``C`` was chosen on the validation split (see ``tune_baseline``)."""
    names, labels = zip(*data.train)
    pipe = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), lowercase=False),
        LogisticRegression(C=C, max_iter=2000),
    )
    pipe.fit(list(names), list(labels))
    return pipe


def baseline_accuracy(pipe, pairs) -> float:
    names, labels = zip(*pairs)
    return float(accuracy_score(list(labels), pipe.predict(list(names))))


def tune_baseline(data: NamesData, grid=(0.3, 1.0, 3.0, 10.0, 30.0)) -> dict[float, float]:
    """Validation accuracy per C, so the baseline is given its best shot, like the RNN."""
    return {c: baseline_accuracy(fit_baseline(data, c), data.val) for c in grid}
