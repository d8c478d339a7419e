"""The labelled corpus pindai's classifier is trained and evaluated on (a development tool, not installed).

:mod:`corpus.generator` writes the documents; :mod:`corpus.training` turns its
training part into the frozen training set that ships with pindai
(``pindai/classify/training-v1.jsonl.gz``), from which ``pindai train`` fits the
model. ``make model`` regenerates both, deterministically.
"""

from __future__ import annotations

from corpus.generator import *  # noqa: F403 - the generator's public names
from corpus.generator import __all__ as _generator_names
from corpus.training import examples, write_training_set

__all__ = [*_generator_names, "examples", "write_training_set"]
