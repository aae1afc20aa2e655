"""A ticket's subject when the channel has none (WhatsApp, chat): the customer's first line.

Zendesk and Chatwoot title such conversations from the first message; a subject is one line in
every list and e-mail header, so the line is cleaned like any header value and cut at a word
boundary, ending in an ellipsis when cut."""

from __future__ import annotations

from helpdesk_runtime.header_text import header_text

SUBJECT_LENGTH = 80
"""What a ticket list and a mail client's subject column show without cutting again."""


def subject_from_message(text: str, *, limit: int = SUBJECT_LENGTH) -> str:
    """The first non-blank line of `text` as a one-line subject of at most `limit` characters;
    "" when the text has no words."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    line = header_text(first)
    if len(line) <= limit:
        return line
    boundary = line.rfind(" ", 0, limit)
    # No space in the second half: one long word (a link), cut inside it.
    kept = line[:boundary] if boundary >= limit // 2 else line[: limit - 1]
    return kept.rstrip(" ,;:.-") + "…"
