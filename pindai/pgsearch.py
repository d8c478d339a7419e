"""Search on PostgreSQL's own full text (#19): the same interface as the Whoosh index, for a
catalogue on PostgreSQL (``[search] engine = "postgresql"``).

* **Analysis is pindai's.** Each document gets ``tsvector`` columns built
  here, not by PostgreSQL's parser: ``stems``, the Sastrawi roots the Whoosh
  analyzer makes (title and content, with positions), ``title_stems``, and
  ``words``, the unstemmed words (stop words kept) with their positions, for
  quoted phrases (``<->``) and fuzzy words. PostgreSQL 15's ``indonesian``
  snowball stemmer is not used: it has no dictionary and splits what
  Sastrawi joins ("pemutakhiran" → "putakhir" but "dimutakhirkan" →
  "mutakhir"; "penetapan" → "etap" but "ditetapkan" → "tetap"), so a search
  for one form would miss the others.
* **Ranking is Whoosh's BM25F** (idf per field, the title's boost of 2,
  lengths rounded as Whoosh stores them), computed in SQL from each word's
  frequency, which ``ts_rank`` gives exactly; so the same query orders the
  same documents the same way. Phrases are ordered by their words' BM25F, not
  by Whoosh's tf-idf of hashed word pairs (a device of Whoosh's for speed).
  At scale the hits are first looked for among documents holding a root in
  the title or often ("root#t", "root#8" in ``stems``), with a bound that
  proves nothing outside scores higher (``PgSearchReader.search``).
* **Sides apart in the database.** Each side's rows are in a schema of its own;
  the public search runs as a role (``pindai_search_public``) granted the
  public tables only, either through its own login (``[search] public_url``)
  or under ``SET LOCAL ROLE`` on the catalogue's: PostgreSQL refuses it the
  exempt rows, whatever the query. Each side's word list (fuzzy words, "did
  you mean") holds only words some entry of that side holds.
* **Same writer.** :func:`flush` in ``pindai.index`` drains the catalogue's
  index queue here instead of into Whoosh; a document leaving the public side
  is deleted from its table at once (:func:`withdraw`), so it is neither shown
  nor counted from that moment.
* **The query language is Whoosh's**: the same parser reads it, and its tree
  becomes a condition on the columns and the filter columns.

All SQL is in ``pindai.catalog`` (its "search on PostgreSQL" section).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from whoosh import query as wq

from pindai.catalog import (PG_SEARCH_COLUMNS, PG_SEARCH_LAYOUT, PG_SEARCH_PUBLIC_ROLE, PG_SEARCH_TIERS, Catalog,
                            PgSearchReader, pg_length_class)
from pindai.config import Home
from pindai.errors import PindaiError

log = logging.getLogger(__name__)

#: tsvector limits: positions stop at 16,383, and a word keeps at most 256 of them.
MAX_POS = 16383
MAX_POSITIONS = 256
#: Documents written per transaction by a rebuild.
REBUILD_BATCH = 2000


def enabled(home: Home) -> bool:
    """Whether this home searches on PostgreSQL."""
    return home.search_engine == "postgresql"


# --------------------------------------------------------------------------- documents → rows


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _vector(groups: list[tuple[list[str], str]]) -> tuple[str, bool]:
    """A tsvector literal of word lists, each with its weight ("A", or "" for D), positions
    numbered on through the groups; and whether some position was lost (see :data:`MAX_POS`)."""
    positions: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    pos, lost = 0, False
    for words, weight in groups:
        for w in words:
            pos += 1
            counts[w] += 1
            if pos > MAX_POS or counts[w] > MAX_POSITIONS:
                lost = True
                if w in positions:
                    continue
            positions.setdefault(w, []).append(f"{min(pos, MAX_POS)}{weight}")
    return " ".join(f"{_lexeme(w)}:{','.join(p)}" for w, p in positions.items()), lost


def _whoosh_length(n: int) -> int:
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return byte_to_length(length_to_byte(n))


def stems_of(text: str) -> list[str]:
    """The tokens Whoosh's stemming analyzer makes of ``text`` (lower, accents folded, stop words
    and one-letter words out, Sastrawi roots)."""
    from pindai.index import STOP_WORDS, exact_tokens, stem

    return [stem(w) for w in exact_tokens(text) if len(w) >= 2 and w not in STOP_WORDS]


def row_of(fields: dict[str, Any]) -> tuple[tuple[Any, ...], set[str]]:
    """The row of a side's table for an index entry (``index.entry_for``'s fields), and its words."""
    from pindai.index import exact_tokens

    content = fields["content"]
    tokens = exact_tokens(content)
    title_stems, content_stems = stems_of(fields["title"]), stems_of(content)
    stems, _ = _vector([(title_stems, "A"), (content_stems, "")])
    stems += "".join(f" {_lexeme(w + '#t')}" + (f" {_lexeme(w + '#t2')}" if n > 1 else "")
                     for w, n in Counter(title_stems).items())
    stems += "".join(f" {_lexeme(f'{w}#{tier}')}" for w, tf in Counter(content_stems).items()
                     for tier in PG_SEARCH_TIERS if tf >= tier)
    # A root's occurrences in the letterhead and the signature block, again as "root#f": they
    # weigh less in the ranking, as in Whoosh's (#18).
    from pindai.metadata import frame_spans

    framed = Counter(w for a, b in frame_spans(content) for w in stems_of(content[a:b]))
    stems += "".join(f" {_lexeme(w + '#f')}:{','.join(map(str, range(1, min(n, MAX_POSITIONS) + 1)))}"
                     for w, n in framed.items())
    # As Whoosh keeps a field's length: in one byte, rounded.
    title_len, content_len = _whoosh_length(len(title_stems)), _whoosh_length(len(content_stems))
    stems += f" {_lexeme(f'#tl{title_len}')} {_lexeme(f'#cl{pg_length_class(content_len)}')}"
    words, lost = _vector([(tokens, "")])
    values = {**fields, "doc_id": int(fields["doc_id"]), "doc_date": fields.get("doc_date"),
              "stems": stems, "words": words, "long_text": lost, "title_stems": _vector([(title_stems, "")])[0],
              "title_len": title_len, "content_len": content_len, "words_len": _whoosh_length(len(tokens))}
    return tuple(values[c] for c in PG_SEARCH_COLUMNS), set(tokens)


def _rows(catalog: Catalog, doc_ids: list[int]) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, set[str]]]:
    """The rows of these documents per side (none for a document gone), and each side's words."""
    from pindai.index import entry_for

    rows: dict[str, list[tuple[Any, ...]]] = {"public": [], "exempt": []}
    words: dict[str, set[str]] = {"public": set(), "exempt": set()}
    for doc_id in doc_ids:
        entry = entry_for(catalog, doc_id)
        if entry is not None:
            row, held = row_of(entry[1])
            rows[entry[0]].append(row)
            words[entry[0]] |= held
    return rows, words


