"""The training part of the corpus as a frozen, versioned file shipped with pindai.

``pindai train`` fits the model on that file plus the officers' decisions, so
retraining in an office needs neither this generator nor its 3,600 lines in
the installed package. The file is written byte for byte the same from the
same generator (gzip without a timestamp or a name, keys sorted); a test
checks that the shipped file is what the generator makes now, so a change to
the corpus cannot be forgotten in the file (``make model`` writes both).
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.generator import LabelledDoc, corpus, split

if TYPE_CHECKING:
    from pindai.classify.model import Example

#: How the shipped training set is cut from the corpus. A change makes another
#: training set: give it a new version (and file name) in pindai.classify.model.
VARIANTS = 8
SEED = 0
HOLDOUT = 0.25


def examples(*, variants: int = VARIANTS, seed: int = SEED,
             holdout: float = HOLDOUT) -> tuple[list[Example], list[LabelledDoc]]:
    """The corpus's training examples and its held-out documents (evaluated, never trained on)."""
    from pindai.classify.model import Example

    train_docs, held_out = split(corpus(variants=variants, seed=seed), holdout=holdout, seed=seed)
    return [Example(d.text, d.register, d.dip_type, d.ground) for d in train_docs], held_out


def training_set_bytes() -> bytes:
    """The shipped training set's bytes: a header line, then one JSON object per example."""
    from pindai.classify.model import TRAINING_SET_FORMAT

    train, _ = examples()
    header = {"format": TRAINING_SET_FORMAT, "generator": "corpus", "variants": VARIANTS, "seed": SEED,
              "holdout": HOLDOUT, "examples": len(train)}
    lines = [header] + [{"text": e.text, "register": e.register, "dip_type": e.dip_type, "ground": e.ground}
                        for e in train]
    raw = "".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n" for x in lines).encode()
    buf = io.BytesIO()
    # No file name and mtime 0 in the gzip header: the same corpus gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buf.getvalue()


def write_training_set(path: Path) -> Path:
    """Write the training set to ``path`` atomically, readable by all (it holds only invented text)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(training_set_bytes())
    os.chmod(tmp, 0o644)
    tmp.replace(path)
    return path
