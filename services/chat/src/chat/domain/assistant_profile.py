"""How the virtual assistant is set up: its name, its knowledge and the announced hours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from chat.domain.article_search import ArticleIndex
from chat.domain.business_hours_notice import SUPPORT_TIME_ZONE, OpeningHours
from chat.domain.knowledge_article import Article
from chat.domain.language import Language

DEFAULT_ASSISTANT_NAME = "Aya"


@dataclass(frozen=True)
class AssistantProfile:
    """Everything the assistant's answers depend on besides the conversation itself."""

    knowledge: Mapping[Language, ArticleIndex]
    name: str = DEFAULT_ASSISTANT_NAME
    opening_hours: OpeningHours = field(default_factory=OpeningHours)
    time_zone: ZoneInfo = SUPPORT_TIME_ZONE

    @classmethod
    def from_articles(
        cls,
        articles: Mapping[Language, Sequence[Article]],
        *,
        name: str = DEFAULT_ASSISTANT_NAME,
        opening_hours: OpeningHours | None = None,
        time_zone: ZoneInfo = SUPPORT_TIME_ZONE,
    ) -> AssistantProfile:
        """Index the articles of each language (see knowledge_article.load_knowledge_base)."""
        knowledge = {
            language: ArticleIndex(articles.get(language, ()), language=language)
            for language in Language
        }
        return cls(
            knowledge=knowledge,
            name=name,
            opening_hours=opening_hours or OpeningHours(),
            time_zone=time_zone,
        )