# --------------------------------------------------------------------------- writing


def drain(home: Home, catalog: Catalog) -> int:
    """Apply the catalogue's index queue to the search tables; how many queue entries."""
    applied = 0
    while True:
        queued = catalog.queued_index(500)
        if not queued:
            return applied
        ids = list(dict.fromkeys(doc_id for _, doc_id in queued))
        rows, words = _rows(catalog, ids)
        with catalog.atomic():
            catalog.pg_search_write(rows, replace=ids, words=words)
            catalog.drop_queued_index([q[0] for q in queued])
        applied += len(queued)


def withdraw(home: Home, doc_ids: list[int]) -> None:
    """Take these documents off the public search at once (#13)."""
    with Catalog(home.catalog) as catalog:
        catalog.pg_search_withdraw(doc_ids)


def rebuild(catalog: Catalog, *, progress: Callable[[int, int], None] | None = None,
            batch: int = REBUILD_BATCH) -> int:
    """Write both sides' tables anew from the catalogue; how many documents."""
    ids = catalog.document_ids()
    with catalog.atomic():
        catalog.pg_search_clear()
        for start in range(0, len(ids), batch):
            rows, words = _rows(catalog, ids[start : start + batch])
            catalog.pg_search_write(rows, replace=[], words=words)
            if progress:
                progress(min(start + batch, len(ids)), len(ids))
        drain_ids = [q[0] for q in catalog.queued_index(1_000_000)]
        catalog.drop_queued_index(drain_ids)  # all of them written as they are now
    return len(ids)


def check(catalog: Catalog) -> Any:
    """``index.check`` on PostgreSQL: per side, documents missing from its table or present where
    they must not be. A row is one per document (its key), and a deleted row is gone for every
    reader at once: no duplicates, nothing unpurged to report."""
    from pindai.index import SCHEMA_VERSION, Drift

    expected = catalog.documents_by_side()
    present = {side: set(ids) for side, ids in catalog.pg_search_ids().items()}
    drift = Drift(queued=catalog.queued_index_count())
    for side in ("public", "exempt"):
        drift.schema[side] = SCHEMA_VERSION
        drift.missing[side] = sorted(expected[side] - present[side])
        drift.extra[side] = sorted(present[side] - expected[side])
        drift.duplicates[side] = []
        drift.unpurged[side] = []
    return drift


