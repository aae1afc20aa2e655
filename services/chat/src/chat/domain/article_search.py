"""Find the help article that answers a customer's question (BM25 over title, tags and body)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from chat.domain.article_terms import field_terms, phrase, read_question, spelling_vocabulary
from chat.domain.knowledge_article import Article
from chat.domain.language import Language

_K1 = 1.2
_B = 0.75
_TITLE_WEIGHT = 3.0
_TAGS_WEIGHT = 2.0
_UNKNOWN_WORD_SHARE = 0.75
"""A word no article uses weighs this share of the rarest word's weight in the coverage."""
_PHRASE_BONUS = 3.0
"""Added for each of an article's tag phrases the question contains word for word."""

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
        self._phrases = tuple(
            {phrase(tag, language) for tag in article.tags if len(tag.split()) > 1}
            for article in self._articles
        )
        self._vocabulary = spelling_vocabulary(
            (f"{a.title} {' '.join(a.tags)} {a.body}" for a in self._articles), language
        )
        self._lengths = tuple(sum(terms.values()) for terms in self._frequencies)
        self._average_length = sum(self._lengths) / len(self._lengths) if self._lengths else 1.0
        document_frequency: Counter[str] = Counter()
        for terms in self._frequencies:
            document_frequency.update(terms.keys())
        self._idf = {term: self._inverse_frequency(df) for term, df in document_frequency.items()}
        self._unknown_weight = self._inverse_frequency(0) * _UNKNOWN_WORD_SHARE

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
        read = read_question(question, self.language, known=self._idf, vocabulary=self._vocabulary)
        if not read.stems:
            return []
        weights = {term: self._idf[term] for term in read.stems}
        total = sum(weights.values()) + self._unknown_weight * len(read.unknown)
        matches = []
        for article, terms, length, phrases in zip(
            self._articles, self._frequencies, self._lengths, self._phrases, strict=True
        ):
            norm = _K1 * (1 - _B + _B * length / self._average_length)
            # a pair or a tag phrase found as written is evidence too: it counts as covered
            evidence = [self._idf[pair] for pair in read.pairs if pair in terms]
            evidence += [self._unknown_weight for tag in phrases if f" {tag} " in read.phrase]
            covered = sum(weight for term, weight in weights.items() if term in terms)
            covered += sum(evidence)
            score = sum(
                self._idf[term] * terms[term] * (_K1 + 1) / (terms[term] + norm)
                for term in (*weights, *read.pairs)
                if term in terms
            )
            score += _PHRASE_BONUS * sum(f" {tag} " in read.phrase for tag in phrases)
            confidence = covered / (total + sum(evidence))
            if score > 0:
                matches.append(ArticleMatch(article, round(score, 4), round(confidence, 4)))
        return sorted(matches, key=lambda match: -match.score)

    def _inverse_frequency(self, document_frequency: int) -> float:
        # Unlike Robertson's idf this stays positive for a word found in every article, so a
        # question made of common words is still decided by where they appear (title, tags).
        return math.log(1 + (len(self._articles) + 1) / (document_frequency + 0.5))

    def _weighted_terms(self, article: Article) -> dict[str, float]:
        counts: defaultdict[str, float] = defaultdict(float)
        for text, weight in (
            (article.title, _TITLE_WEIGHT),
            *((tag, _TAGS_WEIGHT) for tag in article.tags),
            (article.body, 1.0),
        ):
            for term in field_terms(text, self.language, with_pairs=weight > 1):
                counts[term] += weight
        return dict(counts)
