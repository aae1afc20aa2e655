"""Mail reads as its sender wrote it: the habits of mailers the corpus files do not each pin."""

from __future__ import annotations

import base64

import pytest

from intake.api.inbound_status import what_became_of
from intake.domain.charsets import decode_bytes
from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email
from intake.domain.encoded_words import decode_header_text
from intake.domain.uuencode import split_uuencoded, uudecode
from intake.smtp_line_endings import BareLineFeeds

SUPPORT = ["suporte@acme.com.br"]


def _parse(raw: bytes, **kwargs: str | None) -> InboundEmail:
    result = parse_email(raw, support_addresses=SUPPORT, own_addresses=[], **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, InboundEmail), result
    return result


def test_unlabelled_seven_bit_japanese_header_is_read_as_iso_2022_jp() -> None:
    raw = "請求書について".encode("iso2022_jp").decode("ascii")

    assert decode_header_text(raw) == "請求書について"


def test_all_ascii_body_labelled_iso_2022_jp_is_decoded() -> None:
    assert decode_bytes("お世話になっております".encode("iso2022_jp"), "ISO-2022-JP") == (
        "お世話になっております"
    )


@pytest.mark.parametrize(
    ("label", "text", "written_with"),
    [
        ("GB2312", "北京喆和科技――发票", "gb18030"),
        ("GBK", "𠮷野家", "gb18030"),
        ("Shift_JIS", "①㈱髙橋", "cp932"),
        ("EUC-KR", "똠얌", "cp949"),
        ("Big5", "我哋嘅", "big5hkscs"),
        ("ISO-8859-1", "“aspas” – €15", "cp1252"),
    ],
)
def test_narrow_label_is_read_as_the_superset_mailers_write(
    label: str, text: str, written_with: str
) -> None:
    assert decode_bytes(text.encode(written_with), label) == text


def test_utf8_character_split_between_two_encoded_words_survives() -> None:
    data = "Personaländerung".encode()
    first, second = data[:13], data[13:]  # cuts "ä" in half
    words = [f"=?UTF-8?B?{base64.b64encode(part).decode()}?=" for part in (first, second)]

    assert decode_header_text(" ".join(words)) == "Personaländerung"


def test_encoded_word_starting_with_a_space_reads_without_double_spaces() -> None:
    assert decode_header_text("AW: =?UTF-8?Q? Personal=C3=A4nderung?=") == "AW: Personaländerung"


def test_control_characters_never_reach_a_subject_or_a_name() -> None:
    email = _parse(
        b"From: Ana\x1b Souza\x07 <ana@example.com.br>\r\n"
        b"Subject: =?utf-8?Q?Fatura=07_=C2=9Bvencida?=\r\n\r\ncorpo"
    )

    assert email.subject == "Fatura vencida"
    assert email.sender.name == "Ana Souza"


def test_raw_8bit_headers_follow_the_charset_the_body_declares() -> None:
    email = _parse(
        "From: 王伟 <wang@example.cn>\r\nSubject: 发票问题\r\n"
        "Content-Type: text/plain; charset=gb2312\r\n\r\n您好".encode("gb18030")
    )

    assert (email.subject, email.sender.name) == ("发票问题", "王伟")


@pytest.mark.parametrize(
    ("return_path", "envelope_sender"),
    [("", "<>"), ("", ""), ("Return-Path: <>\r\n", "relay@example.net")],
    ids=["null-envelope", "empty-envelope", "return-path-null-behind-a-relay"],
)
def test_bounce_from_the_null_sender_without_from_is_a_delivery_report(
    return_path: str, envelope_sender: str
) -> None:
    email = _parse(
        return_path.encode() + b"Subject: failure notice\r\nMessage-ID: <x@mx.example.net>\r\n"
        b"\r\n<ana@example.com.br>: 550 5.1.1 no such user\r\n"
        b"Message-ID: <ticket-1.2@acme.com.br>\r\n",
        envelope_sender=envelope_sender,
    )

    assert email.kind == "bounce"
    assert email.bounce is not None
    assert email.bounce.original_message_id == "<ticket-1.2@acme.com.br>"


def test_message_without_from_and_without_a_null_sender_is_still_refused() -> None:
    result = parse_email(b"Subject: oi\r\n\r\ncorpo", support_addresses=SUPPORT, own_addresses=[])

    assert not isinstance(result, InboundEmail)


def test_uuencoded_file_without_end_line_is_recovered() -> None:
    found = uudecode(
        b"begin 644 notas.txt\nM86)C9&5F9VAI:FML;6YO<'%R<W1U=G=X>7I!0D-$149'2$E*2TQ-3D]045)3\n"
    )

    assert found is not None
    assert (found.name, found.content) == (
        "notas.txt",
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS",
    )


def test_uuencoded_block_pasted_in_text_becomes_a_file_and_leaves_the_text() -> None:
    text = "Segue o arquivo.\n\nbegin 644 a.txt\n#86)C\n`\nend\n\nAtt., Ana"

    remaining, files = split_uuencoded(text)

    assert remaining == "Segue o arquivo.\n\nAtt., Ana"
    assert [(f.name, f.content) for f in files] == [("a.txt", b"abc")]


def test_text_that_merely_says_begin_keeps_its_words() -> None:
    text = "begin 644 is the mode I used\nthen it failed"

    assert split_uuencoded(text) == (text, [])


def test_bare_lf_lines_reach_the_server_as_crlf_lines() -> None:
    feeds = BareLineFeeds(1001)

    assert feeds.feed(b"Subject: x\n\nol") + feeds.feed(b"a\n") == b"Subject: x\r\n\r\nola\r\n"


@pytest.mark.parametrize("smuggled", [b"a\n.\r\n", b"a\r\n.\n", b"a\n.\n"])
def test_a_dot_line_not_framed_by_crlf_does_not_end_the_message(smuggled: bytes) -> None:
    """SMTP smuggling: only <CR><LF>.<CR><LF> ends DATA, as in Postfix's normalize mode."""
    assert b"\r\n.\r\n" not in BareLineFeeds(1001).feed(smuggled)


def test_standard_end_of_data_passes_unchanged() -> None:
    assert BareLineFeeds(1001).feed(b"a\r\n.\r\n") == b"a\r\n.\r\n"


def test_control_characters_never_reach_a_file_name() -> None:
    email = _parse(
        b"From: ana@example.com.br\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: application/pdf; name==?utf-8?Q?nota=C2=85=07_fiscal.pdf?=\r\n\r\n"
        b"%PDF\r\n--b--\r\n"
    )

    assert [a.filename for a in email.attachments] == ["nota fiscal.pdf"]


@pytest.mark.parametrize(
    ("kind", "kind_reason", "events", "outcome", "reason"),
    [
        ("own", "sent from one of our own addresses", [], "dropped", "our own mail coming back"),
        ("auto_reply", "Auto-Submitted: auto-replied", [], "recorded", "(Auto-Submitted"),
        ("bounce", "mailer-daemon sender", ["e1"], "recorded", "passed to notify"),
        ("message", None, ["e1"], "awaiting_ticket", None),
    ],
)
def test_staff_see_why_a_message_opened_no_ticket(
    kind: str, kind_reason: str | None, events: list[str], outcome: str, reason: str | None
) -> None:
    document = {
        "_id": "email:<a@b>",
        "kind": kind,
        "summary": {"kind_reason": kind_reason},
        "event_ids": events,
    }

    status = what_became_of(document)

    assert status["outcome"] == outcome
    assert (status["reason"] is None) if reason is None else (reason in status["reason"])
    assert status["reason"] is None or status["reason"].count("own addresses") <= 1
