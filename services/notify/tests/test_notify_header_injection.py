"""A customer's name or subject never adds a header or a line to the mail we send from the real
support address (CVE-2024-6923: Python 3.11.7 writes a decoded encoded word's CR/LF as is)."""

from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk_runtime.header_text import header_text
from notify.domain.email_message import DISPLAY_NAME_LIMIT
from notify.domain.kinds import NotificationKind
from services.notify.tests.conftest import contact, request
from services.notify.tests.test_notify_email_message import email_for

INJECTION = "=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?="
BODY_FORGERY = "=?utf-8?q?Cliente=0D=0A=0D=0AClique_em_http=3A//evil.example?="
OUR_REPLY_TO = "suporte+k7Qz9@acme.com.br"


def received(name: str, subject: str) -> EmailMessage:
    """The confirmation as the relay receives it (aiosmtplib's own serialization), re-read."""
    confirmation = request(NotificationKind.TICKET_CREATED, subject=subject)
    return email_for(confirmation.model_copy(update={"recipients": (contact(name=name),)}))


def words(text: str) -> str:
    """Text without its spaces: Python's parser keeps the space RFC 2047 drops between two
    encoded words of a folded name; mail clients do not."""
    return "".join(text.split())


def first_body_line(mail: EmailMessage) -> str:
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None
    return str(text.get_content()).splitlines()[0]


def test_an_encoded_crlf_in_name_and_subject_adds_no_reply_to() -> None:
    mail = received(INJECTION, INJECTION)

    assert mail.get_all("Reply-To") == [OUR_REPLY_TO]
    [to] = mail["To"].addresses
    assert (to.display_name, to.addr_spec) == (
        "Cliente Reply-To: x@evil.example",
        "ana@example.com",
    )
    assert not {"\r", "\n"} & set(str(mail["Subject"]))
    assert str(mail["Subject"]).endswith("Cliente Reply-To: x@evil.example")
    assert first_body_line(mail) == "Olá, Cliente!"


def test_an_encoded_blank_line_does_not_forge_the_first_body_line() -> None:
    mail = received(BODY_FORGERY, BODY_FORGERY)

    assert mail.get_all("Reply-To") == [OUR_REPLY_TO]
    assert first_body_line(mail) == "Olá, Cliente!"
    assert mail.get_content_type() == "multipart/alternative"


def test_a_long_name_listing_addresses_stays_one_quoted_display_name() -> None:
    name = "Maria <maria@example.com>, Joao <joao@example.com>, Pedro Oliveira <pedro@example.com>"
    mail = received(name, "Boleto")

    [to] = mail["To"].addresses
    assert to.addr_spec == "ana@example.com"
    assert words(to.display_name) == words(header_text(name, limit=DISPLAY_NAME_LIMIT))
    assert to.display_name.startswith("Maria <maria@example.com>, Joao")


@settings(max_examples=120, deadline=None)
@given(name=st.text(min_size=1, max_size=300), subject=st.text(min_size=1, max_size=300))
def test_whatever_the_name_and_subject_the_headers_stay_ours(name: str, subject: str) -> None:
    mail = received(name, subject)

    assert mail.get_all("Reply-To") == [OUR_REPLY_TO]
    assert [a.addr_spec for a in mail["To"].addresses] == ["ana@example.com"]
    shown = mail["To"].addresses[0].display_name
    assert words(shown) == words(header_text(name, limit=DISPLAY_NAME_LIMIT))
    assert sorted(mail.keys()) == sorted(EXPECTED_HEADERS)


EXPECTED_HEADERS = [
    "Message-ID", "Date", "From", "To", "Reply-To", "Subject", "Auto-Submitted",
    "X-Auto-Response-Suppress", "X-Helpdesk-Ticket", "X-Helpdesk-Notification",
    "Content-Type", "MIME-Version", "Content-Language",
]  # fmt: skip
