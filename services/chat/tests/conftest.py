"""Fixtures for the chat domain tests: the bundled knowledge base and a chat driver."""

from __future__ import annotations

import pytest

from chat.domain.action_results import ActionResult
from chat.domain.assistant import handle_input, handle_result, start_conversation
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.conversation import Conversation
from chat.domain.customer_input import CustomerText, MenuChoice
from chat.domain.knowledge_article import BUNDLED_KNOWLEDGE_BASE, Article, load_knowledge_base
from chat.domain.language import Language


@pytest.fixture(scope="session")
def bundled_articles() -> dict[Language, tuple[Article, ...]]:
    return load_knowledge_base(BUNDLED_KNOWLEDGE_BASE)


@pytest.fixture(scope="session")
def profile(bundled_articles: dict[Language, tuple[Article, ...]]) -> AssistantProfile:
    return AssistantProfile.from_articles(bundled_articles)


class ChatDriver:
    """Plays the customer's and the application layer's part, keeping the latest state."""

    def __init__(self, profile: AssistantProfile) -> None:
        self.profile = profile
        self.turn: Turn | None = None

    @property
    def conversation(self) -> Conversation:
        assert self.turn is not None, "start the conversation first"
        return self.turn.conversation

    def start(self, **options: object) -> Turn:
        self.turn = start_conversation(self.profile, **options)  # type: ignore[arg-type]
        return self.turn

    def say(self, text: str) -> Turn:
        self.turn = handle_input(self.profile, self.conversation, CustomerText(text=text))
        return self.turn

    def choose(self, value: str) -> Turn:
        self.turn = handle_input(self.profile, self.conversation, MenuChoice(value=value))
        return self.turn

    def report(self, result: ActionResult) -> Turn:
        self.turn = handle_result(self.profile, self.conversation, result)
        return self.turn

    @staticmethod
    def texts(turn: Turn) -> str:
        """Everything the assistant said in a turn, as one string."""
        return "\n".join(reply.text for reply in turn.replies)

    def identified(self, *, language: Language = Language.PT_BR) -> Turn:
        self.start(language=language)
        self.say("Ana Souza")
        return self.say("ana@exemplo.com.br")


@pytest.fixture
def chat(profile: AssistantProfile) -> ChatDriver:
    return ChatDriver(profile)
