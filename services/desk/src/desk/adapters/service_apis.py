"""The only way the workspace reaches other services: their public HTTP APIs, with the signed-in
analyst's own staff token (so every service applies that analyst's role and records them as the
author), in the page's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

JSON = dict[str, Any]


class ApiProblem(Exception):
    """A service answered with a problem (4xx/5xx); `detail` is its message for people."""

    def __init__(self, status: int, detail: str, code: str = "") -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.code = code
        """The problem's machine-readable `code` (e.g. version_conflict), when it has one."""


class ServiceUnreachable(Exception):
    """A service did not answer (down, restarting, timed out)."""


class ServiceApis:
    def __init__(
        self,
        *,
        tickets_url: str,
        sla_url: str,
        timeout_s: float,
        chat_url: str = "http://127.0.0.1:8003",
    ) -> None:
        self._client = httpx.AsyncClient(timeout=timeout_s)
        self.tickets_url = tickets_url.rstrip("/")
        self.sla_url = sla_url.rstrip("/")
        self.chat_url = chat_url.rstrip("/")

    async def close(self) -> None:
        await self._client.aclose()

    async def tickets(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        language: str = "pt-BR",
        body: JSON | None = None,
        params: JSON | None = None,
    ) -> JSON:
        return await self._call(method, self.tickets_url + path, token, language, body, params)

    async def chat(self, path: str, *, token: str, language: str = "pt-BR") -> JSON:
        """A GET of chat's agent-side API."""
        return await self._call("GET", self.chat_url + path, token, language, None, None)

    async def chat_file(
        self,
        method: str,
        path: str,
        *,
        token: str,
        language: str = "pt-BR",
        params: JSON | None = None,
        **sent: Any,
    ) -> httpx.Response:
        """A chat attachment call passed through as it answered (upload or download)."""
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": language}
        try:
            return await self._client.request(
                method, self.chat_url + path, headers=headers, params=params, **sent
            )
        except httpx.HTTPError as error:
            raise ServiceUnreachable(f"{path}: {error!r}") from error

    async def sla_of(self, number: int, *, token: str, language: str) -> JSON | None:
        """The ticket's SLA clocks; None while sla has not seen the ticket yet."""
        try:
            return await self._call(
                "GET", f"{self.sla_url}/v1/tickets/{number}/sla", token, language, None, None
            )
        except ApiProblem as problem:
            if problem.status == 404:
                return None
            raise

    async def ticket_file(self, number: int, attachment_id: str, *, token: str) -> httpx.Response:
        """A file of the ticket as tickets answers it: 200 with the bytes, 307 to a signed link
        on the service that keeps them, or a problem."""
        path = f"/v1/tickets/{number}/files/{quote(attachment_id, safe='')}"
        try:
            return await self._client.get(
                self.tickets_url + path, headers={"Authorization": f"Bearer {token}"}
            )
        except httpx.HTTPError as error:
            raise ServiceUnreachable(f"{path}: {error!r}") from error

    async def upload(
        self, files: list[tuple[str, bytes, str]], *, token: str, language: str
    ) -> list[str]:
        """Upload (name, bytes, type) files for a reply; the ids tickets gave them."""
        try:
            response = await self._client.post(
                self.tickets_url + "/v1/uploads",
                files=[("files", file) for file in files],
                headers={"Authorization": f"Bearer {token}", "Accept-Language": language},
            )
        except httpx.HTTPError as error:
            raise ServiceUnreachable(f"/v1/uploads: {error!r}") from error
        if response.status_code >= 400:
            raise ApiProblem(response.status_code, *_detail(response))
        return [str(a["attachment_id"]) for a in response.json()["attachments"]]

    async def sla_clocks(
        self, state: str, *, cursor: str | None, token: str, language: str
    ) -> JSON:
        """A page of the open tickets whose SLA is `state` (at_risk or breached)."""
        params = {"state": state, "limit": 50, "cursor": cursor}
        return await self._call("GET", f"{self.sla_url}/v1/clocks", token, language, None, params)

    async def _call(
        self,
        method: str,
        url: str,
        token: str | None,
        language: str,
        body: JSON | None,
        params: JSON | None,
    ) -> JSON:
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = await self._client.request(
                method, url, headers=headers, json=body, params=clean
            )
        except httpx.HTTPError as error:
            raise ServiceUnreachable(f"{url}: {error!r}") from error
        if response.status_code >= 400:
            raise ApiProblem(response.status_code, *_detail(response))
        if response.status_code == 204 or not response.content:
            return {}
        answer: JSON = response.json()
        return answer


def _detail(response: httpx.Response) -> tuple[str, str]:
    """The problem's message for people and its code."""
    try:
        problem = response.json()
    except ValueError:
        return response.reason_phrase, ""
    if isinstance(problem, dict):
        detail = problem.get("detail") or problem.get("title") or response.reason_phrase
        return str(detail), str(problem.get("code") or "")
    return response.reason_phrase, ""
