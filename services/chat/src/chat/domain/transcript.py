"""The record of a chat conversation, rendered as plain text for a ticket comment."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict

from chat.domain.business_hours_notice import SUPPORT_TIME_ZONE
from chat.domain.language import Language
from chat.domain.messages import Text, say


class AuthorKind(StrEnum):
    """Who wrote a message in a conversation."""

    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


_AUTHOR_LABELS = {
    AuthorKind.CUSTOMER: Text.AUTHOR_CUSTOMER,
    AuthorKind.BOT: Text.AUTHOR_BOT,
    AuthorKind.AGENT: Text.AUTHOR_AGENT,
    AuthorKind.SYSTEM: Text.AUTHOR_SYSTEM,
}


class TranscriptEntry(BaseModel):
    """One message of the conversation."""

    model_config = ConfigDict(frozen=True)

    author_kind: AuthorKind
    author_name: str
    text: str
    sent_at: AwareDatetime


class Transcript(BaseModel):
    """A conversation's messages; `with_message` returns a new transcript."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[TranscriptEntry, ...] = ()

    def with_message(
        self, *, author_kind: AuthorKind, author_name: str, text: str, sent_at: datetime
    ) -> Transcript:
        """This transcript with one more message."""
        entry = TranscriptEntry(
            author_kind=author_kind, author_name=author_name, text=text, sent_at=sent_at
        )
        return Transcript(entries=(*self.entries, entry))

    def in_order(self) -> tuple[TranscriptEntry, ...]:
        """Messages by time; messages sent at the same moment keep the order they were added."""
        return tuple(sorted(self.entries, key=lambda entry: entry.sent_at))


def render_transcript(
    transcript: Transcript,
    *,
    language: Language = Language.PT_BR,
    time_zone: ZoneInfo = SUPPORT_TIME_ZONE,
) -> str:
    """Plain text for a ticket comment: a title line, then "[time] Name (role): text" lines
    (continuation lines indented); a message without an author name shows just the role."""
    stamp = "%d/%m/%Y %H:%M" if language is Language.PT_BR else "%Y-%m-%d %H:%M"
    lines = [say(Text.TRANSCRIPT_TITLE, language)]
    for entry in transcript.in_order():
        moment = entry.sent_at.astimezone(time_zone)
        role = say(_AUTHOR_LABELS[entry.author_kind], language)
        name = entry.author_name.strip()
        author = f"{name} ({role})" if name else role.capitalize()
        body = entry.text.strip().replace("\r\n", "\n").replace("\n", "\n    ")
        lines.append(f"[{moment.strftime(stamp)}] {author}: {body}")
    return "\n".join(lines)
