"""The customer's WebSocket, /v1/chat/ws (protocol: /v1/chat/protocol)."""

from __future__ import annotations

import json

import structlog
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from chat.api.frames import (
    CUSTOMER_FRAMES,
    Choice,
    Message,
    Ping,
    Resume,
    Start,
    Typing,
    error_frame,
)
from chat.chat_app import ChatApp
from chat.connections import Outbound, SessionView
from chat.conversation_record import ConversationRecord
from chat.customer_service import (
    CustomerInputRefused,
    customer_says,
    resume_session,
    start_session,
)
from chat.domain.customer_input import CustomerText, MenuChoice
from chat.domain.language import Language
from chat.domain.refusals import refusal_text
from chat.service import TEMPORARY_FAILURES

router = APIRouter()
log = structlog.get_logger(__name__)
TRY_AGAIN = "not stored: the conversation is busy, send it again"


def session_frame(
    record: ConversationRecord, *, token: str | None, resumed: bool
) -> dict[str, object]:
    conversation = record.conversation
    return {
        "type": "session",
        "session_id": record.id,
        "token": token,
        "resumed": resumed,
        "stage": conversation.stage.value,
        "language": conversation.language.value,
        "customer": {"name": conversation.customer_name, "email": conversation.customer_email},
        "last_seq": record.seq,
    }


@router.websocket("/v1/chat/ws")
async def customer_socket(websocket: WebSocket) -> None:
    chat: ChatApp = websocket.app.state.chat
    await websocket.accept()
    outbound = Outbound(websocket)
    view: SessionView | None = None
    try:
        while True:
            try:
                frame = CUSTOMER_FRAMES.validate_json(await websocket.receive_text())
            except (ValidationError, json.JSONDecodeError) as error:
                outbound.send(error_frame("bad_frame", _short(error)))
                continue
            if isinstance(frame, Ping):
                outbound.send({"type": "pong"})
            elif isinstance(frame, Start | Resume):
                if view is not None:
                    await chat.views.unwatch(view)
                view = await _open(chat, websocket, outbound, frame)
            elif view is None:
                language = _language(chat, websocket, None)
                outbound.send(error_frame("no_session", refusal_text("no_session", language)))
            elif isinstance(frame, Typing):
                await signal_typing(chat, view, name=None)
            else:
                await _input(
                    chat, outbound, view.session_id, frame, _language(chat, websocket, view)
                )
    except WebSocketDisconnect:
        pass
    finally:
        if view is not None:
            await chat.views.unwatch(view)
        await outbound.close()


async def _open(
    chat: ChatApp, websocket: WebSocket, outbound: Outbound, frame: Start | Resume
) -> SessionView | None:
    if isinstance(frame, Start):
        tag = frame.language or websocket.headers.get("accept-language")
        started = await start_session(
            chat.service, language=Language.from_tag(tag), name=frame.name, email=frame.email
        )
        outbound.send(session_frame(started.record, token=started.token, resumed=False))
        view = SessionView(started.record.id, outbound)
    else:
        record = await resume_session(chat.service, frame.token)
        if record is None:
            language = _language(chat, websocket, None)
            outbound.send(error_frame("unknown_token", refusal_text("unknown_token", language)))
            return None
        chat.service.recent.keep(record)  # its language words this socket's refusals
        outbound.send(session_frame(record, token=None, resumed=True))
        view = SessionView(record.id, outbound, delivered=min(frame.after_seq, record.seq))
    await chat.views.watch(view)
    return view


def _language(chat: ChatApp, websocket: WebSocket, view: SessionView | None) -> Language:
    """The conversation's language (it may switch), else the handshake's Accept-Language."""
    record = chat.service.recent.get(view.session_id) if view is not None else None
    if record is not None:
        return record.conversation.language
    return Language.from_tag(websocket.headers.get("accept-language"))


async def _input(
    chat: ChatApp, outbound: Outbound, session_id: str, frame: object, language: Language
) -> None:
    if isinstance(frame, Message):
        customer_input: CustomerText | MenuChoice = CustomerText(text=frame.text)
        attachments, client_id = frame.attachments, frame.client_message_id
    elif isinstance(frame, Choice):
        customer_input, attachments, client_id = (
            MenuChoice(value=frame.value),
            (),
            frame.client_message_id,
        )
    else:
        outbound.send(error_frame("bad_frame", "not a customer frame"))
        return
    try:
        seq = await customer_says(
            chat.service,
            chat.attachments,
            session_id=session_id,
            customer_input=customer_input,
            attachment_ids=attachments,
            client_message_id=client_id,
        )
    except CustomerInputRefused as refused:
        detail = refusal_text(refused.code, language, **refused.values)
        outbound.send(error_frame(refused.code, detail, client_message_id=client_id))
        return
    except TEMPORARY_FAILURES as error:
        log.warning("customer message not stored", session=session_id, error=repr(error)[:300])
        busy = refusal_text("busy", language)
        outbound.send(error_frame("busy", busy, client_message_id=client_id))
        return
    outbound.send({"type": "ack", "client_message_id": client_id, "seq": seq})


async def signal_typing(chat: ChatApp, view: SessionView, *, name: str | None) -> None:
    """Typing signals are best effort: one lost to an outage is not worth an error."""
    try:
        await chat.views.signal_typing(view, name=name)
    except TEMPORARY_FAILURES as error:
        log.info("typing signal not relayed", session=view.session_id, error=repr(error)[:200])


def _short(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()[:5]
        )
    return str(error)[:300]
