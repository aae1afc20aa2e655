"""Find the help article that answers a customer's question (BM25 over title, tags and body)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chat.domain.knowledge_article import Article
from chat.domain.language import Language
from chat.domain.search_terms import search_terms
from chat.domain.spelling import closest_term

_K1 = 1.2
_B = 0.75
_TITLE_WEIGHT = 3.0
_TAGS_WEIGHT = 2.0
_CORRECTED_TERM_WEIGHT = 0.8

# Calibrated with the questions in services/chat/tests/test_chat_article_search.py: questions
# made only of words every article uses ("chamado", "my ticket") score under 2 and are too vague
# to answer; off-topic questions cover at most ~40% of their weight, real ones 50% or more.
MIN_SCORE = 2.0
MIN_CONFIDENCE = 0.45


@dataclass(frozen=True)
class ArticleMatch:
    """An article ranked for a question: BM25 score and the share of the question it covers."""

    article: Article
    score: float
    confidence: float

    @property
    def link(self) -> str:
        """Where the customer can read the whole article."""
        return self.article.link


class ArticleIndex:
    """Search index over the articles of one language; build once, query many times."""

    def __init__(
        self,
        articles: Sequence[Article],
        *,
        language: Language,
        min_score: float = MIN_SCORE,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.language = language
        self.min_score = min_score
        self.min_confidence = min_confidence
        self._articles = tuple(articles)
        self._frequencies = tuple(self._weighted_terms(article) for article in self._articles)
        self._lengths = tuple(sum(terms.values()) for terms in self._frequencies)
        self._average_length = sum(self._lengths) / len(self._lengths) if self._lengths else 1.0
        document_frequency: Counter[str] = Counter()
        for terms in self._frequencies:
            document_frequency.update(terms.keys())
        self._idf = {term: self._inverse_frequency(df) for term, df in document_frequency.items()}
        self._unknown_idf = self._inverse_frequency(0)

    def best_match(self, question: str) -> ArticleMatch | None:
        """The best article when it answers the question well enough, else None."""
        ranked = self.ranked(question)
        if not ranked:
            return None
        best = ranked[0]
        good_enough = best.score >= self.min_score and best.confidence >= self.min_confidence
        return best if good_enough else None

    def ranked(self, question: str) -> list[ArticleMatch]:
        """Every article sharing a term with the question, best first (ties keep file order)."""
        weights = self._query_weights(search_terms(question, self.language))
        if not weights:
            return []
        total = sum(weight for _, weight in weights.values())
        matches = []
        for article, terms, length in zip(
            self._articles, self._frequencies, self._lengths, strict=True
        ):
            score = 0.0
            covered = 0.0
            for term, (idf, weight) in weights.items():
                frequency = terms.get(term, 0.0)
                if frequency:
                    norm = _K1 * (1 - _B + _B * length / self._average_length)
                    score += weight * idf * frequency * (_K1 + 1) / (frequency + norm)
                    covered += weight
            if score > 0:
                matches.append(ArticleMatch(article, round(score, 4), round(covered / total, 4)))
        return sorted(matches, key=lambda match: -match.score)

    def _query_weights(self, terms: Iterable[str]) -> dict[str, tuple[float, float]]:
        """Each known (or spelling-corrected) term with its idf and its share weight."""
        weights: dict[str, tuple[float, float]] = {}
        for term in dict.fromkeys(terms):
            if term in self._idf:
                weights[term] = (self._idf[term], self._idf[term])
                continue
            corrected = closest_term(term, self._idf.keys())
            if corrected is not None and corrected not in weights:
                idf = self._idf[corrected] * _CORRECTED_TERM_WEIGHT
                weights[corrected] = (idf, idf)
            else:
                # Unknown words make the question less about any article, never more.
                weights[f"?{term}"] = (0.0, self._unknown_idf)
        return weights

    def _inverse_frequency(self, document_frequency: int) -> float:
        # Unlike Robertson's idf this stays positive for a word found in every article, so a
        # question made of common words is still decided by where they appear (title, tags).
        return math.log(1 + (len(self._articles) + 1) / (document_frequency + 0.5))

    def _weighted_terms(self, article: Article) -> dict[str, float]:
        counts: defaultdict[str, float] = defaultdict(float)
        for text, weight in (
            (article.title, _TITLE_WEIGHT),
            (" ".join(article.tags), _TAGS_WEIGHT),
            (article.body, 1.0),
        ):
            for term in search_terms(text, self.language):
                counts[term] += weight
        return dict(counts)
