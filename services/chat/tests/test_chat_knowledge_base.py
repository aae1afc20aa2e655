"""The starter knowledge base and the article loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.domain.knowledge_article import (
    Article,
    KnowledgeBaseError,
    load_knowledge_base,
    parse_article,
)
from chat.domain.language import Language

REQUIRED_TOPICS = {
    Language.PT_BR: (
        "canais-de-atendimento", "horario-de-atendimento", "numero-de-protocolo",
        "status-do-chamado", "prioridades-e-prazos", "meus-chamados", "responder-por-email",
        "reabrir-chamado", "anexos", "seguranca-senhas", "golpes-e-phishing",
        "avaliacao-do-atendimento", "escalonamento", "alterar-dados-de-contato",
        "privacidade-lgpd",
    ),
    Language.EN: (
        "support-channels", "business-hours", "protocol-number", "ticket-statuses",
        "priorities-and-deadlines", "my-tickets", "reply-by-email", "reopen-a-ticket",
        "attachments", "security-passwords", "scams-and-phishing", "support-rating",
        "escalation", "change-contact-details", "privacy-lgpd",
    ),
}  # fmt: skip


def test_starter_knowledge_base_covers_the_support_process_in_both_languages(
    bundled_articles: dict[Language, tuple[Article, ...]],
) -> None:
    for language, slugs in REQUIRED_TOPICS.items():
        present = {article.slug for article in bundled_articles[language]}
        assert set(slugs) <= present
        assert len(present) >= 15
    assert len(bundled_articles[Language.PT_BR]) == len(bundled_articles[Language.EN])


def test_every_article_has_title_tags_and_an_answer_paragraph(
    bundled_articles: dict[Language, tuple[Article, ...]],
) -> None:
    for articles in bundled_articles.values():
        for article in articles:
            assert article.title
            assert article.tags
            assert len(article.answer) > 80
            assert not article.answer.startswith("#")
            assert article.link == f"/kb/{article.language.value}/{article.slug}"


def test_priority_article_states_the_promised_deadlines(
    bundled_articles: dict[Language, tuple[Article, ...]],
) -> None:
    article = next(a for a in bundled_articles[Language.PT_BR] if a.slug == "prioridades-e-prazos")
    for promise in ("4 horas úteis para P0 e P1", "24 horas úteis para P2 e P3", "12 para P1"):
        assert promise in article.answer


def test_article_is_parsed_from_front_matter_and_markdown_body() -> None:
    text = "---\ntitle: Anexos\nslug: anexos\ntags: [anexo, arquivo]\n---\nAté 10 MB.\n\n## Mais\n"
    article = parse_article(text, language=Language.PT_BR)
    assert (article.title, article.slug, article.tags) == ("Anexos", "anexos", ("anexo", "arquivo"))
    assert article.answer == "Até 10 MB."
    assert article.link == "/kb/pt-BR/anexos"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sem front matter", "front matter"),
        ("---\ntitle: [unclosed\n---\ncorpo", "YAML"),
        ("---\nslug: sem-titulo\n---\ncorpo", "title"),
        ("---\ntitle: T\nslug: Com Espaço\n---\ncorpo", "slug"),
        ("---\ntitle: T\nslug: t\ntags: solto\n---\ncorpo", "tags"),
        ("---\ntitle: T\nslug: t\n---\n   \n", "no body"),
    ],
)
def test_unusable_article_is_rejected_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(KnowledgeBaseError, match=reason):
        parse_article(text, language=Language.PT_BR, source="artigo.md")


def test_loader_refuses_two_articles_with_the_same_slug(tmp_path: Path) -> None:
    folder = tmp_path / "pt-BR"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        (folder / name).write_text("---\ntitle: T\nslug: igual\n---\ncorpo\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="used twice"):
        load_knowledge_base(tmp_path)
