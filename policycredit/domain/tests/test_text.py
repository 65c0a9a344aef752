"""The search key of Vietnamese text: tones, marks, đ, case and spacing never tell two names
apart, and nothing else is lost."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.text import fold, words

# The Vietnamese letters, spelt out, each with the letter it is read as without its marks.
_SPELT = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
    **{c: c for c in "bcghklmnpqrstvx"},
}
_BARE = {
    letter: plain
    for plain, letters in _SPELT.items()
    for small in letters
    for letter in (small, small.upper())
}
_ALPHABET = sorted(_BARE)

vietnamese_word = st.text(alphabet=_ALPHABET, min_size=1, max_size=8)
vietnamese_name = st.lists(vietnamese_word, min_size=1, max_size=5)
spacing = st.text(alphabet=" \t\u00a0\u3000", min_size=1, max_size=3)


def test_a_name_typed_without_tones_is_the_same_key():
    assert fold("Nguyễn Đức Đức") == fold("nguyen duc duc") == "nguyen duc duc"
    assert fold("ĐẶNG THỊ THU HƯỜNG") == "dang thi thu huong"
    assert fold("  Lê   Văn\tÚt ") == "le van ut"


@given(st.text())
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_the_key_has_no_marks_no_stroked_d_no_capitals_and_single_spaces(text):
    key = fold(text)
    assert not any(unicodedata.combining(c) for c in key)
    assert "đ" not in key and "Đ" not in key
    assert key == key.lower()
    assert key == " ".join(key.split())


@given(st.text())
def test_composed_and_decomposed_input_give_one_key(text):
    """Unikey's "Unicode dựng sẵn" and "Unicode tổ hợp" type the same name differently."""
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@given(vietnamese_name, st.data())
def test_a_vietnamese_name_folds_letter_for_letter_whatever_the_case_and_spacing(name, data):
    typed = data.draw(spacing).join(name) + data.draw(spacing)
    key = fold(typed)
    assert key == " ".join("".join(_BARE[c] for c in word) for word in name)
    assert fold(typed.upper()) == fold(typed.lower()) == key
    assert len(key) == len(" ".join(name))
    assert key.isascii()


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/", min_size=1), max_size=6))
def test_plain_lower_case_words_are_their_own_key(parts):
    assert fold(" ".join(parts)) == " ".join(parts)
    assert words(" ".join(parts)) == parts
