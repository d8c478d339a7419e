"""The fitted text model as plain arrays: what ingest runs, without scikit-learn.

scikit-learn fits the model (:mod:`pindai.classify.model`); to *use* it,
pindai needs only each head's vocabularies, idf weights and coefficients.
Importing scikit-learn (and the SciPy it pulls in) and unpickling its
pipelines took 2.1 CPU-seconds of every ``pindai ingest`` (#2); loading these
arrays takes a few hundredths. The computation is scikit-learn's, done
once per document for all three heads instead of three times:

* character n-grams (3-5, within words padded by a space, scikit-learn's
  ``char_wb``) and word uni- and bigrams of the normalised text;
* per block: sublinear term frequency (1 + ln tf) times idf, scaled to unit
  length; signal counts as they are;
* per head: the linear decision, then the logistic (two classes) or the
  softmax (more).

``tests/test_classify.py`` checks that the probabilities and the explanation
equal the scikit-learn pipelines' on the corpus.

The file is a NumPy ``.npz`` read with ``allow_pickle=False``: unlike a
pickle (joblib), a model file in the home cannot run code when it is loaded.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pindai.classify.signals import find_signals
from pindai.domain import Register
from pindai.errors import HomeError

#: The model shipped with pindai, built by ``pindai train --corpus-only``.
PACKAGED_MODEL = Path(__file__).with_name("model.npz")
#: Bumped when the layout of the arrays changes.
FORMAT = 1
HEADS = ("register", "dip_type", "ground")
CHAR_NGRAMS = (3, 5)
#: scikit-learn's default-like token pattern, minus tokens starting with a digit.
WORD_PATTERN = re.compile(r"(?u)\b[^\W\d_][^\W_]+\b")


def normalise(text: str) -> str:
    """Lower case, digits folded to 0, whitespace collapsed: what the n-grams see."""
    text = re.sub(r"\d", "0", text.lower())
    return " ".join(text.split())


def char_ngrams(text: str) -> Counter[str]:
    """Counts of the 3- to 5-grams of each word of normalised ``text``, padded with spaces."""
    grams: Counter[str] = Counter()
    lo, hi = CHAR_NGRAMS
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(lo, hi + 1):
            if size <= n:
                # A word shorter than n counts once, whole, and no longer n-gram follows.
                grams[padded] += 1
                break
            grams.update(padded[i : i + n] for i in range(size - n + 1))
    return grams


def word_ngrams(text: str) -> Counter[str]:
    """Counts of the words of normalised ``text`` and of each pair of adjacent words."""
    words = WORD_PATTERN.findall(text)
    grams = Counter(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def signal_counts(text: str) -> dict[str, float]:
    """Signals as features: one count per signal and the summed weight per target."""
    row: dict[str, float] = {}
    for ev in find_signals(text.split("\f")):
        row[f"sig={ev.name}"] = row.get(f"sig={ev.name}", 0.0) + 1.0
        row[f"to={ev.points_to}"] = row.get(f"to={ev.points_to}", 0.0) + ev.weight
    return row


@dataclass(frozen=True)
class Features:
    """One document's raw features, shared by the three heads."""

    chars: Counter[str]
    words: Counter[str]
    signals: dict[str, float]

    @classmethod
    def of(cls, text: str) -> Features:
        norm = normalise(text)
        return cls(char_ngrams(norm), word_ngrams(norm), signal_counts(text))


