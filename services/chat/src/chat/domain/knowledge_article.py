"""Knowledge-base articles: Markdown files with a YAML front matter (title, slug, tags)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from chat.domain.language import Language

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<meta>.*?)\n---\s*\n(?P<body>.*)\Z", re.DOTALL)

BUNDLED_KNOWLEDGE_BASE = Path(__file__).resolve().parents[3] / "knowledge_base"
"""The starter knowledge base shipped with the service (one folder per language)."""


class KnowledgeBaseError(ValueError):
    """An article file that cannot be used, with the reason and the file it came from."""


class Article(BaseModel):
    """One help-centre article in one language."""

    model_config = ConfigDict(frozen=True)

    slug: str
    language: Language
    title: str
    tags: tuple[str, ...]
    body: str

    @property
    def link(self) -> str:
        """Path where the article is published, e.g. /kb/pt-BR/status-do-chamado."""
        return f"/kb/{self.language.value}/{self.slug}"

    @property
    def answer(self) -> str:
        """The article's first paragraph, written to answer the question on its own."""
        for paragraph in re.split(r"\n\s*\n", self.body):
            text = paragraph.strip()
            if text and not text.startswith("#"):
                return " ".join(text.split())
        return self.title


def parse_article(text: str, *, language: Language, source: str = "<text>") -> Article:
    """Parse one Markdown article with its front matter; raise KnowledgeBaseError if invalid."""
    found = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if found is None:
        raise KnowledgeBaseError(f"{source}: missing '---' front matter")
    try:
        meta = yaml.safe_load(found["meta"])
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(f"{source}: front matter is not valid YAML: {error}") from error
    if not isinstance(meta, Mapping):
        raise KnowledgeBaseError(f"{source}: front matter must be a mapping")
    title, slug, tags = meta.get("title"), meta.get("slug"), meta.get("tags", [])
    if not isinstance(title, str) or not title.strip():
        raise KnowledgeBaseError(f"{source}: 'title' is required")
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise KnowledgeBaseError(f"{source}: 'slug' must be lowercase words joined by '-'")
    if not isinstance(tags, list) or not all(isinstance(tag, str | int) for tag in tags):
        raise KnowledgeBaseError(f"{source}: 'tags' must be a list of words")
    body = found["body"].strip()
    if not body:
        raise KnowledgeBaseError(f"{source}: the article has no body")
    return Article(
        slug=slug,
        language=language,
        title=title.strip(),
        tags=tuple(str(tag).strip() for tag in tags),
        body=body,
    )


def load_knowledge_base(folder: Path) -> dict[Language, tuple[Article, ...]]:
    """Read every `<folder>/<language>/*.md`; slugs must be unique within a language."""
    articles: dict[Language, tuple[Article, ...]] = {}
    for language in Language:
        parsed: dict[str, Article] = {}
        for path in sorted((folder / language.value).glob("*.md")):
            article = parse_article(
                path.read_text(encoding="utf-8"), language=language, source=str(path)
            )
            if article.slug in parsed:
                raise KnowledgeBaseError(f"{path}: slug {article.slug!r} is used twice")
            parsed[article.slug] = article
        articles[language] = tuple(parsed.values())
    return articles
