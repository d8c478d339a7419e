"""Kinds of paper that are public by what they are, whatever words they use (#18).

* The text of a law or regulation (UU, PP, PKPU, Perki) quoted at length: it speaks of crimes,
  secrets and personal data, and it is public (KIP Pasal 11: policies and rules).
* A post of an office's website: already published. It reports the body's activities (berkala,
  KIP Pasal 9), unless it warns of a danger (serta merta, Pasal 10).

These are read from the layout of the text (a statute's heading and its articles, a post's
byline), not from its vocabulary, so they are evidence outside the model's features.
"""

from __future__ import annotations

import re

from pindai.classify.signals import Evidence

#: "UNDANG-UNDANG REPUBLIK INDONESIA / NOMOR 7 TAHUN 2017", "PERATURAN KOMISI PEMILIHAN UMUM / NOMOR 22 TAHUN 2023".
_STATUTE_HEAD = re.compile(
    r"^\s*(undang-undang|peraturan\s+(pemerintah|presiden|menteri|komisi|badan|daerah|mahkamah|dewan|kpu|bawaslu))"
    r"[^\n]{0,80}\n(?:[^\n]{0,80}\n){0,2}\s*nomor\s+\d+\s+tahun\s+(19|20)\d\d\s*$",
    re.IGNORECASE | re.MULTILINE)
_ARTICLE = re.compile(r"^\s*pasal\s+\d+[a-z]?\s*$", re.IGNORECASE | re.MULTILINE)
#: A post's byline: "Dipublikasikan: 3 Mei 2024 | Kategori: Berita", "Diposting oleh Admin | ...".
_BYLINE = re.compile(r"^\s*(dipublikasikan|diposting|diterbitkan|ditulis)\b[^\n]{0,40}?\b(19|20)\d\d\b",
                     re.IGNORECASE | re.MULTILINE)

STATUTE = "teks_peraturan"
WEB_POST = "berita_laman"


def published_evidence(pages: list[str]) -> list[Evidence]:
    """Evidence that the document is a statute's text or a web post (see the module's docstring)."""
    text = "\n".join(pages)
    head = text[:600]
    found = []
    if (m := _STATUTE_HEAD.search(head)) and len(_ARTICLE.findall(text)) >= 2:
        found.append(Evidence(STATUTE, "public", 0.7, " ".join(m.group(0).split())[:80], 1))
    if m := _BYLINE.search(text[:800]):
        found.append(Evidence(WEB_POST, "DIP:berkala", 0.6, " ".join(m.group(0).split())[:80], 1))
    return found
