"""The one-time code that proves a chat customer reads the address they typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from chat.conversation_record import ConversationRecord
from chat.domain.action_results import CodeAccepted, CodeRefusal, CodeRefused, CodeSent
from chat.domain.assistant_actions import CheckEmailCode, SendEmailCode
from chat.domain.conversation import Conversation
from chat.email_codes import check_email_code, send_email_code
from chat.settings import ChatSettings
from chat.steps import ChatContext, Step

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EMAIL = "ana@example.com"


def _context() -> ChatContext:
    unused = cast(Any, None)  # codes need only the settings
    return ChatContext(
        profile=unused,
        store=unused,
        tickets=unused,
        roster=unused,
        calendar=unused,
        settings=ChatSettings(),
        clock=lambda: NOW,
    )


def _sent() -> tuple[Step, str]:
    conversation = Conversation(customer_name="Ana", customer_email=EMAIL)
    record = ConversationRecord(id="s-1", token_hash="x", conversation=conversation, started_at=NOW)
    step = Step(record=record, now=NOW)
    assert send_email_code(_context(), step, SendEmailCode(email=EMAIL)) == CodeSent(email=EMAIL)
    [event] = step.events
    code: str = event.payload.code
    assert code not in step.record.model_dump_json()  # only its hash is kept
    return step, code


def test_the_code_emailed_proves_the_address_once() -> None:
    step, code = _sent()
    assert check_email_code(step, CheckEmailCode(code=code)) == CodeAccepted(email=EMAIL)
    again = check_email_code(step, CheckEmailCode(code=code))
    assert again == CodeRefused(reason=CodeRefusal.EXPIRED)


def test_five_wrong_codes_spend_it_even_for_the_right_one_after() -> None:
    step, code = _sent()
    wrong = "000000" if code != "000000" else "111111"
    answers = [check_email_code(step, CheckEmailCode(code=wrong)) for _ in range(5)]
    assert [a.reason for a in answers if isinstance(a, CodeRefused)] == [
        *[CodeRefusal.WRONG] * 4,
        CodeRefusal.EXPIRED,
    ]
    late = check_email_code(step, CheckEmailCode(code=code))
    assert late == CodeRefused(reason=CodeRefusal.EXPIRED)


def test_a_code_past_its_life_is_refused() -> None:
    step, code = _sent()
    step.now = NOW + timedelta(minutes=11)
    assert check_email_code(step, CheckEmailCode(code=code)) == CodeRefused(
        reason=CodeRefusal.EXPIRED
    )


def test_a_conversation_gets_at_most_three_codes() -> None:
    step, _ = _sent()
    context = _context()
    for _ in range(2):
        send_email_code(context, step, SendEmailCode(email=EMAIL))
    fourth = send_email_code(context, step, SendEmailCode(email=EMAIL))
    assert fourth == CodeRefused(reason=CodeRefusal.TOO_MANY_CODES)
    assert len(step.events) == 3
