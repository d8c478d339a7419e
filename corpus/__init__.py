"""The labelled corpus pindai's classifier is trained and evaluated on (a development tool, not installed).

:mod:`corpus.generator` writes the documents; :mod:`corpus.training` turns its
training part into the frozen training set that ships with pindai
(``pindai/classify/training-v1.jsonl.gz``), from which ``pindai train`` fits the
model. ``make model`` regenerates both, deterministically.
"""

from __future__ import annotations

from corpus.generator import (
    DIP_TYPES,
    GROUNDS,
    KINDS,
    KindSpec,
    LabelledDoc,
    corpus,
    generate,
    is_valid_nik,
    split,
    split_by_kind,
    write_corpus,
)
from corpus.training import examples, write_training_set

__all__ = [
    "DIP_TYPES",
    "GROUNDS",
    "KINDS",
    "KindSpec",
    "LabelledDoc",
    "corpus",
    "examples",
    "generate",
    "is_valid_nik",
    "split",
    "split_by_kind",
    "write_corpus",
    "write_training_set",
]
