"""Signing in to "Meus chamados" by magic link: how long a link lives and how often one is sent.

A link is single-use and short-lived; what it yields is the customer token, which lives longer.
Repeated requests for one address are capped, so nobody can flood a mailbox through us.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tickets.domain.language import LanguageTag


@dataclass(frozen=True, slots=True)
class MagicLinkPolicy:
    lifetime: timedelta = timedelta(minutes=15)
    max_per_window: int = 3
    window: timedelta = timedelta(hours=1)

    def expires_at(self, now: datetime) -> datetime:
        return now + self.lifetime

    def window_start(self, now: datetime) -> datetime:
        return now - self.window

    def allows_another(self, sent_in_window: int) -> bool:
        """Whether one more link may go to an address that got `sent_in_window` lately."""
        return sent_in_window < self.max_per_window


def email_language(
    contact_language: LanguageTag | None, accept_language: str | None
) -> LanguageTag:
    """The contact's own choice first, then the language of the page that asked, else pt-BR."""
    if contact_language is not None:
        return contact_language
    if accept_language and accept_language.strip().lower().startswith("en"):
        return "en"
    return "pt-BR"
