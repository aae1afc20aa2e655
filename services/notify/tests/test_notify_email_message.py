"""The email customers receive: one multipart message threaded into the ticket's conversation."""

from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtplib.email import flatten_message
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.domain.contacts import Channel
from notify.domain.delivery import DeliveryKey
from notify.domain.email_message import (
    EmailThread,
    MailSender,
    build_email,
    message_id_for,
    reply_address,
    thread_references,
)
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.domain.rendering import MessageRenderer

MakeRequest = Callable[..., NotificationRequest]
SENDER = MailSender(display_name="Suporte Acme", local_part="suporte", domain="acme.com.br")
SENT_AT = datetime(2024, 11, 21, 12, 0, tzinfo=UTC)


def email_for(
    request: NotificationRequest,
    *,
    thread: EmailThread | None = None,
    sender: MailSender = SENDER,
) -> EmailMessage:
    recipient = request.recipients[0]
    built = build_email(
        message=MessageRenderer(brand="Acme").render(request, recipient),
        kind=request.kind,
        ticket_number=request.ticket_number,
        to_name=recipient.name,
        to_address="ana@example.com",
        sender=sender,
        thread=thread or EmailThread(reply_token="k7Qz9"),
        delivery_key=DeliveryKey(
            event_id=request.event_id, channel=Channel.EMAIL, recipient=recipient.contact_id
        ),
        sent_at=SENT_AT,
    )
    # What the relay and the customer's client see: the message as aiosmtplib serializes it.
    parsed = message_from_bytes(flatten_message(built), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_email_has_plain_text_and_html_alternatives(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.TICKET_CREATED))
    assert email.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in email.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Nunca pedimos sua senha ou códigos de segurança." in parts["text/plain"]
    assert "<strong>2024000123</strong>" in parts["text/html"]
    assert email["Content-Language"] == "pt-BR"


def test_addresses_subject_and_reply_to_route_answers_back_to_the_ticket(
    make_request: MakeRequest,
) -> None:
    email = email_for(make_request(NotificationKind.TICKET_CREATED))
    assert email["From"] == "Suporte Acme <suporte@acme.com.br>"
    assert email["To"] == "Ana Souza <ana@example.com>"
    assert email["Reply-To"] == "suporte+k7Qz9@acme.com.br"
    assert email["Subject"] == "[#2024000123] Impressora não liga"
    assert email["X-Helpdesk-Ticket"] == "2024000123"
    assert email["Date"] == "Thu, 21 Nov 2024 12:00:00 +0000"


def test_message_id_is_ours_and_the_same_on_every_retry(make_request: MakeRequest) -> None:
    request = make_request(NotificationKind.TICKET_CREATED)
    first, again = email_for(request), email_for(request)
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].endswith("@acme.com.br>")
    other_domain = MailSender("Suporte", "suporte", "acme.com.br", message_id_domain="mail.acme.io")
    assert email_for(request, sender=other_domain)["Message-ID"].endswith("@mail.acme.io>")


def test_message_ids_differ_per_recipient_and_channel() -> None:
    event = "6f1c2a9e-3b44-4d7c-9a51-0e2f5b8c7d10"
    keys = [
        DeliveryKey.model_validate({"event_id": event, "channel": channel, "recipient": who})
        for channel in ("email", "whatsapp")
        for who in ("contact-1", "contact-2")
    ]
    assert len({message_id_for(key, "acme.com.br") for key in keys}) == 4


def test_first_message_of_a_ticket_starts_a_thread(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.TICKET_CREATED))
    assert email["In-Reply-To"] is None
    assert email["References"] is None


def test_later_messages_reply_to_the_latest_and_reference_the_thread(
    make_request: MakeRequest,
) -> None:
    thread = EmailThread(
        earlier_message_ids=("<inbound-1@cliente.com>", "notify.abc@acme.com.br"),
        reply_token="k7Qz9",
    )
    email = email_for(make_request(NotificationKind.STATUS_CHANGED), thread=thread)
    assert email["In-Reply-To"] == "<notify.abc@acme.com.br>"
    assert email["References"] == "<inbound-1@cliente.com> <notify.abc@acme.com.br>"


def test_long_threads_keep_the_root_and_the_latest_references() -> None:
    earlier = [f"<m{i}@acme.com.br>" for i in range(30)]
    references = thread_references(earlier, limit=10)
    assert references == ("<m0@acme.com.br>", *(f"<m{i}@acme.com.br>" for i in range(21, 30)))


def test_broken_and_repeated_message_ids_are_left_out_of_references() -> None:
    earlier = ["<a@x>", "no-at-sign", "<a@x>", "<b@x>\r\nBcc: y@z", " <c@x> "]
    assert thread_references(earlier) == ("<a@x>", "<c@x>")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), max_size=60),
    st.integers(min_value=2, max_value=15),
)
def test_references_are_capped_and_always_end_with_the_latest(
    numbers: list[int], limit: int
) -> None:
    earlier = [f"<m{n}@x>" for n in numbers]
    references = thread_references(earlier, limit=limit)
    assert len(references) <= limit
    assert len(set(references)) == len(references)
    if earlier:
        assert references[0] == earlier[0]
        unique = list(dict.fromkeys(earlier))
        assert references[-1] == unique[-1]


def test_notifications_tell_auto_responders_not_to_answer(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.TICKET_RESOLVED))
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["X-Auto-Response-Suppress"] == "All"


def test_an_agents_reply_is_not_marked_as_automatic(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.AGENT_REPLY))
    assert email["Auto-Submitted"] is None
    assert email["X-Auto-Response-Suppress"] is None
    assert email["X-Helpdesk-Notification"] == "agent_reply"


def test_staff_mail_without_reply_token_has_no_reply_to(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.SLA_BREACHED), thread=EmailThread())
    assert email["Reply-To"] is None


def test_reply_address_refuses_tokens_that_could_break_the_address() -> None:
    assert reply_address("suporte", "a1_B-2", "acme.com.br") == "suporte+a1_B-2@acme.com.br"
    with pytest.raises(ValueError, match="reply token"):
        reply_address("suporte", "x@evil.com>, <y", "acme.com.br")


def test_subject_injection_cannot_add_headers(make_request: MakeRequest) -> None:
    email = email_for(make_request(NotificationKind.TICKET_CREATED, subject="Oi\r\nBcc: spy@x.com"))
    assert email["Bcc"] is None
    assert email["Subject"] == "[#2024000123] Oi Bcc: spy@x.com"


def test_naive_send_time_is_refused(make_request: MakeRequest) -> None:
    request = make_request(NotificationKind.TICKET_CREATED)
    with pytest.raises(ValueError, match="timezone-aware"):
        build_email(
            message=MessageRenderer(brand="Acme").render(request, request.recipients[0]),
            kind=request.kind,
            ticket_number=request.ticket_number,
            to_name="Ana",
            to_address="ana@example.com",
            sender=SENDER,
            thread=EmailThread(),
            delivery_key=DeliveryKey(
                event_id=request.event_id, channel=Channel.EMAIL, recipient="c"
            ),
            sent_at=datetime(2024, 11, 21, 12, 0),
        )
