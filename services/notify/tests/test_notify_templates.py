"""What people read: every message in pt-BR and English, with protocol and security reminder."""

from collections.abc import Callable

import pytest
from jinja2 import DictLoader, UndefinedError

from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.languages import Language
from notify.domain.notifications import NotificationRequest
from notify.domain.rendering import MessageRenderer, RenderedMessage, html_paragraphs

MakeRequest = Callable[..., NotificationRequest]
MakeContact = Callable[..., Contact]

REMINDER = {
    "pt-BR": "Nunca pedimos sua senha ou códigos de segurança.",
    "en": "We will never ask for your password or security codes.",
}
RENDERER = MessageRenderer(brand="Acme")


def render(request: NotificationRequest) -> RenderedMessage:
    return RENDERER.render(request, request.recipients[0])


@pytest.mark.parametrize("language", ["pt-BR", "en"])
@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_message_carries_protocol_and_security_reminder(
    make_request: MakeRequest, make_contact: MakeContact, kind: NotificationKind, language: str
) -> None:
    message = render(make_request(kind, recipient=make_contact(language=language)))
    assert message.language == Language(language)
    assert message.subject.startswith("[#2024000123] ")
    assert "\n" not in message.subject
    for part in (message.text, message.html, message.whatsapp):
        assert "2024000123" in part
        assert REMINDER[language] in part
    assert message.html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in message.html


def test_unsupported_language_falls_back_to_portuguese(
    make_request: MakeRequest, make_contact: MakeContact
) -> None:
    message = render(
        make_request(NotificationKind.TICKET_CREATED, recipient=make_contact(language="de"))
    )
    assert message.language is Language.PT_BR
    assert "Recebemos sua solicitação" in message.text


@pytest.mark.parametrize(
    ("language", "status", "name"),
    [
        ("pt-BR", "new", "Em espera"),
        ("pt-BR", "open", "Em andamento"),
        ("pt-BR", "pending", "Aguardando sua resposta"),
        ("pt-BR", "resolved", "Resolvido"),
        ("en", "new", "Waiting"),
        ("en", "open", "In progress"),
        ("en", "pending", "Awaiting your reply"),
        ("en", "resolved", "Resolved"),
    ],
)
def test_status_change_shows_the_customer_facing_status_name(
    make_request: MakeRequest, make_contact: MakeContact, language: str, status: str, name: str
) -> None:
    request = make_request(
        NotificationKind.STATUS_CHANGED, recipient=make_contact(language=language), status=status
    )
    message = render(request)
    assert message.subject == "[#2024000123] Impressora não liga"  # threads with the others
    assert name in message.text.splitlines()[2]  # what happened, first in the body
    assert name in message.whatsapp


def test_ticket_created_tells_protocol_and_expected_response_time(
    make_request: MakeRequest,
) -> None:
    message = render(make_request(NotificationKind.TICKET_CREATED, response_hours=1))
    assert "protocolo 2024000123" in message.text
    assert "até 1 hora útil" in message.text
    assert (
        "até 8 horas úteis"
        in render(make_request(NotificationKind.TICKET_CREATED, response_hours=8)).text
    )


def test_ticket_opened_by_a_message_on_a_done_ticket_says_it_continues_that_ticket(
    make_request: MakeRequest, make_contact: MakeContact
) -> None:
    linked = make_request(NotificationKind.TICKET_CREATED, linked_ticket_number="2024000100")
    message = render(linked)
    assert "O chamado 2024000100 já estava concluído" in message.text
    assert "ligado a ele" in message.html
    english = render(
        make_request(
            NotificationKind.TICKET_CREATED,
            recipient=make_contact(language="en"),
            linked_ticket_number="2024000100",
        )
    )
    assert "Ticket 2024000100 was already done" in english.text


def test_agent_reply_html_is_escaped_but_plain_text_is_verbatim(make_request: MakeRequest) -> None:
    hostile = 'Tente <script>alert("x")</script> & reinicie.\nDepois me diga.'
    request = make_request(
        NotificationKind.AGENT_REPLY, subject="<b>Impressora</b>", reply_text=hostile
    )
    message = render(request)
    assert "<script>" not in message.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; reinicie.<br>" in message.html
    assert "&lt;b&gt;Impressora&lt;/b&gt;" in message.html
    assert hostile in message.text
    assert "<b>Impressora</b>" in message.subject


