"""Turn free text into comparable search terms: no case, no accents, light stemming."""

from __future__ import annotations

import re
import unicodedata

from chat.domain.language import Language
from chat.domain.stop_words import ENGLISH_STOP_WORDS, PORTUGUESE_STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+")
_EMAIL_WORD = re.compile(r"\be-mails?\b")
_MIN_STEM = 3

# Longest suffixes first; each strips only when a stem of at least _MIN_STEM letters is left.
_PORTUGUESE_PLURALS = (("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el"), ("ns", "m"))
_PORTUGUESE_SUFFIXES = (
    "amentos", "imentos", "amento", "imento", "acoes", "icoes", "acao", "icao", "mente",
    "idades", "idade", "avel", "ivel", "ando", "endo", "indo", "aram", "eram", "iram",
    "arem", "erem", "irem", "am", "em", "iu", "eu", "ou",
    "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida", "ar", "er", "ir",
)  # fmt: skip
_ENGLISH_SUFFIXES = (
    "ements", "ement", "ments", "ment", "ness", "ings", "ing", "ed",
)  # fmt: skip


def fold(text: str) -> str:
    """Lowercase and strip accents: "Não É" -> "nao e"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of a text, in order, punctuation removed ("e-mail" is one word)."""
    return _WORD.findall(_EMAIL_WORD.sub("email", fold(text)))


def stem(word: str, language: Language) -> str:
    """Reduce a folded word to a stem shared by its plural and close derived forms."""
    if word.isdigit() or len(word) <= _MIN_STEM:
        return word
    return _stem_english(word) if language is Language.EN else _stem_portuguese(word)


def is_stop_word(word: str) -> bool:
    """Too common to tell articles apart, in either language (`word` is folded)."""
    return word in PORTUGUESE_STOP_WORDS or word in ENGLISH_STOP_WORDS


def search_terms(text: str, language: Language) -> list[str]:
    """Stemmed words of a text without stop words (stop words of both languages are dropped)."""
    return [stem(word, language) for word in words(text) if not is_stop_word(word)]


def _strip(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def _stem_portuguese(word: str) -> str:
    if word.endswith(("amos", "emos", "imos")) and len(word) > 6:
        return word[:-4]  # "pedimos" is a verb, not the plural of "pedimo"
    for plural, singular in _PORTUGUESE_PLURALS:
        if word.endswith(plural) and len(word) - len(plural) >= _MIN_STEM:
            word = word[: -len(plural)] + singular
            break
    else:
        if word.endswith("es") and word[-3:-2] in ("r", "s", "z") and len(word) > 4:
            word = word[:-2]
        elif word.endswith("s") and len(word) > 4:
            word = word[:-1]
    word = _strip(word, _PORTUGUESE_SUFFIXES)
    if word[-1] in "aeo" and len(word) > _MIN_STEM:
        word = word[:-1]
    return word


def _stem_english(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        word = word[:-1]
    if word.endswith("y") and len(word) > _MIN_STEM:
        word = word[:-1] + "i"
    if word.endswith(("ation", "ations")) and len(word) > 7:
        word = word[: word.rindex("ation")] + "ate"
    word = _strip(word, _ENGLISH_SUFFIXES)
    if word.endswith("e") and len(word) > _MIN_STEM + 1:
        word = word[:-1]
    return word
