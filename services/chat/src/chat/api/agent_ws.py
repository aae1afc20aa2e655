"""The agents' WebSocket, /v1/agent/ws, with a staff bearer token (protocol: /v1/chat/protocol).

Tokens are issued by tickets (`python -m tickets.admin issue-token`) and checked on chat's copy of
its staff directory; a connected agent whose token is revoked, or who is deactivated, loses the
socket within `agent_credential_check_s`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import structlog
from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from pymongo.errors import PyMongoError

from chat import agent_service
from chat.agent_desk import AgentLink
from chat.api.customer_ws import TRY_AGAIN, _short, signal_typing
from chat.api.frames import (
    AGENT_FRAMES,
    Accept,
    End,
    Message,
    Ping,
    Presence,
    Transfer,
    Typing,
    error_frame,
)
from chat.chat_app import ChatApp
from chat.connections import Outbound
from chat.service import TEMPORARY_FAILURES
from chat.settings import AgentIdentity
from helpdesk_runtime.staff_access import Bearer, bearer_token, unauthenticated

router = APIRouter()
log = structlog.get_logger(__name__)
UNAUTHORIZED = 4401
TRY_AGAIN_LATER = 1013


async def staff_identity(chat: ChatApp, token: str | None) -> AgentIdentity | None:
    """The agent a valid staff token names, as the staff directory describes them now."""
    credential = await chat.staff.verify(token) if token else None
    if credential is None:
        return None
    return AgentIdentity(
        id=credential.agent_id,
        name=credential.name,
        groups=credential.groups,
        email=credential.email,
    )


@router.get("/v1/agent/me", summary="The agent a staff token names, as the agent socket sees them")
async def who_am_i(request: Request, bearer: Bearer) -> dict[str, Any]:
    agent = await staff_identity(request.app.state.chat, bearer.credentials if bearer else None)
    if agent is None:
        raise unauthenticated()
    return agent.model_dump(mode="json")


async def _close_when_token_ends(chat: ChatApp, websocket: WebSocket, token: str) -> None:
    while True:
        await asyncio.sleep(chat.settings.agent_credential_check_s)
        try:
            still_valid = await chat.staff.verify(token) is not None
        except PyMongoError as error:  # outage: keep the agent on, check again next round
            log.warning("agent token not checked", error=repr(error)[:300])
            continue
        if not still_valid:
            await websocket.close(code=UNAUTHORIZED, reason="the staff token is no longer valid")
            return


@router.websocket("/v1/agent/ws")
async def agent_socket(websocket: WebSocket) -> None:
    chat: ChatApp = websocket.app.state.chat
    # The Authorization header, or `access_token` for browsers (they cannot set headers here).
    token = bearer_token(websocket.headers.get("authorization"))
    token = token or websocket.query_params.get("access_token")
    try:
        agent = await staff_identity(chat, token)
    except PyMongoError as error:  # the directory is unreachable: the client should retry
        log.warning("agent token not checked", error=repr(error)[:300])
        await websocket.close(code=TRY_AGAIN_LATER, reason="temporarily unavailable")
        return
    if agent is None or token is None:
        await websocket.close(code=UNAUTHORIZED, reason="a valid staff bearer token is required")
        return
    await websocket.accept()
    watch = asyncio.create_task(_close_when_token_ends(chat, websocket, token))
    outbound = Outbound(websocket)
    link = AgentLink(agent, outbound)
    roster, clock = chat.service.context.roster, chat.service.context.clock
    await roster.set_presence(agent, "online", clock())
    outbound.send({"type": "hello", "agent": agent.model_dump(mode="json"), "presence": "online"})
    await chat.desk.join(link)
    try:
        while True:
            try:
                frame = AGENT_FRAMES.validate_json(await websocket.receive_text())
            except (ValidationError, json.JSONDecodeError) as error:
                outbound.send(error_frame("bad_frame", _short(error)))
                continue
            await _handle(chat, link, frame)
    except WebSocketDisconnect:
        pass
    finally:
        watch.cancel()
        await chat.desk.leave(link)
        if not chat.desk.links.get(agent.id):
            await roster.set_presence(agent, "offline", clock())
        await outbound.close()


async def _handle(chat: ChatApp, link: AgentLink, frame: object) -> None:
    service, agent, outbound = chat.service, link.agent, link.outbound
    client_id = frame.client_message_id if isinstance(frame, Message) else None
    try:
        if isinstance(frame, Ping):
            outbound.send({"type": "pong"})
        elif isinstance(frame, Presence):
            link.presence = frame.status
            await service.context.roster.set_presence(agent, frame.status, service.context.clock())
            outbound.send({"type": "presence", "status": frame.status})
        elif isinstance(frame, Accept):
            await agent_service.accept(service, agent, frame.session_id)
        elif isinstance(frame, Message):
            if frame.session_id is None:
                raise agent_service.AgentActionRefused("bad_frame", "session_id is required")
            refs = await _attachments(chat, frame.session_id, frame.attachments)
            seq = await agent_service.agent_says(service, agent, frame.session_id, frame.text, refs)
            outbound.send(
                {
                    "type": "ack",
                    "session_id": frame.session_id,
                    "client_message_id": client_id,
                    "seq": seq,
                }
            )
        elif isinstance(frame, Transfer):
            await agent_service.transfer(
                service, agent, frame.session_id, to_agent=frame.to_agent, to_group=frame.to_group
            )
        elif isinstance(frame, End):
            await agent_service.end(service, agent, frame.session_id)
        elif isinstance(frame, Typing):
            view = link.sessions.get(frame.session_id or "")
            if view is None:
                raise agent_service.AgentActionRefused("not_yours", "not one of your conversations")
            await signal_typing(chat, view, name=agent.name)
    except agent_service.AgentActionRefused as refused:
        outbound.send(error_frame(refused.code, str(refused), client_message_id=client_id))
    except TEMPORARY_FAILURES as error:
        log.warning("agent action not stored", agent=agent.id, error=repr(error)[:300])
        outbound.send(error_frame("busy", TRY_AGAIN, client_message_id=client_id))


async def _attachments(chat: ChatApp, session_id: str, ids: tuple[str, ...]) -> tuple:  # type: ignore[type-arg]
    limit = chat.settings.attachments_per_message
    if len(ids) > limit:
        raise agent_service.AgentActionRefused(
            "too_many_attachments", f"at most {limit} per message"
        )
    refs = []
    for attachment_id in ids:
        found = await chat.attachments.ref(attachment_id)
        if found is None or found[1] != session_id:
            raise agent_service.AgentActionRefused(
                "unknown_attachment", f"no attachment {attachment_id!r}"
            )
        refs.append(found[0])
    return tuple(refs)
