"""The top hits and the exact number of matches of a word query on Whoosh, scored a segment at a time with
numpy instead of a posting at a time in Python (#16).

Whoosh walks the postings of a query one document at a time in Python: for a
word most documents hold, a search at 20,000 documents spent 30 ms finding
the top 10 (block-max skipping cannot skip when every document scores about
the same) and 30 ms more counting the matches exactly. Here each term's
postings are read a block at a time into arrays, scored with Whoosh's own
BM25F formula and statistics (idf and average length of the whole index, the
field lengths Whoosh stores), and combined as Whoosh's matchers combine them
(a union adds the scores, an intersection adds them, a boost multiplies); a
filter, a mask and deleted documents take documents out. The hits and their
scores are Whoosh's; among equal scores the lower document number comes
first, as in Whoosh's collector (sums of three or more words may differ from
Whoosh's in the last bit, which only reorders exact ties).

Only the shapes a search box makes are evaluated: terms of fields weighted
by BM25F or tf-idf (the word pairs a phrase's candidates are found by),
prefixes, wildcards and fuzzy words (the words they stand for, as Whoosh
expands them), joined by ``Or``, ``And``, ``Not`` and ``AndNot``, and
constant-score filters. Anything else (Whoosh's own position-checked
phrases, ranges, other weightings, another codec) returns None and the
caller asks Whoosh. ``tests/test_topk.py`` holds it to Whoosh's
answers.
"""

from __future__ import annotations

import io
import logging
import pickle
import zlib
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec import whoosh3
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

log = logging.getLogger(__name__)

#: Above this many (query words x documents of a segment), Whoosh answers. Each level of a query's
#: tree holds two arrays as long as the segment (9 bytes a document) and each word is a pass over
#: them: 20 words at a million documents stay well under a second and 100 MB.
MAX_CELLS = 20_000_000
#: Field length of each length byte, as Whoosh decodes it.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class _Unsupported(Exception):
    """A query node (or a reader) this module does not evaluate: Whoosh answers instead."""


def top(searcher: Any, q: wq.Query, wanted: int, *, filter: wq.Query | None = None,  # noqa: A002
        mask: wq.Query | None = None) -> tuple[list[tuple[int, float]], int] | None:
    """The best ``wanted`` matches of ``q`` as (document number, score), best first, and the number of
    all matches; None when ``q`` has a shape evaluated only by Whoosh.

    ``filter`` keeps only documents it matches, ``mask`` takes out those it
    matches (Whoosh's ``search(filter=, mask=)``); neither is scored.
    """
    try:
        scores: list[np.ndarray] = []
        numbers: list[np.ndarray] = []
        total = 0
        _check(searcher, q, scored=True)  # before any work: a phrase's candidates go to Whoosh at once
        for x in (filter, mask):
            if x is not None:
                _check(searcher, x, scored=False)
        words = sum(1 for _ in q.leaves())  # a filter's or mask's words hold a byte a document only
        for leaf, offset in searcher.reader().leaf_readers():
            if words * leaf.doc_count_all() > MAX_CELLS:
                raise _Unsupported(f"{words} words x {leaf.doc_count_all()} documents")
            present, score = _node(searcher, leaf, q, scored=True)
            if filter is not None:
                present &= _node(searcher, leaf, filter, scored=False)[0]
            if mask is not None:
                present &= ~_node(searcher, leaf, mask, scored=False)[0]
            if leaf.has_deletions():
                present[np.fromiter(leaf.deleted_docs_set, dtype=np.int64)] = False
            docs = np.flatnonzero(present)
            total += len(docs)
            if len(docs):
                best = docs if len(docs) <= wanted else _best(docs, score[docs], wanted)
                numbers.append(best + offset)
                scores.append(score[best])
    except _Unsupported as e:
        log.debug("query left to Whoosh: %s", e)
        return None
    if not numbers:
        return [], total
    number, score = np.concatenate(numbers), np.concatenate(scores)
    order = np.lexsort((number, -score))[:wanted]
    return [(int(number[i]), float(score[i])) for i in order], total


def _best(docs: np.ndarray, score: np.ndarray, wanted: int) -> np.ndarray:
    """The ``wanted`` best of ``docs`` (ties to the lower number), not in order."""
    # A partition finds the k-th score; every document above it is in, and of
    # those equal to it the lowest numbers fill the rest.
    kth = np.partition(score, len(score) - wanted)[len(score) - wanted]
    above = docs[score > kth]
    equal = docs[score == kth][: wanted - len(above)]
    return np.concatenate([above, equal])


