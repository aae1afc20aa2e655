"""Threading hints: reply tokens, ticket numbers in subjects, message ids."""

from __future__ import annotations

import pytest

from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email, synthesized_message_id
from intake.domain.threading_hints import message_ids, reply_token, ticket_number_hint

SUPPORT = ["suporte@acme.com.br", "support@acme.com"]


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Re: [#123456] Problema", "123456"),
        ("RES: RES: [ # 98765 ] Nota", "98765"),
        ("[Chamado #4521] Atualização", "4521"),
        ("Ticket #200311 - invoice", "200311"),
        ("Protocolo: 777888 recebido", "777888"),
        ("Chamado nº 654321", "654321"),
        ("Pedido #998877 não chegou", None),
        ("Nota fiscal 123456", None),
        ("#123456", None),
    ],
)
def test_ticket_number_is_read_only_from_safe_subject_forms(
    subject: str, number: str | None
) -> None:
    assert ticket_number_hint(subject) == number


def test_reply_token_needs_a_configured_support_mailbox() -> None:
    assert reply_token(["SUPORTE+AbC123@Acme.com.br"], SUPPORT) == "AbC123"
    assert reply_token(["vendas+AbC123@acme.com.br"], SUPPORT) is None
    assert reply_token(["suporte+AbC123@outra.com.br"], SUPPORT) is None
    assert reply_token(["suporte+@acme.com.br", "suporte@acme.com.br"], SUPPORT) is None


def test_message_ids_keep_brackets_order_and_drop_repeats() -> None:
    value = "<a@x> junk <b@y>\r\n <a@x>"
    assert message_ids(value) == ("<a@x>", "<b@y>")
    assert message_ids("bare@host.example") == ("<bare@host.example>",)
    assert message_ids("no id here") == ()


def test_reply_token_from_the_smtp_envelope_counts_when_headers_hide_it() -> None:
    raw = b"From: c@example.com\r\nTo: undisclosed-recipients:;\r\nSubject: oi\r\n\r\nbody\r\n"
    email = parse_email(
        raw,
        support_addresses=SUPPORT,
        own_addresses=[],
        envelope_recipients=["suporte+T0k3n@acme.com.br"],
    )
    assert isinstance(email, InboundEmail)
    assert (email.reply_token, email.support_address) == ("T0k3n", "suporte@acme.com.br")


def test_message_without_id_gets_the_same_synthesized_id_for_the_same_bytes() -> None:
    raw = b"From: c@example.com\r\nSubject: sem id\r\n\r\ncorpo\r\n"
    first = parse_email(raw, support_addresses=SUPPORT, own_addresses=[])
    other = parse_email(raw + b"!", support_addresses=SUPPORT, own_addresses=[])
    assert isinstance(first, InboundEmail)
    assert isinstance(other, InboundEmail)
    assert first.message_id == synthesized_message_id(raw)
    assert first.message_id_synthesized
    assert other.message_id != first.message_id
