"""The chat widget as a customer uses it in Chromium: the assistant's article is a link, quick
replies show their label and cannot be pressed twice, a refused message stays in the box with
the reason in the page's language, messages carry their time, the attach button is reachable by
keyboard, and «Nova conversa» starts over."""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest
from playwright.async_api import Browser, FilePayload, Page, expect

from services.chat.tests.chat_live import accepts_agent, agent
from tests.browser.conftest import PagesSystem
from tests.support.browser import VIEWPORTS, assert_accessible, horizontal_overflow, screenshot
from tests.support.processes import eventually

pytestmark = pytest.mark.e2e  # the page services run as separate processes


async def say(page: Page, text: str, label: str = "Mensagem") -> None:
    await page.get_by_label(label).fill(text)
    await page.get_by_label(label).press("Enter")


async def test_customer_asks_the_assistant_and_starts_over(
    page: Page, pages_system: PagesSystem
) -> None:
    log = page.locator("#log")
    await page.goto(f"{pages_system.url('chat')}/widget")
    await expect(log).to_contain_text("como posso te chamar?")
    await say(page, "Ana Souza")
    await expect(log).to_contain_text("Qual é o seu e-mail?")
    await say(page, f"ana.{uuid.uuid4().hex[:8]}@example.com.br")
    await log.get_by_role("button", name="Tirar uma dúvida").click()
    await expect(log).to_contain_text("Pode perguntar!")
    await say(page, "quero reabrir meu chamado que foi resolvido")

    article = log.locator('a[href="/kb/pt-BR/reabrir-chamado"]').first
    await expect(article).to_be_visible()
    helped = log.get_by_role("button", name="Sim").last
    await helped.click()
    await expect(log.locator(".customer").last).to_contain_text("Sim")
    await expect(helped).to_be_disabled()
    await expect(helped.locator("xpath=..").locator("button:enabled")).to_have_count(0)
    await expect(log.get_by_role("button", name="Tirar uma dúvida").first).to_be_disabled()
    await expect(log.locator(".msg time").first).to_have_text(re.compile(r"^\d\d:\d\d$"))
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "chat-widget")

    too_long = "palavra " * 520  # over 4 000 characters
    await say(page, too_long)
    await expect(page.get_by_role("status")).to_contain_text("4.000 caracteres")
    await expect(page.get_by_label("Mensagem")).to_have_value(too_long)
    await page.get_by_label("Mensagem").focus()
    await page.keyboard.press("Shift+Tab")
    focused = await page.evaluate("document.activeElement.id")

    await page.get_by_role("button", name="Nova conversa").click()
    await expect(log.locator(".customer")).to_have_count(0)
    await expect(log).to_contain_text("como posso te chamar?")
    await assert_accessible(page)

    assert focused == "attach"


async def test_one_script_tag_puts_a_chat_launcher_on_any_page(
    page: Page, pages_system: PagesSystem
) -> None:
    chat = pages_system.url("chat")
    await page.set_content(
        f"<!doctype html><html lang='pt-BR'><head><title>Loja</title></head><body><main>"
        f"<h1>Loja da Ana</h1></main><script src='{chat}/widget.js'></script></body></html>"
    )
    launcher = page.get_by_role("button", name="Abrir chat")
    await launcher.focus()
    await page.keyboard.press("Enter")
    widget = page.frame_locator("iframe[title='Chat de atendimento']")
    await expect(widget.locator("#log")).to_contain_text("como posso te chamar?")
    await expect(page.get_by_role("button", name="Fechar chat")).to_have_attribute(
        "aria-expanded", "true"
    )
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "chat-launcher")


async def test_customer_and_agent_see_each_other_typing_and_refusals_speak_english(
    chromium: Browser, pages_system: PagesSystem
) -> None:
    """One English-speaking customer on a phone: the server words the refusal of a file type in
    English, and typing shows both ways once an agent (a real agent socket) has the chat."""
    chat = pages_system.processes["chat"]
    eventually(lambda: accepts_agent(chat, pages_system.agent_token), what="chat knows Bruna")
    context = await chromium.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
    context.set_default_timeout(20_000)
    page = await context.new_page()
    log = page.locator("#log")
    try:
        async with agent(chat, pages_system.agent_token) as bruna:
            await page.clock.install()  # runs in real time; moved ahead past a typing throttle
            await page.goto(f"{chat.url}/widget")
            await expect(log).to_contain_text("what is your name?")
            await say(page, "Liam Smith", "Message")
            await say(page, f"liam.{uuid.uuid4().hex[:8]}@example.com", "Message")
            await expect(log).to_contain_text("How can I help?")
            program = FilePayload(
                name="setup.exe", mimeType="application/x-msdownload", buffer=b"MZ" * 64
            )
            await page.locator("#file").set_input_files(program)
            await expect(page.get_by_role("status")).to_contain_text("File type not accepted")

            await say(page, "agent", "Message")
            card = await bruna.wait_for(
                lambda f: f["type"] == "queue" and bool(f["items"]), "the chat in the queue"
            )
            session_id = card["items"][0]["session_id"]
            await bruna.send(type="accept", session_id=session_id)
            await expect(log).to_contain_text("Bruna Atendente")
            await bruna.wait_for(
                lambda f: f["type"] == "assigned" and f["session_id"] == session_id, "assigned"
            )
            await bruna.send(type="typing", session_id=session_id)
            await expect(page.locator("#typing")).to_have_text("Bruna Atendente is typing…")
            await assert_accessible(page)

            # filling the fields above signalled typing: the widget's next signal waits out 2 s
            # (page clock) and chat drops a socket's signals closer than 1 s (real time)
            await page.clock.fast_forward(2_500)
            await asyncio.sleep(1.1)
            await page.get_by_label("Message").press_sequentially("hello")
            await bruna.wait_for(
                lambda f: f == {"type": "typing", "session_id": session_id, "who": "customer"},
                "the customer typing, on the agent's socket",
            )
            await bruna.send(type="message", session_id=session_id, text="Hi Liam!")
            await expect(log).to_contain_text("Hi Liam!")
            await expect(page.locator("#typing")).to_have_text("")
            await bruna.send(type="end", session_id=session_id)
    finally:
        await context.close()