def _check(searcher: Any, q: wq.Query, *, scored: bool) -> None:
    """Raise :class:`_Unsupported` if :func:`_node` would meet something it does not evaluate in ``q``."""
    kind = type(q)
    if kind is wq.Term or isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)):
        if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.text in ("", "*"):
            raise _Unsupported("every document")
        if scored and q.fieldname in searcher.schema:
            _model(searcher, q.fieldname, searcher.schema[q.fieldname])
    elif kind in (wq.Or, wq.And):
        if kind is wq.Or and (q.scale or q.minmatch):
            raise _Unsupported("Or with a coordination bonus")
        for sub in q.subqueries:
            _check(searcher, sub, scored=scored)
    elif kind is wq.AndNot:
        _check(searcher, q.a, scored=scored)
        _check(searcher, q.b, scored=False)
    elif kind is wq.Not:
        _check(searcher, q.query, scored=False)
    elif kind is wq.ConstantScoreQuery:
        _check(searcher, q.child, scored=False)
    elif not (q is wq.NullQuery or kind is type(wq.NullQuery)):
        raise _Unsupported(kind.__name__)


#: Whoosh's ``Or`` preloads its parts into an array (``PreloadedOr``) in a segment of at most this many
#: documents when it has three parts or more, and from ``_TOO_MANY_CLAUSES`` parts on in any segment.
_PRELOAD_MAX_DOCS = 5000
_TOO_MANY_CLAUSES = wq.Or.TOO_MANY_CLAUSES


