"""Vietnamese text as a search compares it: without tones, marks or case.

Officers type names the way their keyboard allows: "nguyen duc duc" for "Nguyễn Đức Đức", in
capitals, with two spaces, or with the tones as combining marks (the "Unicode tổ hợp" input of
Unikey and VietKey) instead of precomposed letters. All of these are the same name to a reader,
so they are one key to the search.

Pure Python, no Django: the stored search keys (borrowers' `name_search`) and the typed term
are folded by this one function, so every database compares the same strings.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "words"]

# Đ is a letter of its own, not D with a mark: Unicode gives it no decomposition, so stripping
# combining marks leaves it. Readers treat it as d when the tones are left out.
_STROKED_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """``text`` lower-cased, without combining marks, đ read as d, spaces collapsed to one.

    >>> fold("  Nguyễn  ĐỨC Đức ")
    'nguyen duc duc'
    """
    # Lower-casing can bring marks of its own (İ becomes i and a combining dot), so the marks
    # are stripped after it; NFKD also reads compatibility forms (full-width digits, ligatures)
    # as the plain letters an officer would type.
    decomposed = unicodedata.normalize("NFKD", text.translate(_STROKED_D).lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # A compatibility form may decompose to a capital (ℌ to H): lower-case once more.
    return " ".join(bare.translate(_STROKED_D).lower().split())


def words(text: str) -> list[str]:
    """The folded words of a typed search, in order, repeats kept."""
    return fold(text).split()
