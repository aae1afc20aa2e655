"""Cursor pagination: `?limit=&cursor=` → `{"items": [...], "next_cursor": ...}`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query

from tickets.adapters.records import TicketRecord
from tickets.adapters.ticket_store import TicketStore
from tickets.app_errors import AppProblem
from tickets.domain.language import Localized

T = TypeVar("T")
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


class BadCursor(AppProblem):
    status = 422
    code = "invalid_cursor"


def before_number(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    if not cursor.isdigit():
        raise BadCursor(Localized("Cursor de paginação inválido.", "Invalid pagination cursor."))
    return int(cursor)


async def ticket_page(
    store: TicketStore, query: dict[str, Any], *, limit: int, cursor: str | None
) -> tuple[list[TicketRecord], str | None]:
    """One page, newest first; the cursor is the last protocol number shown."""
    records = await store.page(query, limit=limit + 1, before=before_number(cursor))
    page = records[:limit]
    next_cursor = str(page[-1].number) if len(records) > limit else None
    return page, next_cursor


def page_of(
    found: Sequence[T], limit: int, cursor_of: Callable[[T], str]
) -> tuple[list[T], str | None]:
    """The first `limit` of `found` (fetched with limit + 1) and the cursor of the next page."""
    page = list(found[:limit])
    return page, cursor_of(page[-1]) if len(found) > limit else None
