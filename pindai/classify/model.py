"""The statistical text model (scikit-learn): register, DIP type and Pasal 17 ground.

Three linear classifiers over the same features: character n-grams (they
survive OCR damage: "pemi1ihan" still shares most of its 3-5-grams with
"pemilihan"), word uni- and bigrams with digits folded, and the signals of
:mod:`pindai.classify.signals` as counts. Trained on the corpus this project
writes, augmented with OCR-like damage, plus the officers' confirmed decisions
when retrained with ``pindai train``. The corpus's generator is a development
tool outside the package (``corpus/``); pindai ships its training part frozen
(:data:`TRAINING_SET`), so retraining reads a file instead of writing 390
documents again.

scikit-learn is needed to train; the fitted model is saved and used as plain
arrays (:mod:`pindai.classify._linear`), so classifying does not import it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import random
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

from pindai.classify._linear import (
    CHAR_NGRAMS,
    PACKAGED_MODEL,
    WORD_PATTERN,
    Head,
    LinearModel,
    normalise,
    signal_counts,
)
from pindai.domain import Register
from pindai.errors import MissingDependencyError

log = logging.getLogger(__name__)

__all__ = ["PACKAGED_MODEL", "TRAINING_SET", "Example", "LinearModel", "TextModel", "build", "load", "train",
           "training_examples"]

#: The training part of the project's corpus, frozen (written by ``corpus/training.py``; ``make model``).
TRAINING_SET = Path(__file__).with_name("training-v1.jsonl.gz")
#: Bumped when the layout of the training set's lines changes.
TRAINING_SET_FORMAT = 1


class SignalCounts(BaseEstimator, TransformerMixin):
    """Signals (cues and identifiers) as features: one count per signal and per target."""

    def fit(self, docs: list[str], y: Any = None) -> SignalCounts:
        return self

    def transform(self, docs: list[str]) -> list[dict[str, float]]:
        return [signal_counts(doc) for doc in docs]


def _features() -> FeatureUnion:
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, min_df=2,
                                  sublinear_tf=True, max_features=60_000, preprocessor=normalise)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2,
                                  sublinear_tf=True, max_features=30_000, preprocessor=normalise,
                                  token_pattern=WORD_PATTERN.pattern)),
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
        """Probabilities for one document's text, from the scikit-learn pipelines themselves."""
        return {name: dict(zip(p.classes_, p.predict_proba([text])[0], strict=True))
                for name, p in (("register", self.register), ("dip_type", self.dip_type),
                                ("ground", self.ground))}

    def compile(self) -> LinearModel:
        """The same model as plain arrays, for classifying without scikit-learn."""
        return LinearModel(self.version, *(_head(p) for p in (self.register, self.dip_type, self.ground)))

    def save(self, path: Path, *, restricted: bool = True) -> None:
        """Write the compiled model (``.npz``) to ``path`` (see :meth:`LinearModel.save`)."""
        self.compile().save(path, restricted=restricted)


def _head(pipeline: Pipeline) -> Head:
    union: FeatureUnion = pipeline.named_steps["features"]
    parts = dict(union.transformer_list)
    chars: TfidfVectorizer = parts["chars"]
    words: TfidfVectorizer = parts["words"]
    signals: DictVectorizer = parts["signals"].named_steps["vec"]
    clf: LogisticRegression = pipeline.named_steps["clf"]
    return Head(
        classes=tuple(str(c) for c in clf.classes_),
        char_names=chars.get_feature_names_out().astype(str),
        char_idf=np.asarray(chars.idf_, dtype=np.float64),
        word_names=words.get_feature_names_out().astype(str),
        word_idf=np.asarray(words.idf_, dtype=np.float64),
        signal_names=np.asarray(signals.get_feature_names_out()).astype(str),
        coef=np.asarray(clf.coef_, dtype=np.float64),
        intercept=np.asarray(clf.intercept_, dtype=np.float64),
    )


def load(path: Path | None = None) -> LinearModel:
    """The model at ``path``, else the packaged one.

    A ``.joblib`` file (a model retrained by an earlier pindai) is read with
    scikit-learn and compiled; ``pindai train`` writes the ``.npz`` again.
    """
    path = path or PACKAGED_MODEL
    if path.suffix == ".joblib":
        return joblib.load(path).compile()
    from pindai.classify import _linear

    return _linear.load(path)


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
    dip = [e for e in data if e.register == Register.DIP and e.dip_type]
    dip_type = Pipeline([("features", _features()), ("clf", _classifier())])
    dip_type.fit([e.text for e in dip], [e.dip_type for e in dip])
    dik = [e for e in data if e.register == Register.DIK and e.ground]
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


class TrainingSetError(MissingDependencyError):
    """The training set shipped with pindai cannot be read: the installation is damaged."""


def training_examples(path: Path | None = None) -> list[Example]:
    """The examples of the frozen training set (the shipped one unless ``path`` is given).

    Raises:
        TrainingSetError: the file is missing, damaged or of another format.
    """
    path = path or TRAINING_SET
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header, *rows = (json.loads(line) for line in f)
        if header.get("format") != TRAINING_SET_FORMAT or header.get("examples") != len(rows):
            raise ValueError(f"format {header.get('format')}, {len(rows)} of {header.get('examples')} examples")
        return [Example(r["text"], r["register"], r["dip_type"], r["ground"]) for r in rows]
    except (OSError, EOFError, ValueError, KeyError, AttributeError, TypeError) as e:
        raise TrainingSetError(
            f"Data latih {path} tidak dapat dibaca ({type(e).__name__}: {e}). Pasang ulang pindai. / "
            "The training set shipped with pindai cannot be read; reinstall pindai."
        ) from e


def build(*, decisions: list[tuple[str, str, str | None, str | None]] = (), output: Path) -> TextModel:
    """Train on the frozen training set (and officers' decisions) and save the model to ``output``."""
    examples = training_examples()
    examples += [Example(t, r, d, g) for t, r, d, g in decisions]
    model = train(examples)
    # Readable by all only when it holds nothing but the project's own corpus
    # and is the packaged model; officers' decisions bring words of exempt documents.
    model.save(output, restricted=bool(decisions) or output.resolve() != PACKAGED_MODEL.resolve())
    return model
