"""Rating the service from the resolution e-mail, without signing in.

The e-mail's link is `/meus-chamados/{number}/avaliar?token=<reply token>`: the ticket's reply
token (96 random bits, the same secret the e-mail's Reply-To address carries) is the proof that
the visitor holds the requester's mail. Tickets already stores it, so no signing key has to be
shared with notify, which writes the e-mail. The link rates once: the domain accepts a single
rating per ticket, after which the page shows the rating given. It opens a page and only its
POST rates, so a mail scanner fetching the link changes nothing.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from tickets import customer_actions as actions
from tickets.adapters.records import TicketRecord
from tickets.api.auth import Deps
from tickets.api.customer import RatingRequest
from tickets.domain.errors import TicketRuleViolation
from tickets.domain.language import Localized
from tickets.portal.pages import forged_page, render, url_in
from tickets.portal.session import PORTAL, Visit, Visitor, forged
from tickets.portal.texts import TEXTS
from tickets.service import Dependencies

router = APIRouter(prefix=PORTAL, include_in_schema=False)
FormField = Annotated[str, Form()]


async def _ticket_for(deps: Dependencies, number: int, token: str) -> TicketRecord | None:
    record = await deps.tickets.get(number)
    if record is None or not token or not record.reply_token:
        return None
    return record if hmac.compare_digest(record.reply_token, token) else None


def _rating_page(
    visit: Visit,
    record: TicketRecord,
    token: str,
    *,
    error: Localized | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    ticket = record.ticket
    return render(
        "rate_by_link.html",
        visit,
        path=f"{PORTAL}/{ticket.number}/avaliar",
        query={"token": token},
        number=ticket.number,
        subject=ticket.subject,
        token=token,
        rating=ticket.csat,
        error=error.in_language(visit.language) if error else None,
        status_code=status_code,
    )


def _link_invalid(visit: Visit) -> HTMLResponse:
    return render("rating_link_invalid.html", visit, status_code=404)


@router.get("/{number:int}/avaliar")
async def rating_page(number: int, visit: Visitor, deps: Deps, token: str = "") -> Response:
    record = await _ticket_for(deps, number, token)
    return _link_invalid(visit) if record is None else _rating_page(visit, record, token)


@router.post("/{number:int}/avaliar")
async def rate_by_link(
    number: int,
    visit: Visitor,
    deps: Deps,
    token: FormField = "",
    rating: FormField = "",
    comment: FormField = "",
    form_token: FormField = "",
) -> Response:
    if forged(visit, form_token):
        return forged_page(visit)
    record = await _ticket_for(deps, number, token)
    if record is None:
        return _link_invalid(visit)
    try:
        given = RatingRequest.model_validate({"rating": rating, "comment": comment})
    except ValidationError:
        return _rating_page(visit, record, token, error=TEXTS["rate_invalid"], status_code=422)
    change = actions.rating(record.ticket.requester_id, given.rating, given.comment)
    try:
        await actions.change_own(deps, number, change, requester_id=record.ticket.requester_id)
    except TicketRuleViolation as refused:
        return _rating_page(
            visit, record, token, error=refused.reason, status_code=refused.http_status
        )
    done = url_in(visit.language, f"{PORTAL}/{number}/avaliar", {"token": token})
    return RedirectResponse(done, status_code=303)
