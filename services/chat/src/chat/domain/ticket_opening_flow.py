"""Opening a ticket from the chat: a short description, the transcript goes along."""

from __future__ import annotations

from chat.domain.action_results import TicketOpened
from chat.domain.assistant_actions import OpenTicket
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_details import (
    MAX_DESCRIPTION_LENGTH,
    MIN_DESCRIPTION_LENGTH,
    read_description,
)
from chat.domain.messages import Text
from chat.domain.prompts import back_to_menu, prompt_for


def ask_description(conversation: Conversation) -> Turn:
    """Ask what happened, in a few words."""
    asking = conversation.model_copy(update={"stage": Stage.ASKING_DESCRIPTION})
    return Turn(conversation=asking, replies=prompt_for(asking))


def take_description(conversation: Conversation, text: str) -> Turn:
    """Ask the application layer to open the ticket, or ask again for a usable description."""
    language = conversation.language
    description = read_description(text)
    if description is None:
        invalid = reply(
            Text.INVALID_DESCRIPTION,
            language,
            minimum=MIN_DESCRIPTION_LENGTH,
            maximum=MAX_DESCRIPTION_LENGTH,
        )
        return Turn(conversation=conversation, replies=(invalid,))
    opening = conversation.model_copy(update={"stage": Stage.OPENING_TICKET})
    action = OpenTicket(
        description=description,
        requester_name=conversation.customer_name or "",
        requester_email=conversation.customer_email or "",
        language=language,
    )
    return Turn(
        conversation=opening,
        replies=(reply(Text.PLEASE_WAIT, language),),
        actions=(action,),
    )


def on_ticket_opened(conversation: Conversation, result: TicketOpened) -> Turn:
    """Give the customer the new protocol number."""
    if conversation.stage is not Stage.OPENING_TICKET:
        return Turn(conversation=conversation)
    known = result.number in conversation.opened_tickets
    tickets = (
        conversation.opened_tickets if known else (*conversation.opened_tickets, result.number)
    )
    opened = conversation.model_copy(update={"opened_tickets": tickets})
    done = reply(
        Text.ADDED_TO_TICKET if known else Text.TICKET_OPENED,
        conversation.language,
        number=result.number,
        email=conversation.customer_email,
    )
    return back_to_menu(opened, done)
