"""The customers' phrasings of each help article (data/kb_phrasings.yaml) and how many of them
the assistant answers with the right article: shared by `make bench ONLY=kb` and the test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chat.domain.assistant_profile import AssistantProfile
from chat.domain.knowledge_article import BUNDLED_KNOWLEDGE_BASE, load_knowledge_base
from chat.domain.language import Language

PHRASINGS_FILE = Path(__file__).parent / "data" / "kb_phrasings.yaml"


def load_phrasings(path: Path = PHRASINGS_FILE) -> dict[Language, dict[str, list[str]]]:
    """Expected article slug -> what customers type, per language."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {Language(tag): dict(articles) for tag, articles in raw.items()}


@dataclass
class Accuracy:
    """Top-1 results of one language: answered with the right article, or missed."""

    asked: int = 0
    right: int = 0
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.asked if self.asked else 0.0


def measure(
    phrasings: Mapping[Language, Mapping[str, list[str]]] | None = None,
    profile: AssistantProfile | None = None,
) -> dict[Language, Accuracy]:
    """Ask each phrasing as the assistant does (`best_match`); a phrasing it leaves unanswered
    counts as a miss, like a wrong article."""
    phrasings = phrasings or load_phrasings()
    profile = profile or AssistantProfile.from_articles(load_knowledge_base(BUNDLED_KNOWLEDGE_BASE))
    results: dict[Language, Accuracy] = {}
    for language, articles in phrasings.items():
        accuracy = results.setdefault(language, Accuracy())
        index = profile.knowledge[language]
        for slug, questions in articles.items():
            for question in questions:
                match = index.best_match(question)
                accuracy.asked += 1
                if match is not None and match.article.slug == slug:
                    accuracy.right += 1
                else:
                    accuracy.misses.append((question, slug, match and match.article.slug))
    return results
