"""A conversation's first line becomes a subject people can scan in a list or a mail client."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helpdesk_runtime.subject_line import SUBJECT_LENGTH, subject_from_message


def test_the_first_non_blank_line_is_the_subject() -> None:
    assert subject_from_message("\n\n  Boleto   em dobro \r\nSegunda linha") == "Boleto em dobro"


def test_a_long_first_line_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Bom dia, estou tentando emitir a nota fiscal do pedido 98765 desde ontem e o sistema "
    text += "mostra um erro de certificado"
    subject = subject_from_message(text)
    assert subject == (
        "Bom dia, estou tentando emitir a nota fiscal do pedido 98765 desde ontem e o…"
    )
    assert text.startswith(subject.removesuffix("…"))


def test_one_endless_word_is_cut_inside_it() -> None:
    link = "https://example.com/" + "a" * 200
    assert subject_from_message(link) == link[: SUBJECT_LENGTH - 1] + "…"


def test_a_message_without_words_gives_no_subject() -> None:
    assert subject_from_message(" \n\t\n") == ""


@given(st.text())
def test_any_message_gives_one_short_line(text: str) -> None:
    subject = subject_from_message(text)
    assert len(subject) <= SUBJECT_LENGTH
    assert len(subject.splitlines()) <= 1
