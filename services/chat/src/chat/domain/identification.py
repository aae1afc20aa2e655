"""Getting to know the customer: name, then a valid email, then the welcome and the menu."""

from __future__ import annotations

from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply, reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_details import read_email, read_name
from chat.domain.language import Language
from chat.domain.messages import Text, say
from chat.domain.name_step import NotAName, not_a_name
from chat.domain.prompts import back_to_menu

_MAX_ECHOED_EMAIL = 80


def greet(
    profile: AssistantProfile,
    *,
    language: Language,
    customer_name: str | None,
    customer_email: str | None,
) -> Turn:
    """Open a conversation; a customer already known to the page skips the questions."""
    greeting = reply(Text.GREETING, language, assistant=profile.name)
    name = read_name(customer_name) if customer_name else None
    email = read_email(customer_email) if customer_email else None
    conversation = Conversation(language=language, customer_name=name, customer_email=email)
    if name is None:
        return Turn(conversation=conversation, replies=(greeting, reply(Text.ASK_NAME, language)))
    if email is None:
        asking = conversation.model_copy(update={"stage": Stage.ASKING_EMAIL})
        ask = reply(Text.ASK_EMAIL, language, name=asking.first_name)
        return Turn(conversation=asking, replies=(greeting, ask))
    return welcome(conversation, greeting)


def take_name(conversation: Conversation, text: str) -> Turn:
    """Keep the name and ask for the email, or ask for the name again (politely, when the
    customer asked something or only said hello)."""
    language = conversation.language
    if (why := not_a_name(text)) is not None:
        asked = Text.NAME_AFTER_GREETING if why is NotAName.GREETING else Text.NAME_BEFORE_HELP
        return Turn(conversation=conversation, replies=(reply(asked, language),))
    name = read_name(text)
    if name is None:
        return Turn(
            conversation=conversation,
            replies=(reply(Text.INVALID_NAME, conversation.language),),
        )
    named = conversation.model_copy(update={"customer_name": name, "stage": Stage.ASKING_EMAIL})
    return Turn(
        conversation=named,
        replies=(reply(Text.ASK_EMAIL, named.language, name=named.first_name),),
    )


def take_email(conversation: Conversation, text: str) -> Turn:
    """Keep a valid email and welcome the customer, or politely ask again."""
    email = read_email(text)
    if email is None:
        shown = " ".join(text.split())[:_MAX_ECHOED_EMAIL]
        invalid = reply(Text.INVALID_EMAIL, conversation.language, email=shown)
        return Turn(conversation=conversation, replies=(invalid,))
    return welcome(conversation.model_copy(update={"customer_email": email}))


def welcome(conversation: Conversation, *lead: BotReply) -> Turn:
    """Greet by name, give the security tip and show the menu."""
    language = conversation.language
    hello = say(Text.WELCOME, language, name=conversation.first_name)
    shortcuts = say(Text.SHORTCUTS, language)
    return back_to_menu(
        conversation,
        *lead,
        BotReply(text=f"{hello} {shortcuts}"),
        reply(Text.SECURITY_TIP, language),
    )
