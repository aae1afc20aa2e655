"""What the customer sends, and how the assistant reads short answers and shortcuts."""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, ConfigDict

from chat.domain.search_terms import fold


class CustomerText(BaseModel):
    """Free text typed by the customer."""

    model_config = ConfigDict(frozen=True)

    text: str


class MenuChoice(BaseModel):
    """A quick-reply button pressed by the customer (the Choice's value)."""

    model_config = ConfigDict(frozen=True)

    value: str


CustomerInput = CustomerText | MenuChoice


def text_of(customer_input: CustomerInput) -> str:
    """The input as text, whichever way it came."""
    return customer_input.text if isinstance(customer_input, CustomerText) else customer_input.value


class Shortcut(Enum):
    """Words that work at any point of the conversation."""

    MENU = frozenset({"menu", "inicio", "menu principal", "voltar", "main menu", "start over"})
    END = frozenset(
        {"sair", "exit", "encerrar", "encerrar conversa", "finalizar", "tchau", "fim", "quit"}
        | {"bye", "goodbye", "end", "end chat"}
    )
    AGENT = frozenset(
        {"atendente", "falar com atendente", "falar com um atendente", "falar com uma pessoa"}
        | {"humano", "analista", "agent", "talk to an agent", "talk to a human", "human"}
    )
    ENGLISH = frozenset({"english", "ingles", "em ingles", "in english"})
    PORTUGUESE = frozenset({"portugues", "portuguese", "em portugues", "in portuguese"})


_YES = frozenset({"sim", "s", "yes", "y", "yeah", "yep", "claro", "ajudou", "ok", "pode", "quero"})
_NO = frozenset({"nao", "n", "no", "nope", "negativo"})
_SHORT_ANSWER_WORDS = 3
_NUMBER_WORDS = {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_STARS = frozenset("⭐★")


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def recognise_shortcut(text: str) -> Shortcut | None:
    """The shortcut the whole message stands for ("Sair!", "  ATENDENTE "), if any."""
    plain = _plain(text)
    return next((shortcut for shortcut in Shortcut if plain in shortcut.value), None)


def read_yes_no(text: str) -> bool | None:
    """True/False for a short yes or no answer ("sim, ajudou", "não"); None for anything else,
    a question included ("Funciona no feriado?": "no" is Portuguese for "in the" there)."""
    found = _plain(text).split()
    if not found or len(found) > _SHORT_ANSWER_WORDS or text.rstrip().endswith("?"):
        return None
    if any(word in _NO for word in found if word != "no") or found[0] == "no":
        return False
    return True if any(word in _YES for word in found) else None


def read_rating(text: str) -> int | None:
    """A score from 1 to 5 ("4", "nota 5", "três", "⭐⭐⭐"), or None unless exactly one."""
    stripped = text.strip()
    if stripped and set(stripped) <= _STARS:
        return len(stripped) if len(stripped) <= 5 else None
    plain = _plain(text).split()
    numbers = [int(word) for word in plain if word.isdigit()]
    numbers += [_NUMBER_WORDS[word] for word in plain if word in _NUMBER_WORDS]
    if len(numbers) != 1 or not 1 <= numbers[0] <= 5:
        return None
    return numbers[0]


def read_menu_option(text: str) -> str | None:
    """The option number picked in the main menu ("2", "opção 2", "2)"), if any."""
    plain = _plain(text).removeprefix("opcao ").removeprefix("option ")
    return plain if plain in {"1", "2", "3", "4"} else None
