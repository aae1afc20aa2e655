""" "Meus chamados" in the browser: the emailed link opens an «Entrar» page, the customer reads
and works on their own tickets through HTML forms (real HTTP, cookies kept), never sees
internal notes or other people's tickets, in pt-BR or English."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.tickets.tests.integration.conftest import TicketsUnderTest, link_code
from services.tickets.tests.integration.portal_browser import Browser, hidden_fields, new_browser
from tickets.domain.status import TicketStatus

Browsers = Callable[..., Browser]


@pytest.fixture
async def browsers(tickets: TicketsUnderTest) -> AsyncIterator[Browsers]:
    opened: list[Browser] = []

    def open_browser(**headers: str) -> Browser:
        opened.append(new_browser(tickets, **headers))
        return opened[-1]

    yield open_browser
    for browser in opened:
        await browser.http.aclose()


async def new_ticket(tickets: TicketsUnderTest, **fields: Any) -> tuple[int, str]:
    """A ticket from a new customer: (protocol number, the customer's email)."""
    sent = await tickets.publish(**fields)
    record = await tickets.ticket_holding(sent.payload.inbound_id)
    assert record.requester.email is not None
    return record.number, record.requester.email


async def test_customer_follows_the_link_and_comments_resolves_and_rates(
    tickets: TicketsUnderTest, browsers: Browsers, bearer: Any
) -> None:
    number, email = await new_ticket(tickets, subject="Segunda via do boleto")
    _, agent = await tickets.token()
    staff_url = f"/v1/tickets/{number}"
    await tickets.client.post(
        f"{staff_url}/notes", json={"text": "Cliente difícil"}, headers=bearer(agent)
    )
    await tickets.client.post(
        f"{staff_url}/replies", json={"text": "Já reenviamos o boleto."}, headers=bearer(agent)
    )
    me = browsers()

    link = await me.ask_for_link(email)
    scanned = await browsers().open(link)  # a mail scanner fetching the link first
    entry = await me.open(link)
    entered = await me.http.post(
        "/meus-chamados/entrar", data=hidden_fields(entry), follow_redirects=False
    )
    listed = await me.open(entered.headers["location"])
    page = await me.open(f"/meus-chamados/{number}")
    commented = await me.submit(
        page, f"/meus-chamados/{number}/comentarios", text="Recebi, obrigado."
    )
    resolved = await me.submit(commented, f"/meus-chamados/{number}/resolver")
    rated = await me.submit(
        resolved, f"/meus-chamados/{number}/avaliacao", rating="5", comment="Rápido!"
    )

    assert link.startswith(f"{tickets.url}/meus-chamados?code=")
    assert scanned.status_code == entry.status_code == 200
    assert "Entrar" in entry.text
    assert 'lang="pt-BR"' in entry.text
    assert entered.status_code == 303
    cookie = entered.headers["set-cookie"].lower()
    assert {"httponly", "samesite=strict", "path=/meus-chamados", "max-age=604800"} <= {
        part.strip() for part in cookie.split(";")
    }
    assert "secure" not in cookie  # plain http on loopback; https adds it
    assert f">{number}</a>" in listed.text
    assert "Segunda via do boleto" in listed.text
    assert "Em andamento" in listed.text
    assert "Já reenviamos o boleto." in page.text
    assert "Cliente difícil" not in page.text + commented.text + rated.text
    assert "Recebi, obrigado." in commented.text
    assert "Resolvido" in resolved.text
    assert "Avalie o atendimento" in resolved.text
    assert "escreva aqui: abriremos um novo chamado ligado a este" in resolved.text
    assert "nota 5 de 5" in rated.text
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    assert "Cliente difícil" in [c.body for c in stored.ticket.comments]  # kept for staff
    assert stored.ticket.csat is not None
    assert (stored.ticket.status, stored.ticket.csat.score) == (TicketStatus.RESOLVED, 5)
    assert stored.ticket.csat.comment == "Rápido!"


async def test_link_works_once_and_a_used_one_offers_a_new_link(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    _, email = await new_ticket(tickets)
    mine, someone_else = browsers(), browsers()
    link = await mine.ask_for_link(email)
    entry = await mine.open(link)

    first = await mine.submit(entry, "/meus-chamados/entrar")
    reused = await someone_else.submit(entry, "/meus-chamados/entrar")

    assert first.status_code == 200
    assert "<h1>Meus chamados</h1>" in first.text
    assert reused.status_code == 400
    assert "inválido, expirou ou já foi usado" in reused.text
    assert 'action="/meus-chamados/link?lang=pt-BR"' in reused.text
    assert "meus_chamados" not in someone_else.http.cookies


async def test_another_requesters_ticket_is_a_not_found_page(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    _, email = await new_ticket(tickets)
    theirs, _ = await new_ticket(tickets, text="Meu pedido sumiu.")
    me = browsers()
    listed = await me.sign_in(email)

    viewed = await me.open(f"/meus-chamados/{theirs}")
    commented = await me.submit(listed, f"/meus-chamados/{theirs}/comentarios", text="Oi")

    assert viewed.status_code == commented.status_code == 404
    assert f"Chamado nº {theirs} não encontrado." in viewed.text
    assert "Meu pedido sumiu." not in viewed.text
    stored = await tickets.deps.tickets.get(theirs)
    assert stored is not None
    assert len(stored.ticket.comments) == 1


async def test_comment_on_a_ticket_resolved_meanwhile_opens_a_linked_ticket(
    tickets: TicketsUnderTest, browsers: Browsers, bearer: Any
) -> None:
    number, email = await new_ticket(tickets)
    me = browsers(**{"Accept-Language": "en-US,en;q=0.8"})
    await me.sign_in(email)
    page = await me.open(f"/meus-chamados/{number}")
    _, agent = await tickets.token()
    await tickets.client.patch(
        f"/v1/tickets/{number}", json={"status": "resolved"}, headers=bearer(agent)
    )

    followed = await me.submit(page, f"/meus-chamados/{number}/comentarios", text="One more thing")

    assert followed.status_code == 200  # after the 303 to the ticket that took the text
    assert "This ticket continues ticket <a" in followed.text
    assert "One more thing" in followed.text
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    assert "One more thing" not in [c.body for c in stored.ticket.comments]


async def test_pages_speak_english_by_choice_or_by_browser_language(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    number, email = await new_ticket(tickets)
    by_browser = browsers(**{"Accept-Language": "en-GB,en;q=0.9"})
    listed = await by_browser.sign_in(email)
    by_choice = await browsers().open(f"/meus-chamados/{number}?lang=en")
    page = await by_browser.open(f"/meus-chamados/{number}")
    in_portuguese = await by_browser.open(f"/meus-chamados/{number}?lang=pt-BR")

    assert 'lang="en"' in listed.text
    assert "My tickets" in listed.text
    assert "Waiting" in listed.text
    assert "Last activity" in listed.text
    assert "Access your tickets" in by_choice.text  # not signed in there: ask for a link
    assert f"Ticket #{number}" in page.text
    assert "Mark as resolved" in page.text
    assert "Em espera" in in_portuguese.text
    assert "Marcar como resolvido" in in_portuguese.text


async def test_forms_from_other_pages_are_refused(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    number, email = await new_ticket(tickets)
    me = browsers()
    await me.sign_in(email)
    entry = await me.open(await me.ask_for_link(email))

    without_token = await me.http.post(
        f"/meus-chamados/{number}/comentarios", data={"text": "Forjado"}
    )
    from_elsewhere = await browsers(Origin="https://golpe.example").submit(
        entry, "/meus-chamados/entrar"
    )
    still_valid = await browsers().submit(entry, "/meus-chamados/entrar")

    assert without_token.status_code == from_elsewhere.status_code == 403
    assert "Formulário expirado" in without_token.text
    assert still_valid.status_code == 200  # the refused attempt did not spend the code
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    assert "Forjado" not in [c.body for c in stored.ticket.comments]


async def test_origin_null_passes_only_with_the_sessions_form_token(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    number, email = await new_ticket(tickets)
    me = browsers(Origin="null")
    entry = await browsers().open(await browsers().ask_for_link(email))
    signed_out_form = await browsers(Origin="null").submit(entry, "/meus-chamados/entrar")
    me.http.cookies.update(await _signed_in_cookie(browsers, email))
    page = await me.open(f"/meus-chamados/{number}")
    commented = await me.submit(page, f"/meus-chamados/{number}/comentarios", text="Sem origem")
    without_token = await me.http.post(
        f"/meus-chamados/{number}/comentarios", data={"text": "Forjado sem origem"}
    )

    assert signed_out_form.status_code == 403
    assert commented.status_code == 200
    assert "Sem origem" in commented.text
    assert without_token.status_code == 403
    assert page.headers["referrer-policy"] == "strict-origin"


async def _signed_in_cookie(browsers: Browsers, email: str) -> dict[str, str]:
    """The session cookie of a browser that signed in as `email`."""
    signed_in = browsers()
    await signed_in.sign_in(email)
    return dict(signed_in.http.cookies.items())


async def test_without_a_valid_session_pages_ask_for_a_link_and_sign_out_ends_it(
    tickets: TicketsUnderTest, browsers: Browsers
) -> None:
    number, email = await new_ticket(tickets)
    stranger = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"
    me = browsers()
    listed = await me.sign_in(email)
    signed_out = await me.submit(listed, "/meus-chamados/sair")
    after = await me.open(f"/meus-chamados/{number}")
    with_forged_cookie = await browsers().open("/meus-chamados", Cookie="meus_chamados=forjado")
    unknown = await browsers().submit(signed_out, "/meus-chamados/link", email=stranger)
    known = await browsers().submit(signed_out, "/meus-chamados/link", email=email)

    assert "Acesse seus chamados" in signed_out.text
    assert "meus_chamados" not in me.http.cookies
    assert "Acesse seus chamados" in after.text
    assert "Boleto não chegou" not in after.text
    assert "Sua sessão terminou" in with_forged_cookie.text
    assert 'meus_chamados=""' in with_forged_cookie.headers["set-cookie"]
    assert unknown.status_code == known.status_code == 200
    assert unknown.text == known.text  # nobody learns which addresses are customers


async def test_session_cookie_is_secure_over_https(tickets: TicketsUnderTest) -> None:
    _, email = await new_ticket(tickets)
    await tickets.client.post("/v1/customer/magic-link", json={"email": email})
    [sent] = await tickets.magic_links_to(email)

    entered = await tickets.client.post(
        "https://tickets/meus-chamados/entrar", data={"code": link_code(sent["link"])}
    )

    assert entered.status_code == 303
    assert "secure" in entered.headers["set-cookie"].lower().split("; ")