def _node(searcher: Any, leaf: Any, q: wq.Query, *, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Which of ``leaf``'s documents ``q`` matches, and when ``scored`` their scores (0 elsewhere).

    The scores follow the matchers Whoosh builds for ``q`` in this segment
    (``CompoundQuery.matcher``, ``Or._matcher``, ``MultiTerm.matcher``).
    """
    size = leaf.doc_count_all()
    kind = type(q)
    present = np.zeros(size, dtype=bool)
    score = np.zeros(size) if scored else None
    constant = False  # a prefix, wildcard or fuzzy word whose words Whoosh may count as 1 each
    if isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)) and q.text not in ("", "*"):
        # MultiTerm.matcher: the words it stands for in this segment, OR'ed with its boost; a
        # single word is searched alone, without the boost.
        words = [wq.Term(q.fieldname, w) for w in q._btexts(leaf) if w]
        if not words:
            return present, score
        if len(words) == 1:
            return _node(searcher, leaf, words[0], scored=scored)
        q, kind, constant = wq.Or(words, boost=q.boost), wq.Or, bool(q.constantscore)
    boost = getattr(q, "boost", 1.0)
    if kind is wq.Term:
        boost = 1.0  # in its scores already (:func:`_term`)
        if (found := _term(searcher, leaf, q, scored=scored)) is not None:
            present[found[0]] = True
            if score is not None:
                score[found[0]] = found[1]
    elif kind in (wq.Or, wq.And) and len(q.subqueries) == 1:
        return _node(searcher, leaf, q.subqueries[0], scored=scored)  # the part's matcher, without the boost
    elif kind in (wq.Or, wq.And) and q.subqueries:
        n = len(q.subqueries)
        if kind is wq.Or and (q.scale or q.minmatch):
            raise _Unsupported("Or with a coordination bonus")
        preloaded = kind is wq.Or and not (n < _TOO_MANY_CLAUSES and (n == 2 or size > _PRELOAD_MAX_DOCS))
        for i, sub in enumerate(q.subqueries):
            # A union or an intersection adds its parts' scores. A word's postings go straight
            # into a union: a prefix or a fuzzy word may stand for thousands of words.
            if kind is wq.Or and type(sub) is wq.Term:
                if (found := _term(searcher, leaf, sub, scored=scored)) is not None:
                    present[found[0]] = True
                    if score is not None:
                        score[found[0]] += found[1]
                continue
            p, s = _node(searcher, leaf, sub, scored=scored)
            if kind is wq.Or:
                present |= p
            elif i == 0:
                present = p
            else:
                present &= p
            if score is not None:
                score += s
        if preloaded and constant and score is not None:
            # PreloadedOr without a weighting (MultiTerm's constant score): 1 for each match, unboosted.
            score, boost = present.astype(np.float64), 1.0
    elif kind is wq.AndNot:
        boost = 1.0  # its positive side's, applied there
        present, score = _node(searcher, leaf, q.a, scored=scored)
        present &= ~_node(searcher, leaf, q.b, scored=False)[0]
    elif kind is wq.Not:
        # Whoosh's InverseMatcher: every document the child does not match, each scoring 1, unboosted.
        boost = 1.0
        present = ~_node(searcher, leaf, q.query, scored=False)[0]
        score = present.astype(np.float64) if scored else None
    elif kind is wq.ConstantScoreQuery:
        # Whoosh's ListMatcher of the child's documents, each weighing ``q.score``, or 1 when that is 0.
        boost = 1.0
        present = _node(searcher, leaf, q.child, scored=False)[0]
        score = np.where(present, float(q.score or 1.0), 0.0) if scored else None
    elif not (q is wq.NullQuery or kind is type(wq.NullQuery)):
        raise _Unsupported(kind.__name__)
    if score is not None:
        if boost != 1.0:
            score *= boost
        score[~present] = 0.0  # partial sums of an intersection, or documents a NOT took out
    return present, score


def _term(searcher: Any, leaf: Any, q: wq.Term, *, scored: bool) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The documents of ``leaf`` holding a term, and when ``scored`` their scores; None if none does."""
    field = searcher.schema[q.fieldname] if q.fieldname in searcher.schema else None
    if field is None:
        return None
    try:
        text = field.to_bytes(q.text)
    except ValueError:
        return None
    if (q.fieldname, text) not in leaf:
        return None
    if getattr(q, "minquality", None):
        raise _Unsupported("Term with a minimum quality")
    ids, weights = _postings(leaf, q.fieldname, text, field)
    score = _scores(searcher, leaf, q.fieldname, text, field, ids, weights) if scored else None
    if scored and q.boost != 1.0:
        score = score * q.boost
    return ids, score


def _postings(leaf: Any, fieldname: str, text: bytes, field: Any) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights in ``leaf`` (deleted ones included).

    The term's postings are read in one piece and their blocks decoded here
    (Whoosh 3's layout: a length, a pickled block header, the pickled and
    maybe compressed ids and weights): going through ``W3LeafMatcher`` cost
    more than the scoring, in small reads and a Python loop per id.
    """
    terms = getattr(leaf, "_terms", None)
    if not isinstance(terms, whoosh3.W3TermsReader):
        raise _Unsupported(f"reader {type(leaf).__name__}")
    info = terms.term_info(fieldname, text)
    if info.is_inlined():  # a word of one document: its posting is in the term's entry
        ids, weights, _ = info.inlined_postings()
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32).astype(np.float64)
    offset, length = info.extent()
    if isinstance(length, tuple):  # whoosh-reloaded 2.7.5 keeps it as unpack_int's tuple
        (length,) = length
    buf = memoryview(terms._postfile.get(offset, length))
    if bytes(buf[:4]) != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise _Unsupported(f"postings of {fieldname} in another layout")
    id_blocks: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    at, last = 4, False
    while not last:
        if at + _INT_SIZE > len(buf):
            raise _Unsupported(f"postings of {fieldname} longer than their entry says")
        size = unpack_int(buf[at:at + _INT_SIZE])[0]
        last, size = size < 0, abs(size)
        end = at + _INT_SIZE + size
        block = io.BytesIO(buf[at + _INT_SIZE:end])
        count, _maxid, _maxweight, compression, _minlen, _maxlen = pickle.load(block)
        data = block.read()
        ids, weights, _values = pickle.loads(zlib.decompress(data) if compression else data)
        id_blocks.append(np.cumsum(np.asarray(ids, dtype=np.int64)))  # stored as gaps from 0
        if weights is None:
            weight_blocks.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            weight_blocks.append(np.full(count, weights, dtype=np.float32))
        else:
            weight_blocks.append(np.asarray(weights, dtype=np.float32))
        at = end
    # Whoosh hands each stored (float32) weight on as a Python float.
    return np.concatenate(id_blocks), np.concatenate(weight_blocks).astype(np.float64)


def _scores(searcher: Any, leaf: Any, fieldname: str, text: bytes, field: Any, ids: np.ndarray,
            weights: np.ndarray) -> np.ndarray:
    """Whoosh's score of each posting: ``BM25FScorer`` (``scoring.bm25``, the same operations in the
    same order) or ``TF_IDFScorer`` (the word pairs' weighting)."""
    model = _model(searcher, fieldname, field)
    idf = searcher.idf(fieldname, text)
    if type(model) is scoring.TF_IDF:
        return weights * idf
    lengths = _lengths(leaf, fieldname)
    B = model._field_B.get(fieldname, model.B)  # noqa: N806  (BM25's name)
    K1 = model.K1  # noqa: N806
    avgfl = searcher.avg_field_length(fieldname) or 1
    fl = _LENGTH_OF_BYTE[lengths[ids]]
    return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))


def _model(searcher: Any, fieldname: str, field: Any) -> scoring.BM25F | scoring.TF_IDF:
    """The searcher's model of a field (BM25F or TF-IDF), or :class:`_Unsupported` for any other."""
    model = searcher.weighting
    if isinstance(model, scoring.MultiWeighting):
        model = model.weightings.get(fieldname, model.default)
    if type(model) not in (scoring.BM25F, scoring.TF_IDF) or not field.scorable:
        raise _Unsupported(f"weighting {type(model).__name__} of field {fieldname}")
    return model


def _lengths(leaf: Any, fieldname: str) -> np.ndarray:
    """The length byte of ``fieldname`` for each of ``leaf``'s documents (``index._lengths_in_memory``)."""
    perdoc = getattr(leaf, "_perdoc", None)
    column = whoosh3._lenfield(fieldname)
    raw = getattr(perdoc, "_readers", {}).get(column)
    if not isinstance(raw, bytes):
        raise _Unsupported(f"lengths of {fieldname} not in memory")
    return np.frombuffer(raw, dtype=np.uint8)
