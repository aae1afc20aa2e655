"""What the assistant sends back: text replies with optional quick-reply choices."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from chat.domain.language import Language
from chat.domain.messages import Text, say


class Choice(BaseModel):
    """A quick reply: send `value` back as a MenuChoice; `label` is what the button shows."""

    model_config = ConfigDict(frozen=True)

    value: str
    label: str


class BotReply(BaseModel):
    """One message from the assistant. The text always lists the choices, for text-only clients."""

    model_config = ConfigDict(frozen=True)

    text: str
    choices: tuple[Choice, ...] = ()
    link: str | None = None


MENU_OPTIONS = (
    ("1", Text.MENU_ASK_QUESTION),
    ("2", Text.MENU_TICKET_STATUS),
    ("3", Text.MENU_TALK_TO_AGENT),
    ("4", Text.MENU_OPEN_TICKET),
)
YES = "yes"
NO = "no"


def reply(text: Text, language: Language, **values: object) -> BotReply:
    """A plain reply from the catalogue."""
    return BotReply(text=say(text, language, **values))


def menu_reply(language: Language, *, lead: Text = Text.MENU) -> BotReply:
    """The main menu, numbered."""
    choices = tuple(Choice(value=value, label=say(text, language)) for value, text in MENU_OPTIONS)
    lines = [say(lead, language), *(f"{choice.value}. {choice.label}" for choice in choices)]
    return BotReply(text="\n".join(lines), choices=choices)


def yes_no_reply(question: Text, language: Language) -> BotReply:
    """A yes/no question."""
    choices = (
        Choice(value=YES, label=say(Text.YES, language)),
        Choice(value=NO, label=say(Text.NO, language)),
    )
    return BotReply(text=say(question, language), choices=choices)


def rating_reply(question: Text, language: Language) -> BotReply:
    """A 1-5 rating question."""
    choices = tuple(Choice(value=str(score), label=str(score)) for score in range(1, 6))
    return BotReply(text=say(question, language), choices=choices)
