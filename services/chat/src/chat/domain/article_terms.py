"""What the article search compares: stemmed words, pairs of neighbouring words and tag phrases.

A pair ("numero protocolo") tells "o número de protocolo" from "o que significa cada status"
when both share the common words; a tag phrase ("meus chamados", "my tickets") is matched on
every word, stop words included, since "meus" is what makes it the portal's article. A word the
articles do not use is corrected to one they use when it is a typo of it ("protcolo", "tiket")."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chat.domain.language import Language
from chat.domain.search_terms import is_stop_word, stem, words
from chat.domain.spelling import closest_term

_ABBREVIATION = 3
"""An unknown word this short is chat shorthand ("vc", "qro", "pq"): it says nothing against
an article, so it does not count as an unknown word."""


def pairs(terms: list[str]) -> list[str]:
    """Neighbouring terms as one term each, in either order ("numer protocol")."""
    return [" ".join(sorted(pair)) for pair in itertools.pairwise(terms)]


def phrase(text: str, language: Language) -> str:
    """Every word of a text stemmed, stop words kept: what tag phrases are matched on."""
    return " ".join(stem(word, language) for word in words(text))


def field_terms(text: str, language: Language, *, with_pairs: bool) -> list[str]:
    """The terms an article field is indexed with: its stems, and their pairs for a title or a
    tag (a body's pairs are mostly chance neighbours)."""
    stems = [stem(word, language) for word in words(text) if not is_stop_word(word)]
    return stems + pairs(stems) if with_pairs else stems


def spelling_vocabulary(texts: Iterable[str], language: Language) -> dict[str, str]:
    """Each word the articles use (folded, not a stop word) and its stem."""
    return {
        word: stem(word, language)
        for text in texts
        for word in words(text)
        if not is_stop_word(word)
    }


@dataclass(frozen=True)
class Question:
    """A question as the index reads it: known stems, unknown words, pairs and its phrase."""

    stems: tuple[str, ...]
    unknown: tuple[str, ...]
    pairs: tuple[str, ...]
    phrase: str


def read_question(
    text: str, language: Language, *, known: Mapping[str, object], vocabulary: Mapping[str, str]
) -> Question:
    """Stem the question's words, correcting a typo of a word the articles use."""
    stems: list[str] = []
    unknown: list[str] = []
    for word in words(text):
        if is_stop_word(word):
            continue
        stemmed = stem(word, language)
        if stemmed not in known:
            corrected = closest_term(word, vocabulary.keys())
            if corrected is None:
                if len(word) > _ABBREVIATION:
                    unknown.append(word)
                continue
            stemmed = vocabulary[corrected]
        stems.append(stemmed)
    found = list(dict.fromkeys(stems))
    return Question(
        tuple(found), tuple(unknown), tuple(pairs(stems)), f" {phrase(text, language)} "
    )
