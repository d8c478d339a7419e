"""Write the frozen training set shipped with pindai from the corpus generator (deterministic).

    .venv/bin/python scripts/make_training_set.py [PATH]

``make model`` runs it, then ``pindai train --corpus-only`` fits the packaged model on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus generator is not installed with pindai

from corpus.training import write_training_set  # noqa: E402

from pindai.classify.model import TRAINING_SET  # noqa: E402


def main(argv: list[str]) -> int:
    path = write_training_set(Path(argv[0]) if argv else TRAINING_SET)
    print(f"training set -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