def test_rating_link_is_a_clickable_escaped_href(make_request: MakeRequest) -> None:
    message = render(make_request(NotificationKind.TICKET_RESOLVED))
    assert '<a href="https://suporte.example/csat/abc?x=1&amp;y=2"' in message.html
    assert "https://suporte.example/csat/abc?x=1&y=2" in message.text
    assert "https://suporte.example/csat/abc?x=1&y=2" in message.whatsapp


def test_sla_deadline_is_shown_in_the_calendar_time_zone(
    make_request: MakeRequest, make_contact: MakeContact
) -> None:
    pt = render(make_request(NotificationKind.SLA_BREACHED))
    en = render(make_request(NotificationKind.SLA_BREACHED, recipient=make_contact(language="en")))
    assert "21/11/2024 14:30 (America/Sao_Paulo)" in pt.text
    assert "2024-11-21 14:30 (America/Sao_Paulo)" in en.text


def test_escalation_names_the_level(make_request: MakeRequest) -> None:
    message = render(make_request(NotificationKind.SLA_ESCALATED, level="manager"))
    assert "escalado para gerência" in message.subject


def test_subject_line_collapses_line_breaks_and_shortens_long_topics(
    make_request: MakeRequest,
) -> None:
    message = render(
        make_request(NotificationKind.TICKET_CREATED, subject="Ajuda\r\nBcc: x@y.z " + "a" * 200)
    )
    assert "\r" not in message.subject
    assert "\n" not in message.subject
    assert message.subject.endswith("…")
    assert len(message.subject) < 140


def test_long_agent_reply_fits_one_whatsapp_text(make_request: MakeRequest) -> None:
    message = render(make_request(NotificationKind.AGENT_REPLY, reply_text="palavra " * 2000))
    assert len(message.whatsapp) <= 4096
    assert REMINDER["pt-BR"] in message.whatsapp


def test_greeting_without_a_name_still_reads_well(
    make_request: MakeRequest, make_contact: MakeContact
) -> None:
    message = render(make_request(NotificationKind.TICKET_CREATED, recipient=make_contact(name="")))
    assert message.text.startswith("Olá!\n")


def test_staff_mail_does_not_invite_a_reply_into_the_ticket(make_request: MakeRequest) -> None:
    assert "responder a este e-mail" not in render(make_request(NotificationKind.SLA_WARNING)).text
    assert "responder a este e-mail" in render(make_request(NotificationKind.STATUS_CHANGED)).text


def test_template_using_an_undefined_variable_fails_loudly(make_request: MakeRequest) -> None:
    block = "{% block subject %}x{% endblock %}{% block html %}x{% endblock %}"
    broken = (
        block + "{% block text %}{{ nonexistent }}{% endblock %}{% block whatsapp %}x{% endblock %}"
    )
    loader = DictLoader(
        {
            "pt-BR/ticket_created.jinja": broken,
            "pt-BR/_email.txt": "{{ content }}",
            "pt-BR/_email.html": "{{ content }}",
            "pt-BR/_whatsapp.txt": "{{ content }}",
        }
    )
    renderer = MessageRenderer(brand="Acme", loader=loader)
    request = make_request(NotificationKind.TICKET_CREATED)
    with pytest.raises(UndefinedError, match="nonexistent"):
        renderer.render(request, request.recipients[0])


def test_reply_paragraphs_keep_line_breaks_and_escape_markup() -> None:
    assert str(html_paragraphs("a <i>\nb\n\n\nc")) == "<p>a &lt;i&gt;<br>\nb</p>\n<p>c</p>"


def test_agent_reply_with_files_names_them_and_links_to_the_ticket_in_the_portal(
    make_request: MakeRequest,
) -> None:
    renderer = MessageRenderer(brand="Acme", portal_url="https://suporte.acme.com.br/meus-chamados")
    request = make_request(
        NotificationKind.AGENT_REPLY, file_names="relatório <março>.pdf\ntela.png"
    )
    message = renderer.render(request, request.recipients[0])
    link = f"https://suporte.acme.com.br/meus-chamados/{request.ticket_number}"
    assert "- relatório <março>.pdf\n- tela.png" in message.text
    assert f"Abra-os em Meus chamados: {link}" in message.text
    assert f'<a href="{link}">relatório &lt;março&gt;.pdf</a>' in message.html
    assert "Arquivos anexados" not in render(make_request(NotificationKind.AGENT_REPLY)).text
