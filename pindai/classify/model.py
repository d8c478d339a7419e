"""The statistical text model (scikit-learn): register, DIP type and Pasal 17 ground.

Three linear classifiers over the same features: character n-grams (they
survive OCR damage: "pemi1ihan" still shares most of its 3-5-grams with
"pemilihan"), word uni- and bigrams with digits folded, and the signals of
:mod:`pindai.classify.signals` as counts. Trained on the corpus this project
writes (:mod:`pindai.classify.corpus`), augmented with OCR-like damage, plus
the officers' confirmed decisions when retrained with ``pindai train``.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from pindai.classify.signals import find_signals

log = logging.getLogger(__name__)

#: The model shipped with pindai, built by ``pindai train --corpus-only``.
PACKAGED_MODEL = Path(__file__).with_name("model.joblib")


def normalise(text: str) -> str:
    """Lower case, digits folded to 0, whitespace collapsed: what the n-grams see."""
    text = re.sub(r"\d", "0", text.lower())
    return " ".join(text.split())


class SignalCounts(BaseEstimator, TransformerMixin):
    """Signals (cues and identifiers) as features: one count per signal and per target."""

    def fit(self, docs: list[str], y: Any = None) -> SignalCounts:
        return self

    def transform(self, docs: list[str]) -> list[dict[str, float]]:
        rows = []
        for doc in docs:
            row: dict[str, float] = {}
            for ev in find_signals(doc.split("\f")):
                row[f"sig={ev.name}"] = row.get(f"sig={ev.name}", 0.0) + 1.0
                row[f"to={ev.points_to}"] = row.get(f"to={ev.points_to}", 0.0) + ev.weight
            rows.append(row)
        return rows


def _features() -> FeatureUnion:
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                  sublinear_tf=True, max_features=60_000, preprocessor=normalise)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2,
                                  sublinear_tf=True, max_features=30_000, preprocessor=normalise,
                                  token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b")),
        ("signals", Pipeline([("count", SignalCounts()), ("vec", DictVectorizer())])),
    ])


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=8.0, class_weight="balanced", max_iter=3000)


@dataclass
class TextModel:
    """The three fitted pipelines and the version that names them."""

    version: str
    register: Pipeline
    dip_type: Pipeline
    ground: Pipeline

    def predict(self, text: str) -> dict[str, Any]:
        """Probabilities for one document's text (pages joined by form feeds)."""
        reg = dict(zip(self.register.classes_, self.register.predict_proba([text])[0], strict=True))
        typ = dict(zip(self.dip_type.classes_, self.dip_type.predict_proba([text])[0], strict=True))
        gro = dict(zip(self.ground.classes_, self.ground.predict_proba([text])[0], strict=True))
        return {"register": reg, "dip_type": typ, "ground": gro}

    def explain(self, text: str, *, top: int = 6) -> list[str]:
        """The words that pushed this text most towards DIK (for the evidence)."""
        union: FeatureUnion = self.register.named_steps["features"]
        words: TfidfVectorizer = dict(union.transformer_list)["words"]
        clf: LogisticRegression = self.register.named_steps["clf"]
        offset = len(dict(union.transformer_list)["chars"].vocabulary_)
        x = words.transform([text])
        coef = clf.coef_[0][offset : offset + x.shape[1]]
        sign = 1.0 if clf.classes_[1] == "DIK" else -1.0
        contrib = x.multiply(coef * sign).toarray()[0]
        names = words.get_feature_names_out()
        order = np.argsort(contrib)[::-1][:top]
        return [str(names[i]) for i in order if contrib[i] > 0]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)


def load(path: Path | None = None) -> TextModel:
    """The model at ``path``, else the packaged one."""
    return joblib.load(path or PACKAGED_MODEL)


# --------------------------------------------------------------------------- training

_OCR_CONFUSIONS = [("l", "1"), ("o", "0"), ("i", "l"), ("m", "rn"), ("e", "c"), ("a", "o"),
                   ("n", "ri"), ("S", "5"), ("O", "0"), ("u", "v"), ("h", "b")]


def ocr_damage(text: str, *, rate: float, seed: int) -> str:
    """Text as a poor scan would come out of OCR: confused letters, lost and split words."""
    rng = random.Random(seed)
    out = []
    for word in text.split(" "):
        r = rng.random()
        if r < rate * 0.6 and len(word) > 2:
            a, b = rng.choice(_OCR_CONFUSIONS)
            word = word.replace(a, b, 1)
        elif r < rate * 0.8 and len(word) > 4:
            cut = rng.randrange(1, len(word) - 1)
            word = word[:cut] + " " + word[cut:]
        elif r < rate * 0.9:
            continue
        out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class Example:
    """One labelled text to learn from."""

    text: str
    register: str
    dip_type: str | None
    ground: str | None


def train(examples: list[Example], *, augment: bool = True) -> TextModel:
    """Fit the three pipelines; deterministic for the same examples."""
    data = list(examples)
    if augment:
        data += [Example(ocr_damage(e.text, rate=0.12, seed=i), e.register, e.dip_type, e.ground)
                 for i, e in enumerate(examples)]
    texts = [e.text for e in data]
    register = Pipeline([("features", _features()), ("clf", _classifier())])
    register.fit(texts, [e.register for e in data])
    dip = [e for e in data if e.register == "DIP" and e.dip_type]
    dip_type = Pipeline([("features", _features()), ("clf", _classifier())])
    dip_type.fit([e.text for e in dip], [e.dip_type for e in dip])
    dik = [e for e in data if e.register == "DIK" and e.ground]
    ground = Pipeline([("features", _features()), ("clf", _classifier())])
    ground.fit([e.text for e in dik], [e.ground for e in dik])
    from pindai.classify.signals import CUES

    # The version names the data *and* the signals the features are made of.
    cues = "\x1e".join(f"{c.name}|{c.pattern.pattern}|{c.points_to}|{c.weight}" for c in CUES)
    digest = hashlib.sha256("\x1e".join(
        [cues, *(f"{e.register}|{e.dip_type}|{e.ground}|{e.text}" for e in examples)]).encode()).hexdigest()
    version = f"tfidf-lr-{len(examples)}-{digest[:10]}"
    log.info("trained %s", version)
    return TextModel(version, register, dip_type, ground)


def corpus_examples(*, variants: int = 8, seed: int = 0, holdout: float = 0.25) -> tuple[list[Example], list[Any]]:
    """The project's own corpus: training examples and the held-out documents."""
    from pindai.classify import corpus

    train_docs, held_out = corpus.split(corpus.corpus(variants=variants, seed=seed),
                                        holdout=holdout, seed=seed)
    return [Example(d.text, d.register, d.dip_type, d.ground) for d in train_docs], held_out


def build(*, decisions: list[tuple[str, str, str | None, str | None]] = (), output: Path) -> TextModel:
    """Train on the corpus (and officers' decisions) and save the model to ``output``."""
    examples, _ = corpus_examples()
    examples += [Example(t, r, d, g) for t, r, d, g in decisions]
    model = train(examples)
    model.save(output)
    return model
