"""What a customer types when asked for their name but does not give it: a question, a request
or a greeting ("Como vejo meus chamados?", "quero falar com atendente", "oi")."""

from __future__ import annotations

from enum import Enum

from chat.domain.search_terms import words

_GREETING_WORDS = """oi ola opa eai e ai alo bom dia boa tarde noite tudo bem hi hello hey good
    morning afternoon evening there"""
_ASKING = """como oque qual quais quando onde porque pq quanto quantos quanta posso pode podem
    consigo quero queria gostaria preciso tenho estou esta estao tem existe ajuda ajude
    how what whats where when why who which can could would should is are do does did
    want need have help please"""
_SUPPORT = """chamado chamados protocolo atendente atendimento suporte problema senha email status
    anexo anexos ticket tickets agent support problem password attachment order pedido
    falar speak talk"""
_GREETINGS = frozenset(_GREETING_WORDS.split())
_ASKING_WORDS = frozenset(_ASKING.split())
"""Words a question or a request starts with; no name starts with them."""
_SUPPORT_WORDS = frozenset(_SUPPORT.split())
"""Words of the support conversation itself, which no name holds."""
_MAX_NAME_WORDS = 6


class NotAName(Enum):
    GREETING = "greeting"
    QUESTION = "question"


def not_a_name(text: str) -> NotAName | None:
    """Why `text` is no name (a greeting, or a question or request), or None if it may be one."""
    found = words(text)
    if not found:
        return None
    if all(word in _GREETINGS for word in found):
        return NotAName.GREETING
    first = found[1] if found[0] in ("eu", "i") and len(found) > 1 else found[0]
    if (
        "?" in text
        or first in _ASKING_WORDS
        or any(word in _SUPPORT_WORDS for word in found)
        or len(found) > _MAX_NAME_WORDS
    ):
        return NotAName.QUESTION
    return None
