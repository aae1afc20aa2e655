"""One-time codes that prove a chat customer reads the email address they typed.

The code goes out as `customer.email_code_requested` (notify emails it, like a sign-in link);
only its hash stays in the conversation, with an expiry and a number of tries. Comparison is
in constant time; a wrong code spends a try, and the code is spent once it worked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from chat.conversation_record import EmailCode
from chat.domain.action_results import CodeAccepted, CodeRefusal, CodeRefused, CodeSent
from chat.domain.assistant_actions import CheckEmailCode, SendEmailCode
from chat.domain.email_proof_flow import CODE_LENGTH
from chat.steps import ChatContext, Step
from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.customers import CustomerEmailCodeRequested


def _hash(session_id: str, code: str) -> str:
    return hashlib.sha256(f"{session_id}:{code}".encode()).hexdigest()


def send_email_code(
    context: ChatContext, step: Step, action: SendEmailCode
) -> CodeSent | CodeRefused:
    """Queue the email with a fresh code (it replaces any earlier one)."""
    settings, record = context.settings, step.record
    if record.codes_sent >= settings.email_codes_per_conversation:
        return CodeRefused(reason=CodeRefusal.TOO_MANY_CODES)
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    expires_at = step.now + timedelta(seconds=settings.email_code_valid_s)
    kept = EmailCode(
        code_hash=_hash(record.id, code),
        email=action.email,
        expires_at=expires_at,
        tries_left=settings.email_code_tries,
    )
    step.update(email_code=kept, codes_sent=record.codes_sent + 1)
    conversation = record.conversation
    payload = CustomerEmailCodeRequested(
        session_id=record.id,
        name=conversation.customer_name,
        email=action.email,
        language=conversation.language.value,
        code=code,
        expires_at=expires_at,
    )
    correlation = f"chat-{record.id}"
    step.events.append(new_envelope(payload, producer="chat", correlation_id=correlation))
    return CodeSent(email=action.email)


def check_email_code(step: Step, action: CheckEmailCode) -> CodeAccepted | CodeRefused:
    """Whether the code typed is the live one; a wrong one spends a try."""
    kept = step.record.email_code
    if kept is None or kept.expires_at <= step.now or kept.tries_left < 1:
        step.update(email_code=None)
        return CodeRefused(reason=CodeRefusal.EXPIRED)
    if hmac.compare_digest(kept.code_hash, _hash(step.record.id, action.code)):
        step.update(email_code=None)
        return CodeAccepted(email=kept.email)
    left = kept.tries_left - 1
    step.update(email_code=kept.model_copy(update={"tries_left": left}) if left else None)
    return CodeRefused(reason=CodeRefusal.WRONG if left else CodeRefusal.EXPIRED)
