"""Whatever bytes arrive, the parser answers with an email or a clear rejection."""

from __future__ import annotations

import base64
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.domain.email_models import InboundEmail, UnparseableEmail
from intake.domain.email_parsing import parse_email
from intake.smtp_line_endings import BareLineFeeds

SUPPORT = ["suporte@acme.com.br"]
OWN = ["naoresponda@acme.com.br"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

header_names = st.sampled_from(
    [
        "From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Date",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Auto-Submitted",
        "Precedence", "MIME-Version", "Reply-To", "Sender", "X-Autoreply", "Content-ID",
        "Return-Path",
    ]
)  # fmt: skip
nasty_values = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "multipart/mixed; boundary=", 'multipart/alternative; boundary="b"',
            "multipart/report; report-type=delivery-status; boundary=b", "message/rfc822",
            "text/plain; charset=x-unknown", "text/plain; charset*=utf-8''%E9", "base64",
            "quoted-printable", "=?utf-8?B?!!!?=", "=?bogus?Q?caf=E9?=", "<", "<@>", "a@",
            '"unterminated <x@y>', "=?utf-8?q?=ZZ?=", "attachment; filename*=bad'x'%ff",
            "message/delivery-status", "text/rfc822-headers", "Mon, 99 Foo 99999 99:99:99",
            "text/plain; charset=ISO-2022-JP", "text/plain; charset=gb2312", "x-uuencode",
            "image/jpeg; name==?x?Q?a b?=", "=?ISO-2022-JP?B?GyRCJCI=?=", "\x1b$B$\"\x1b(B",
            "=?UTF-8?Q? a, b?= <c@d>", "<>", "image/png; name=a b c.png", "uuencode",
        ]
    ),
)  # fmt: skip
headers = st.lists(st.tuples(header_names, nasty_values), max_size=12)


def _message(pairs: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"{name}: {value}".encode("utf-8", "surrogateescape") for name, value in pairs]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _answers(raw: bytes) -> None:
    result = parse_email(raw, support_addresses=SUPPORT, own_addresses=OWN)
    assert isinstance(result, InboundEmail | UnparseableEmail)
    if isinstance(result, InboundEmail):
        # Everything must be storable: no lone surrogates anywhere in the text.
        result.model_dump_json()


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_end_as_email_or_rejection(raw: bytes) -> None:
    _answers(raw)


@FUZZ
@given(headers, st.binary(max_size=500))
def test_random_headers_and_body_end_as_email_or_rejection(
    pairs: list[tuple[str, str]], body: bytes
) -> None:
    _answers(_message([("From", "cliente@example.com"), *pairs], body))


@st.composite
def mangled_multipart(draw: st.DrawFn) -> bytes:
    boundary = draw(st.sampled_from(["b1", "", "b1 b2", '"', "=_x"]))
    declared = draw(st.sampled_from(["b1", "b2", "", "b1b1"]))
    charset = draw(
        st.sampled_from(
            ["utf-8", "iso-8859-1", "windows-1252", "bogus", "", "utf-16", "iso-2022-jp", "gb2312"]
        )
    )
    encoding = draw(st.sampled_from(["base64", "quoted-printable", "8bit", "x-uuencode", "7bit"]))
    payload = draw(st.binary(max_size=300))
    if draw(st.booleans()):  # a uuencoded block, whole or cut short, pasted anywhere
        payload += b"\r\nbegin 644 f.bin\r\nM" + payload[: draw(st.integers(0, 60))] + b"\r\n"
    if encoding == "base64" and draw(st.booleans()):
        payload = base64.b64encode(payload)[: draw(st.integers(0, 400))] + b"!*"
    nested = draw(st.sampled_from(["text/plain", "message/rfc822", "multipart/mixed", "text/html"]))
    parts = [
        f"--{boundary}\r\nContent-Type: {nested}; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        f"Content-Disposition: {draw(st.sampled_from(['inline', 'attachment', '']))}; "
        f"filename={draw(st.sampled_from(['a.exe', '=?utf-8?B?w6k=?=', '', '../../x']))}\r\n\r\n"
    ]
    ending = draw(st.sampled_from([f"\r\n--{boundary}--\r\n", "", f"--{boundary}"]))
    head = (
        "From: Cliente <cliente@example.com>\r\nTo: suporte@acme.com.br\r\nSubject: teste\r\n"
        f"Content-Type: multipart/mixed; boundary={declared}\r\nMIME-Version: 1.0\r\n\r\n"
    )
    return head.encode() + parts[0].encode() + payload + ending.encode()


@FUZZ
@given(mangled_multipart())
def test_mangled_mime_ends_as_email_or_rejection(raw: bytes) -> None:
    _answers(raw)


def test_message_without_sender_is_rejected_with_reason() -> None:
    result = parse_email(b"Subject: oi\r\n\r\ncorpo", support_addresses=SUPPORT, own_addresses=OWN)
    assert isinstance(result, UnparseableEmail)
    assert "sender" in result.reason


def test_empty_input_is_rejected_as_empty_message() -> None:
    result = parse_email(b"  \r\n", support_addresses=SUPPORT, own_addresses=OWN)
    assert isinstance(result, UnparseableEmail)
    assert result.reason == "empty message"


@pytest.mark.parametrize(
    "name", ["References", "In-Reply-To", "Message-ID", "Auto-Submitted", "To"]
)
def test_raw_8bit_bytes_in_any_header_end_as_storable_text(name: str) -> None:
    _answers(b"From: c@example.com\r\n" + name.encode() + b": 0@\x80\xff <x\xe9@y>\r\n\r\nbody")


def _dot_lines(data: bytes) -> int:
    return len(re.findall(rb"(?=\r\n\.\r\n)", data))


@FUZZ
@given(st.binary(max_size=400), st.lists(st.integers(0, 400), max_size=6))
def test_line_ending_repair_never_invents_an_end_of_data(data: bytes, cuts: list[int]) -> None:
    """However the bytes are split into packets, the SMTP door hands on the same bytes, and
    never a <CR><LF>.<CR><LF> the sender did not send."""
    whole = BareLineFeeds(1001).feed(data)
    feeds = BareLineFeeds(1001)
    edges = [0, *sorted(cuts), len(data)]
    chunked = b"".join(feeds.feed(data[a:b]) for a, b in itertools.pairwise(edges))

    assert chunked == whole
    assert _dot_lines(b"\r\n" + whole) <= _dot_lines(b"\r\n" + data)
