"""Questions customers really ask find the right article; anything else finds none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat.domain.article_search import ArticleIndex
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.knowledge_article import Article
from chat.domain.language import Language

PORTUGUESE_QUESTIONS = [
    ("Qual o horário de atendimento de vocês?", "horario-de-atendimento"),
    ("qual o horario de atendimento de voces", "horario-de-atendimento"),
    ("atendimento horário", "horario-de-atendimento"),
    ("vocês atendem no feriado?", "horario-de-atendimento"),
    ("atendimento funciona sabado?", "horario-de-atendimento"),
    ("o que é número de protocolo", "numero-de-protocolo"),
    ("onde encontro o protocolo do meu chamado", "numero-de-protocolo"),
    ("protcolo do chamado o que é", "numero-de-protocolo"),
    ("o que significa aguardando sua resposta", "status-do-chamado"),
    ("meu chamado está em espera, o que isso quer dizer?", "status-do-chamado"),
    ("qual o prazo de resposta de um chamado urgente", "prioridades-e-prazos"),
    ("PRAZOS PRIORIDADE P1", "prioridades-e-prazos"),
    ("quanto tempo demora para resolverem meu problema", "prioridades-e-prazos"),
    ("como acompanho meus chamados", "meus-chamados"),
    ("como respondo um chamado pelo e-mail", "responder-por-email"),
    ("como reabrir um chamado", "reabrir-chamado"),
    ("chamado resolvido mas o problema voltou", "reabrir-chamado"),
    ("qual o tamanho máximo de anexo", "anexos"),
    ("limite de arquivos anexos, posso mandar print em pdf?", "anexos"),
    ("alguém pediu minha senha pelo whatsapp", "seguranca-senhas"),
    ("posso passar o codigo de verificacao para o atendente?", "seguranca-senhas"),
    ("recebi um email falso pedindo pagamento", "golpes-e-phishing"),
    ("como denunciar phishing", "golpes-e-phishing"),
    ("como avaliar o atendimento", "avaliacao-do-atendimento"),
    ("quero reclamar com o supervisor, chamado atrasado", "escalonamento"),
    ("como mudar meu e-mail de cadastro", "alterar-dados-de-contato"),
    ("trocar telefone", "alterar-dados-de-contato"),
    ("quero apagar meus dados, LGPD", "privacidade-lgpd"),
    ("quero falar com uma pessoa", "falar-com-atendente"),
    ("como abrir um chamado novo", "abrir-chamado"),
    ("quais os canais de atendimento", "canais-de-atendimento"),
    ("vocês atendem por whatsapp?", "canais-de-atendimento"),
    ("como parar de receber notificações", "notificacoes"),
    ("não recebi o e-mail de aviso", "notificacoes"),
]

ENGLISH_QUESTIONS = [
    ("What are your business hours?", "business-hours"),
    ("hours business", "business-hours"),
    ("are you open on holidays", "business-hours"),
    ("what is a protocol number", "protocol-number"),
    ("what does awaiting your reply mean", "ticket-statuses"),
    ("my ticket status is waiting", "ticket-statuses"),
    ("how long until someone responds to an urgent ticket", "priorities-and-deadlines"),
    ("P1 resolution deadline", "priorities-and-deadlines"),
    ("how do I track my tickets", "my-tickets"),
    ("how to reply to a ticket by email", "reply-by-email"),
    ("how can I reopen a closed ticket", "reopen-a-ticket"),
    ("max attachment size", "attachments"),
    ("atachments limit", "attachments"),
    ("someone asked for my password", "security-passwords"),
    ("I got a fake email asking for payment", "scams-and-phishing"),
    ("how do I rate the support", "support-rating"),
    ("I want to escalate my complaint to a manager", "escalation"),
    ("change my phone number", "change-contact-details"),
    ("delete my personal data", "privacy-lgpd"),
    ("talk to a human", "talk-to-an-agent"),
    ("open a new ticket", "open-a-ticket"),
    ("which channels can I use to contact support", "support-channels"),
    ("stop whatsapp notifications", "notifications"),
]

OFF_TOPIC = [
    (Language.PT_BR, "qual a capital da França"),
    (Language.PT_BR, "receita de bolo de chocolate"),
    (Language.PT_BR, "quem ganhou o jogo ontem"),
    (Language.PT_BR, "vocês vendem celular?"),
    (Language.PT_BR, "me conta uma piada"),
    (Language.PT_BR, "qual a previsão do tempo para amanhã"),
    (Language.PT_BR, "tudo bem?"),
    (Language.PT_BR, "asdfgh qwerty"),
    (Language.EN, "what is the capital of France"),
    (Language.EN, "who won the game last night"),
    (Language.EN, "chocolate cake recipe"),
    (Language.EN, "how much is the premium plan"),
    (Language.EN, "hello"),
]


def _index(profile: AssistantProfile, language: Language) -> ArticleIndex:
    return profile.knowledge[language]


@pytest.mark.parametrize(("question", "slug"), PORTUGUESE_QUESTIONS)
def test_portuguese_question_finds_the_article_that_answers_it(
    profile: AssistantProfile, question: str, slug: str
) -> None:
    match = _index(profile, Language.PT_BR).best_match(question)
    assert match is not None
    assert match.article.slug == slug
    assert match.link == f"/kb/pt-BR/{slug}"


@pytest.mark.parametrize(("question", "slug"), ENGLISH_QUESTIONS)
def test_english_question_finds_the_article_that_answers_it(
    profile: AssistantProfile, question: str, slug: str
) -> None:
    match = _index(profile, Language.EN).best_match(question)
    assert match is not None
    assert match.article.slug == slug


@pytest.mark.parametrize(("language", "question"), OFF_TOPIC)
def test_off_topic_question_finds_no_article(
    profile: AssistantProfile, language: Language, question: str
) -> None:
    assert _index(profile, language).best_match(question) is None


@pytest.mark.parametrize(
    "variants",
    [
        ("notificações por whatsapp", "notificacoes por WhatsApp", "WHATSAPP NOTIFICAÇÃO"),
        ("prazo das prioridades", "prioridade prazos", "prazos de prioridade"),
        ("anexar arquivos grandes", "arquivo grande anexo", "anexos grandes arquivo"),
    ],
)
def test_accents_plurals_and_word_order_do_not_change_the_answer(
    profile: AssistantProfile, variants: tuple[str, ...]
) -> None:
    index = _index(profile, Language.PT_BR)
    answers = {index.best_match(variant) for variant in variants}
    assert len(answers) == 1
    assert None not in answers


def test_every_article_is_found_by_its_own_title(
    bundled_articles: dict[Language, tuple[Article, ...]], profile: AssistantProfile
) -> None:
    for language, articles in bundled_articles.items():
        for article in articles:
            match = _index(profile, language).best_match(article.title)
            assert match is not None, article.title
            assert match.article.slug == article.slug


def test_ranking_reports_score_and_share_of_the_question_covered(
    profile: AssistantProfile,
) -> None:
    ranked = _index(profile, Language.PT_BR).ranked("como reabrir um chamado receita de bolo")
    assert ranked[0].article.slug == "reabrir-chamado"
    assert ranked[0].score > ranked[-1].score
    assert 0 < ranked[0].confidence < 1


def test_empty_knowledge_base_answers_nothing() -> None:
    assert ArticleIndex([], language=Language.EN).best_match("business hours") is None


@settings(max_examples=150, deadline=None)
@given(question=st.text(max_size=200))
def test_any_text_gets_an_answer_or_no_match_without_error(
    profile: AssistantProfile, question: str
) -> None:
    match = _index(profile, Language.PT_BR).best_match(question)
    assert match is None or match.score >= _index(profile, Language.PT_BR).min_score