def _tfidf(counts: Counter[str], vocab: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of a block: (1 + ln tf) * idf, scaled to unit length."""
    cols = [vocab[g] for g in counts if g in vocab]
    if not cols:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    tf = np.array([counts[g] for g in counts if g in vocab], dtype=np.float64)
    col = np.array(cols, dtype=np.intp)
    val = (np.log(tf) + 1.0) * idf[col]
    norm = math.sqrt(float(val @ val))
    return col, val / norm if norm else val


def _logistic(x: float) -> float:
    """1 / (1 + e^-x), without overflow for large negative x."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Head:
    """One fitted classifier: its vocabularies, idf weights and coefficients."""

    classes: tuple[str, ...]
    char_names: np.ndarray
    char_idf: np.ndarray
    word_names: np.ndarray
    word_idf: np.ndarray
    signal_names: np.ndarray
    #: (classes, or 1 for two classes) x (chars + words + signals)
    coef: np.ndarray
    intercept: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "_chars", {g: i for i, g in enumerate(self.char_names.tolist())})
        object.__setattr__(self, "_words", {g: i for i, g in enumerate(self.word_names.tolist())})
        object.__setattr__(self, "_signals", {g: i for i, g in enumerate(self.signal_names.tolist())})

    def word_block(self, f: Features) -> tuple[np.ndarray, np.ndarray]:
        """(columns within the word block, values) of the word features."""
        return _tfidf(f.words, self._words, self.word_idf)

    def vector(self, f: Features) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the whole feature vector, blocks side by side."""
        c_col, c_val = _tfidf(f.chars, self._chars, self.char_idf)
        w_col, w_val = self.word_block(f)
        s_items = [(self._signals[k], v) for k, v in f.signals.items() if k in self._signals]
        s_col = np.array([c for c, _ in s_items], dtype=np.intp)
        s_val = np.array([v for _, v in s_items], dtype=np.float64)
        offset = len(self.char_names)
        return (np.concatenate([c_col, w_col + offset, s_col + offset + len(self.word_names)]),
                np.concatenate([c_val, w_val, s_val]))

    def probabilities(self, f: Features) -> dict[str, float]:
        col, val = self.vector(f)
        scores = self.coef[:, col] @ val + self.intercept
        if len(self.classes) == 2:
            p = _logistic(float(scores[0]))
            probs = [1.0 - p, p]
        else:
            e = np.exp(scores - scores.max())
            probs = (e / e.sum()).tolist()
        return dict(zip(self.classes, probs, strict=True))


@dataclass(frozen=True)
class LinearModel:
    """The three heads (register, DIP type, Pasal 17 ground) and the version that names them."""

    version: str
    register: Head
    dip_type: Head
    ground: Head

    def predict(self, text: str) -> dict[str, dict[str, float]]:
        """Probabilities for one document's text (pages joined by form feeds)."""
        f = Features.of(text)
        return {name: getattr(self, name).probabilities(f) for name in HEADS}

    def explain(self, text: str, *, top: int = 6) -> list[str]:
        """The words that pushed this text most towards DIK (for the evidence)."""
        head = self.register
        col, val = head.word_block(Features(Counter(), word_ngrams(normalise(text)), {}))
        sign = 1.0 if head.classes[1] == Register.DIK else -1.0
        contrib = np.zeros(len(head.word_names))
        contrib[col] = val * head.coef[0][len(head.char_names) + col] * sign
        order = np.argsort(contrib)[::-1][:top]
        return [str(head.word_names[i]) for i in order if contrib[i] > 0]

    def save(self, path: Path, *, restricted: bool = True) -> None:
        """Write the arrays to ``path`` (a ``.npz``), atomically.

        Restricted (folder 0750, file 0640) unless told otherwise: a model
        retrained on officers' decisions holds words of exempt documents in
        its vocabulary. Only the packaged model is written readable by all.
        """
        arrays: dict[str, Any] = {"format": np.array(FORMAT), "version": np.array(self.version)}
        for name in HEADS:
            head: Head = getattr(self, name)
            for key in ("char_names", "char_idf", "word_names", "word_idf", "signal_names",
                        "coef", "intercept"):
                arrays[f"{name}.{key}"] = getattr(head, key)
            arrays[f"{name}.classes"] = np.array(head.classes)
        mode = 0o640 if restricted else 0o644
        path.parent.mkdir(parents=True, exist_ok=True)
        if restricted:
            path.parent.chmod(0o750)
            # A model.joblib an earlier pindai left there was written readable by all.
            legacy = path.with_suffix(".joblib")
            if legacy.exists():
                legacy.chmod(0o640)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        os.fchmod(fd, mode)  # whatever the umask
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **arrays)
        tmp.replace(path)


class ModelFormatError(HomeError):
    """The model file cannot be read: it must be trained again (or removed)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"Model klasifikasi {path} tidak dapat dibaca ({problem}). Jalankan 'pindai train --home H' "
            "untuk membuatnya lagi, atau hapus berkas itu agar model bawaan dipakai. / The classifier "
            "model cannot be read; run 'pindai train --home H' to make it again, or delete the file to "
            "use the packaged model."
        )


def load(path: Path) -> LinearModel:
    """The model saved at ``path`` by :meth:`LinearModel.save`.

    Raises:
        ModelFormatError: the file is missing, damaged, unreadable or of another format.
    """
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ModelFormatError(path, f"format {int(z['format'])}, this pindai reads {FORMAT}")
            heads = {
                name: Head(
                    classes=tuple(z[f"{name}.classes"].tolist()),
                    **{key: z[f"{name}.{key}"] for key in (
                        "char_names", "char_idf", "word_names", "word_idf", "signal_names",
                        "coef", "intercept")},
                )
                for name in HEADS
            }
            return LinearModel(str(z["version"]), **heads)
    except ModelFormatError:
        raise
    except OSError as e:
        raise ModelFormatError(path, e.strerror or type(e).__name__) from e
    except (KeyError, ValueError, EOFError, zipfile.BadZipFile) as e:
        # Not NumPy's own words: they suggest loading with pickle allowed.
        raise ModelFormatError(path, f"bukan model pindai / not a pindai model: {type(e).__name__}") from e