# --------------------------------------------------------------------------- queries → conditions


class UnsupportedQueryError(PindaiError):
    """A query form the PostgreSQL search does not answer."""


def _tsquery_phrase(words: list[str]) -> str:
    return " <-> ".join(_lexeme(w) for w in words)


def _phrase_regex(words: list[str]) -> str:
    return r"(^|[^[:alnum:]_])" + r"[^[:alnum:]_]+".join(re.escape(w) for w in words) + r"($|[^[:alnum:]_])"


def _text(t: Any) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else str(t)


def condition(q: wq.Query, *, ranked: list[tuple[str, str]], marks: set[str],
              similar: Callable[[str, int, int], list[str]] = lambda w, d, p: [w],
              positive: bool = True) -> tuple[Any, ...]:
    """The condition tree (``catalog._pg_condition``) of a parsed query.

    Collects the words that score (``ranked``: ("stem", root) or ("exact", word)) from the
    parts that are not negated, and the words a snippet marks.
    """
    def sub(child: wq.Query, pos: bool = positive) -> tuple[Any, ...]:
        return condition(child, ranked=ranked, marks=marks, similar=similar, positive=pos)

    if isinstance(q, wq.Every):
        return ("all",)
    if q is wq.NullQuery:
        return ("none",)
    if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm):
        text = _text(q.text)
        if q.fieldname in ("title", "content"):
            marks.add(text)
            if positive:
                ranked.append(("stem", text))
            if re.fullmatch(r"\d{3,}", text):  # a number may be part of a document number
                return ("or", [("stems", _lexeme(text)), ("words", _lexeme(text) + ":*")])
            return ("stems", _lexeme(text))
        if q.fieldname == "exact":
            marks.add(text)
            if positive:
                ranked.append(("exact", text))
            return ("words", _lexeme(text))
        if q.fieldname == "year":
            return ("field", "year", int(text))
        return ("field", q.fieldname, text)
    if isinstance(q, wq.FuzzyTerm):
        # The side's words this far off, as Whoosh walks its word list.
        found = similar(_text(q.text), q.maxdist, q.prefixlength)
        marks.update(found)
        if positive:
            ranked += [("exact", w) for w in found]
        return ("words", " | ".join(map(_lexeme, found))) if found else ("none",)
    if isinstance(q, wq.Prefix):
        column = "words" if q.fieldname == "exact" else "stems"
        return (column, _lexeme(_text(q.text)) + ":*")
    if isinstance(q, wq.Phrase):
        words = [_text(w) for w in q.words]
        marks.update(words)
        if q.fieldname != "exact":  # title:"..." is stemmed: its words, anywhere
            return ("and", [sub(wq.Term(q.fieldname, w)) for w in words])
        if positive:  # ranked by its words' roots (BM25F), not Whoosh's tf-idf of hashed word pairs
            ranked += [("stem", w) for w in stems_of(" ".join(words))]
        if len(words) == 1:
            return ("words", _lexeme(words[0]))
        return ("phrase", _tsquery_phrase(words), " & ".join(map(_lexeme, words)), _phrase_regex(words))
    if isinstance(q, wq.NumericRange) and q.fieldname == "year":
        return ("range", "year", int(q.start or 0), int(q.end or 9999))
    if isinstance(q, wq.AndNot):
        return ("and", [sub(q.a), ("not", sub(q.b, False))])
    if isinstance(q, wq.AndMaybe):
        return sub(q.a)
    if isinstance(q, wq.Require):
        return ("and", [sub(q.a), sub(q.b)])
    if isinstance(q, wq.Not):
        return ("not", sub(q.query, False))
    if isinstance(q, wq.And):
        return _merge("and", [sub(c) for c in q.subqueries])
    if isinstance(q, wq.Or):
        return _merge("or", [sub(c) for c in q.subqueries])
    raise UnsupportedQueryError(
        f"Bentuk pencarian ini belum didukung pada pencarian PostgreSQL; sederhanakan kata kuncinya "
        f"(this query form is not supported by the PostgreSQL search: {type(q).__name__})")


