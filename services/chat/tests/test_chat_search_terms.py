"""Words are compared without case, accents or plural endings; small typos are tolerated."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat.domain.language import Language
from chat.domain.search_terms import fold, search_terms, stem
from chat.domain.spelling import closest_term, edit_distance


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("chamado", "chamados"),
        ("notificação", "notificações"),
        ("canal", "canais"),
        ("mensagem", "mensagens"),
        ("papel", "papéis"),
        ("mês", "meses"),
        ("prioridade", "prioridades"),
        ("horário", "horários"),
    ],
)
def test_portuguese_plural_shares_the_singular_stem(singular: str, plural: str) -> None:
    assert search_terms(singular, Language.PT_BR) == search_terms(plural, Language.PT_BR)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ticket", "tickets"),
        ("reply", "replies"),
        ("replied", "replies"),
        ("priority", "priorities"),
        ("escalation", "escalated"),
        ("attachment", "attachments"),
        ("opening", "open"),
    ],
)
def test_english_word_forms_share_a_stem(first: str, second: str) -> None:
    assert search_terms(first, Language.EN) == search_terms(second, Language.EN)


def test_accents_and_case_are_ignored() -> None:
    assert fold("NÃO É Possível") == "nao e possivel"
    accented = search_terms("Informações", Language.PT_BR)
    assert accented == search_terms("informacoes", Language.PT_BR)


def test_e_mail_is_the_same_word_as_email() -> None:
    assert search_terms("e-mail", Language.PT_BR) == search_terms("email", Language.PT_BR)


def test_stop_words_of_both_languages_are_dropped() -> None:
    assert search_terms("como faço para o que é the of and", Language.PT_BR) == []


def test_one_letter_typo_maps_to_the_known_word() -> None:
    assert closest_term("protcol", ["protocol", "prazo"]) == "protocol"
    assert closest_term("atachment", ["attach", "attachment"]) == "attachment"


def test_short_or_ambiguous_unknown_words_are_not_guessed() -> None:
    assert closest_term("cat", ["car", "cap"]) is None
    assert closest_term("senho", ["senha", "senhe"]) is None


def test_edit_distance_counts_a_swap_of_neighbours_once() -> None:
    assert edit_distance("prazo", "parzo", limit=2) == 1
    assert edit_distance("abc", "xyz", limit=1) == 2


@settings(max_examples=200, deadline=None)
@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyzáãçéêíóõú", min_size=1, max_size=20))
def test_stemming_is_stable_and_never_empties_a_word(word: str) -> None:
    for language in Language:
        folded = fold(word)
        stemmed = stem(folded, language)
        assert stemmed
        assert stem(folded, language) == stemmed
