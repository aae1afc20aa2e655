"""What the agent picking a chat from the queue learns of the assistant's part."""

from __future__ import annotations

from chat.domain.conversation import ArticleFeedback, Conversation
from chat.domain.language import Language
from chat.domain.queue_summary import bot_summary


def test_queue_card_tells_the_question_and_whether_the_offered_article_helped() -> None:
    conversation = Conversation(
        last_question="minha fatura veio em dobro",
        feedback=(
            ArticleFeedback(
                question="minha fatura veio em dobro",
                article_slug="segunda-via-boleto",
                language=Language.PT_BR,
                helpful=False,
            ),
        ),
    )
    assert bot_summary(conversation) == {
        "last_question": "minha fatura veio em dobro",
        "articles": [{"article": "segunda-via-boleto", "helpful": False}],
        "tickets": [],
    }