def _merge(kind: str, children: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """One ``@@`` per column where it can: the children on ``stems`` (or ``words``) as one tsquery."""
    op = " & " if kind == "and" else " | "
    out: list[tuple[Any, ...]] = []
    for column in ("stems", "words"):
        same = list(dict.fromkeys(c[1] for c in children if c[0] == column))
        if same:
            out.append((column, op.join(f"({t})" for t in same) if len(same) > 1 else same[0]))
    out += [c for c in children if c[0] not in ("stems", "words")]
    return out[0] if len(out) == 1 else (kind, out)


# --------------------------------------------------------------------------- searching

_READERS = threading.local()


def _reader(home: Home, side: str) -> PgSearchReader:
    """This thread's connection for ``side`` (kept open: a connection costs more than a search)."""
    if side == "public" and home.search_public_url:
        url, role = home.search_public_url, None
    else:
        url, role = home.catalog_url, PG_SEARCH_PUBLIC_ROLE if side == "public" else None
    cache = getattr(_READERS, "cache", None)
    if cache is None:
        cache = _READERS.cache = {}
    key = (url, side, role)
    if key not in cache or cache[key]._conn.closed:
        reader = PgSearchReader(url, side, role=role)
        found = reader.outdated()
        if found is not None:
            reader.close()
            from pindai.index import IndexOutdatedError

            raise IndexOutdatedError(
                f"Tabel pencarian PostgreSQL sisi {side} ditulis oleh versi pindai lain (tata letak {found},"
                f" kini {PG_SEARCH_LAYOUT}); hasil pencarian bisa salah. Jalankan 'pindai index rebuild' lalu"
                " cari lagi. / The PostgreSQL search tables were written by another pindai version: run"
                " 'pindai index rebuild'.")
        cache[key] = reader
    return cache[key]


def search(home: Home, query: str, *, sides: list[str], filters: dict[str, Any], wanted: int, sort: str,
           fuzzy: bool, excluded: set[str]) -> tuple[int, bool, list[tuple[str, dict, float, set[str], Any]]]:
    """(total, whether it is exact, the first ``wanted`` hits of each side as ``index.search``
    merges them)."""
    from pindai.index import ParsedQuery, make_schema, parse_query

    parsed = (parse_query(query, make_schema(), fuzzy=fuzzy) if query.strip()
              else ParsedQuery(query=wq.Every(), exact=wq.Every()))
    ranked: list[tuple[str, str]] = []
    marks: set[str] = set()

    def similar(word: str, maxdist: int, prefix: int) -> list[str]:
        # The words of the sides searched only: never an exempt word for a public search.
        return sorted({w for side in sides for w, _ in _reader(home, side).similar_words(
            word, maxdist=maxdist, prefix=prefix)})

    cond = condition(parsed.exact, ranked=ranked, marks=marks, similar=similar)
    extra = [("field", k, v) for k, v in filters.items() if v]
    if extra:
        cond = ("and", [cond, *extra])
    total, exact, found = 0, True, []
    for side in sides:
        count, side_exact, rows = _reader(home, side).search(
            cond, rank=list(dict.fromkeys(ranked)), wanted=wanted, by_date=sort == "date",
            excluded=sorted(int(i) for i in excluded) if side == "public" else [])
        total += count
        exact = exact and side_exact
        for r in rows:
            fields = {k: ("" if v is None and k != "doc_date" else v) for k, v in r.items()}
            fields["doc_id"] = str(r["doc_id"])
            if fields.get("doc_date") is None:
                fields.pop("doc_date", None)
            found.append((side, fields, float(r["score"]), marks, parsed))
    return total, exact, found


#: A word "did you mean" looks at (as ``index._SUGGESTABLE``).
_SUGGESTABLE = re.compile(r"(?<![\w:~*])([^\W\d_]{3,})(?![\w:~*])")


def suggest(home: Home, query: str, *, sides: list[str]) -> str | None:
    """``index.suggest`` on PostgreSQL: each word no entry of ``sides`` holds replaced by the nearest
    word (two edits at most) that one does, the most frequent of equally near ones."""
    from pindai.index import exact_tokens

    readers = [_reader(home, side) for side in sides]
    changed = False

    def replace(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        key = next(iter(exact_tokens(word)), "")
        if word.lower() in ("and", "or", "not") or not key or any(r.documents_with_word(key) for r in readers):
            return word
        near = sorted((d, w) for r in readers for w, d in r.similar_words(key, maxdist=2, prefix=1))
        if not near:
            return word
        best = [w for d, w in near if d == near[0][0]][:5]
        changed = True
        return max(best, key=lambda w: (sum(r.documents_with_word(w) for r in readers), [-ord(c) for c in w]))

    parts = query.split('"')
    fixed = '"'.join(_SUGGESTABLE.sub(replace, p) if i % 2 == 0 else p for i, p in enumerate(parts))
    return fixed if changed else None
