"""What the assistant learnt before the hand-over, for the agent who picks the chat from the
queue: the customer's last question and the articles offered, with whether each helped."""

from __future__ import annotations

from typing import Any

from chat.domain.conversation import Conversation


def bot_summary(conversation: Conversation) -> dict[str, Any]:
    """Data, not prose: the workspace words it in the analyst's language."""
    return {
        "last_question": conversation.last_question,
        "articles": [
            {"article": feedback.article_slug, "helpful": feedback.helpful}
            for feedback in conversation.feedback
        ],
        "tickets": list(conversation.opened_tickets),
    }
