"""Register metadata evaluation (#18): the labelled set of corpus/metadata_eval.py as text, scans and photos.

    .venv/bin/python bench/eval_metadata.py [--scans N] [--keep DIR] [--out FILE.json]

1. The whole set (110 documents of 22 kinds, written apart from the training
   corpus) as clean text: ``pindai evaluate``'s library call on metadata.csv.
2. The first N documents rendered as degraded scans (skew, speckle, JPEG; every
   third one a phone photo), OCRed by pindai's own OCR stage, evaluated again.

Prints per field: title (exact after normalising spaces and case), number (and
how many invented), date (and dates of birth taken), place, issuer, summaries
ending at a sentence end. Always exits 0 (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))  # corpus/ is not installed with pindai

import synth  # noqa: E402

from corpus.metadata_eval import MetaDoc, metadata_set, row_of, write_labels, write_metadata_set  # noqa: E402
from pindai.classify.evaluate import evaluate_metadata  # noqa: E402


def render(doc: MetaDoc, i: int):  # noqa: ANN201 - a PIL image
    """One page of ``doc``: a flatbed scan (skewed, speckled, JPEG), or every third one a phone photo."""
    page = synth.render_page(list(doc.lines), font_size_pt=10)
    if i % 3 == 2:
        return synth.phone_photo(page, seed=i)
    tilted = synth.skew(page, ((i * 7) % 13) - 6.0)
    return synth.jpeg_artifacts(synth.add_noise(tilted, seed=i), quality=50)


def render_set(docs: list[MetaDoc], folder: Path) -> Path:
    """Image PDFs of ``docs`` with metadata.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, doc in enumerate(docs):
        name = f"{i:03d}-{doc.kind}.pdf"
        synth.write_image_pdf([render(doc, i)], folder / name)
        rows.append(row_of(doc, name))
    write_labels(folder, rows)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans", type=int, default=44, help="how many documents to scan and OCR (0: none)")
    ap.add_argument("--keep", type=Path, help="keep the written sets here")
    ap.add_argument("--out", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    docs = metadata_set()
    base = args.keep or Path(tempfile.mkdtemp(prefix="pindai-meta-"))
    figures = {}
    write_metadata_set(base / "text", docs)
    figures["text"] = evaluate_metadata(base / "text").summary()
    print("text:", json.dumps({k: v for k, v in figures["text"].items() if k != "wrong"}, ensure_ascii=False))
    if args.scans:
        # Every kind before any kind repeats: the first 22 documents are one of each.
        started = time.monotonic()
        report = evaluate_metadata(render_set(docs[: args.scans], base / "scans"))
        figures["scans"] = report.summary()
        figures["scans"]["seconds"] = round(time.monotonic() - started, 1)
        print("scans:", json.dumps(figures["scans"], ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
