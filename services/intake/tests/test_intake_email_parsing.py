"""Parsing details the corpus does not pin: odd charsets, fallbacks, classification edges."""

from __future__ import annotations

import pytest

from intake.domain.charsets import decode_bytes
from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email
from intake.domain.encoded_words import decode_header_text
from intake.domain.html_text import html_to_text

SUPPORT = ["suporte@acme.com.br"]
OWN = ["naoresponda@acme.com.br"]


def _parse(headers: str, body: str = "corpo", **kwargs: object) -> InboundEmail:
    raw = (headers.strip() + "\r\n\r\n" + body).encode("utf-8")
    result = parse_email(raw, support_addresses=SUPPORT, own_addresses=OWN, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, InboundEmail), result
    return result


def test_encoded_word_with_unknown_charset_still_reads() -> None:
    assert decode_header_text("=?x-mac-unknown?Q?Jo=E3o?= Silva") == "João Silva"


def test_latin1_declared_but_utf8_bytes_read_as_utf8() -> None:
    assert decode_bytes("ação".encode(), "iso-8859-1") == "ação"


def test_bytes_undecodable_in_any_charset_fall_back_to_latin1() -> None:
    assert decode_bytes(b"\x81\x8d ok", "utf-8") == "\x81\x8d ok"


def test_sender_falls_back_to_sender_header_then_envelope() -> None:
    assert _parse("Sender: a@example.com\nSubject: x").sender.address == "a@example.com"
    email = _parse("Subject: x", envelope_sender="<b@example.com>")
    assert email.sender.address == "b@example.com"


def test_own_address_is_recognized_whatever_the_case() -> None:
    email = _parse("From: Suporte <NaoResponda@ACME.com.br>\nSubject: x")
    assert email.kind == "own"


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Auto-Submitted: no", "message"),
        ("Auto-Submitted: auto-generated", "auto_reply"),
        ("Precedence: list", "auto_reply"),
        ("Precedence: junk", "auto_reply"),
        ("X-Autorespond: yes", "auto_reply"),
        ("X-Auto-Response-Suppress: All", "message"),
    ],
)
def test_auto_reply_headers_decide_the_kind(header: str, kind: str) -> None:
    assert _parse(f"From: c@example.com\nSubject: Dúvida\n{header}").kind == kind


@pytest.mark.parametrize(
    "subject", ["Automatic reply: x", "Resposta Automática: x", "Ausência temporária"]
)
def test_auto_reply_subjects_are_recognized(subject: str) -> None:
    assert _parse(f"From: c@example.com\nSubject: {subject}").kind == "auto_reply"


def test_postmaster_is_a_bounce_only_with_a_delivery_failure_subject() -> None:
    assert _parse("From: postmaster@ex.com\nSubject: Undeliverable: x").kind == "bounce"
    assert _parse("From: postmaster@ex.com\nSubject: Pergunta sobre DNS").kind == "message"


def test_multipart_without_its_boundary_keeps_the_text() -> None:
    email = _parse(
        "From: c@example.com\nSubject: x\nContent-Type: multipart/mixed; boundary=nunca",
        "Texto do cliente sem partes.",
    )
    assert "Texto do cliente sem partes." in email.text


def test_date_without_zone_is_taken_as_utc_and_garbage_date_is_none() -> None:
    assert _parse("From: c@example.com\nDate: Mon, 4 Mar 2024 10:00:00 -0000").date is not None
    assert _parse("From: c@example.com\nDate: ontem à tarde").date is None


def test_html_lists_and_line_breaks_become_readable_text() -> None:
    text = html_to_text("<p>Passos:</p><ul><li>Abrir</li><li>Salvar</li></ul>Fim<br>Linha")
    assert text == "Passos:\n- Abrir\n- Salvar\nFim\nLinha"
