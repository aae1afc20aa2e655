"""Names and subjects bound for a mail header come out as one clean, decoded line."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from helpdesk_runtime.header_text import header_text


def test_an_encoded_crlf_is_decoded_and_becomes_a_space() -> None:
    payload = "=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?="
    assert header_text(payload) == "Cliente Reply-To: x@evil.example"


def test_names_in_other_charsets_and_split_words_read_as_written() -> None:
    assert header_text("=?iso-8859-1?q?Jo=E3o?= =?utf-8?b?w4F2aWxh?=") == "JoãoÁvila"
    assert header_text("Maria\u2028da\x85Silva\x00") == "Maria da Silva"


def test_a_word_hidden_inside_another_is_never_left_for_a_parser_to_decode() -> None:
    nested = "=?utf-8?q?=3D=3Futf-8=3Fq=3FA=0D=0AB=3F=3D?="
    assert "=?" not in header_text(nested)


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert header_text("a" * 100, limit=10) == "a" * 9 + "…"


@given(st.text())
def test_no_text_yields_a_line_break_a_control_or_an_encoded_word(text: str) -> None:
    line = header_text(text)
    assert "=?" not in line
    assert not [ch for ch in line if unicodedata.category(ch) in {"Cc", "Zl", "Zp"}]
    assert line == line.strip()
