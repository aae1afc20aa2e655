"""The JSON frames clients send on the chat WebSockets (see static/chat-protocol.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from chat.domain.storable_text import storable


def _storable_or_none(value: str | None) -> str | None:
    return None if value is None else storable(value)


_Storable = AfterValidator(_storable_or_none)
"""Names, addresses and ids lose characters the store refuses (a NUL) before anything sees
them; message text is cleaned by the use case, which tells the customer."""
_ID = Annotated[str, Field(min_length=1, max_length=100), _Storable]


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Start(_Frame):
    type: Literal["start"]
    name: Annotated[str | None, _Storable] = Field(default=None, max_length=200)
    email: Annotated[str | None, _Storable] = Field(default=None, max_length=320)
    language: Literal["pt-BR", "en"] | None = None


class Resume(_Frame):
    type: Literal["resume"]
    token: str = Field(min_length=10, max_length=200)
    after_seq: int = Field(default=0, ge=0, description="last seq the client already shows")


class Message(_Frame):
    type: Literal["message"]
    text: str = ""
    attachments: tuple[_ID, ...] = ()
    client_message_id: _ID | None = None
    session_id: _ID | None = Field(default=None, description="agents: which conversation")


class Choice(_Frame):
    type: Literal["choice"]
    value: str = Field(min_length=1, max_length=100)
    client_message_id: _ID | None = None


class Ping(_Frame):
    type: Literal["ping"]


class Presence(_Frame):
    type: Literal["presence"]
    status: Literal["online", "away"]


class Accept(_Frame):
    type: Literal["accept"]
    session_id: _ID


class Transfer(_Frame):
    type: Literal["transfer"]
    session_id: _ID
    to_agent: _ID | None = None
    to_group: _ID | None = None


class End(_Frame):
    type: Literal["end"]
    session_id: _ID


class Typing(_Frame):
    """Someone is typing (not stored); agents name the conversation."""

    type: Literal["typing"]
    session_id: _ID | None = Field(default=None, description="agents: which conversation")


CustomerFrame = Annotated[
    Start | Resume | Message | Choice | Typing | Ping, Field(discriminator="type")
]
AgentFrame = Annotated[
    Presence | Accept | Message | Transfer | End | Typing | Ping, Field(discriminator="type")
]
CUSTOMER_FRAMES: TypeAdapter[CustomerFrame] = TypeAdapter(CustomerFrame)
AGENT_FRAMES: TypeAdapter[AgentFrame] = TypeAdapter(AgentFrame)


def error_frame(code: str, detail: str, **extra: object) -> dict[str, object]:
    return {"type": "error", "code": code, "detail": detail, **extra}
