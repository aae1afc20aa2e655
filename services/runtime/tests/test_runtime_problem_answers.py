"""Every service app answers bad input with a 422 problem naming the field, turns what the
database driver refuses into a 4xx problem, and documents its problem answers in OpenAPI.
The app is the runtime's own (`create_app`), called over ASGI without starting the runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.staff_access import Bearer

PROBLEM = "application/problem+json"


class Note(BaseModel):
    text: str


def example_router() -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/things/{thing_id}")
    async def thing(thing_id: str, group: str | None = None) -> dict[str, str]:
        return {"thing_id": thing_id}

    @router.post("/things/{thing_id}/notes")
    async def note(thing_id: str, body: Note, _: Bearer) -> dict[str, str]:
        raise OverflowError("MongoDB can only handle up to 8-byte ints")

    @router.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        chunks = [chunk async for chunk in request.stream()]
        return {"chunks": len([chunk for chunk in chunks if chunk])}

    @router.post("/files")
    async def upload() -> None:
        raise HTTPException(422, "the file is empty")

    return router


def client() -> httpx.AsyncClient:
    runtime = ServiceRuntime(service="example", settings=ServiceSettings())
    app = create_app(runtime, title="example", routers=[example_router()])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://example")


def problem_fields(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    return [error["field"] for error in answer.json()["errors"]]


async def test_nul_character_anywhere_is_refused_naming_the_field() -> None:
    async with client() as http:
        in_query = await http.get("/v1/things/a?group=a%00b")
        in_path = await http.get("/v1/things/c-x%00")
        in_body = await http.post("/v1/things/a/notes", json={"text": "a\u0000b"})

    assert problem_fields(in_query) == ["query.group"]
    assert problem_fields(in_path) == ["path.thing_id"]
    assert problem_fields(in_body) == ["body.text"]


async def test_route_that_streams_its_own_body_is_not_read_ahead_by_the_guard() -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b'{"text": "a'
        yield b'\\u0000b"}'

    async with client() as http:
        answer = await http.post(
            "/v1/raw", content=body(), headers={"Content-Type": "application/json"}
        )

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"chunks": 2}


async def test_value_the_driver_cannot_encode_is_a_422_problem_not_a_500() -> None:
    async with client() as http:
        answer = await http.post(
            "/v1/things/a/notes",
            json={"text": "ok"},
            headers={"Authorization": "Bearer x", "Accept-Language": "en"},
        )

    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json()["code"] == "unstorable_value"
    assert "too large" in answer.json()["detail"]


async def test_http_errors_and_invalid_fields_share_the_problem_shape() -> None:
    async with client() as http:
        empty_file = await http.post("/v1/files", headers={"Accept-Language": "en"})
        invalid = await http.post("/v1/things/a/notes", json={"text": 3})

    assert empty_file.headers["content-type"].startswith(PROBLEM)
    assert empty_file.json()["detail"] == "the file is empty"
    assert empty_file.json()["title"] == "Invalid data."
    assert problem_fields(invalid) == ["body.text"]
    assert invalid.json()["title"] == "Dados inválidos."


async def test_openapi_declares_problem_answers_with_one_shared_model() -> None:
    async with client() as http:
        document: dict[str, Any] = (await http.get("/openapi.json")).json()

    secured = document["paths"]["/v1/things/{thing_id}/notes"]["post"]["responses"]
    public = document["paths"]["/v1/things/{thing_id}"]["get"]["responses"]
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    assert {"400", "401", "403", "404", "422", "503"} <= set(secured)
    assert {"404", "422"} <= set(public)
    assert "401" not in public
    assert all(secured[s]["content"][PROBLEM]["schema"] == problem_ref for s in ("401", "422"))
    assert "HTTPValidationError" not in document["components"]["schemas"]
