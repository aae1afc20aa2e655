"""Input no service can keep is refused at the door, the same way everywhere.

A NUL character (U+0000) in a path, a query or a JSON string cannot be stored (the database
refuses it, in a key even the driver does) and is never part of a real name, note or address;
every route answers it with a 422 that names the field, before any handler runs. Numbers the
store cannot hold (beyond 64 bits) and other values the driver refuses are answered 422 too,
by `refuse_unstorable_values`, instead of a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

import structlog
from bson.errors import InvalidDocument, InvalidStringData
from fastapi import FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.requests import HTTPConnection

from helpdesk_runtime.problem_details import problem_response

NUL = "\x00"
LARGEST_STORED_INTEGER = 2**63 - 1
"""The largest integer the database keeps (a signed 64-bit integer)."""
TicketNumber = Annotated[
    int, Path(ge=1, le=LARGEST_STORED_INTEGER, description="The ticket's protocol number")
]
"""A ticket number in a path: beyond what the store keeps it is a 422, not a 500."""
_NUL_MESSAGE = "The NUL character (U+0000) is not allowed."
log = structlog.get_logger(__name__)


async def refuse_nul_characters(connection: HTTPConnection) -> None:
    """An app-wide dependency: 422 for a NUL in a path parameter, a query or a JSON body."""
    if connection.scope["type"] != "http":
        return
    places: list[tuple[str, ...]] = [
        *(("path", name) for name, value in connection.path_params.items() if NUL in str(value)),
        *(("query", name) for name, value in connection.query_params.multi_items() if NUL in value),
        *(("query", name) for name in connection.query_params if NUL in name),
    ]
    if isinstance(connection, Request) and _is_json(connection) and _reads_its_body(connection):
        body = await connection.body()
        if b"\\u0000" in body:
            places.extend(("body", *where) for where in _nul_places(_parsed(body)))
    if places:
        raise RequestValidationError(
            [{"type": "nul_character", "loc": place, "msg": _NUL_MESSAGE} for place in places]
        )


def _reads_its_body(request: Request) -> bool:
    """Whether FastAPI reads the whole body for this route anyway. A route that streams its
    body itself (within its own size limit) checks what it reads."""
    route = request.scope.get("route")
    return isinstance(route, APIRoute) and route.body_field is not None


def _is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _parsed(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:  # not JSON at all: the route's own validation says so
        return None


def _nul_places(value: Any, where: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, str) and NUL in value:
        yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*where, key)
            else:
                yield from _nul_places(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_places(item, (*where, str(index)))


async def _unstorable_value(request: Request, error: Exception) -> JSONResponse:
    log.warning(
        "request refused: a value the database cannot store",
        path=request.url.path,
        error=f"{type(error).__name__}: {error}"[:300],
    )
    return problem_response(
        request,
        422,
        code="unstorable_value",
        detail=(
            "Um valor enviado não pode ser guardado (número grande demais ou caractere inválido).",
            "A value sent cannot be stored (a number too large or a character not allowed).",
        ),
    )


def refuse_unstorable_values(app: FastAPI) -> None:
    """Last resort: what the database driver refuses to encode is the caller's input, so it
    is answered as a 422 problem (and logged) rather than a 500."""
    for error in (OverflowError, InvalidDocument, InvalidStringData):
        app.add_exception_handler(error, _unstorable_value)
