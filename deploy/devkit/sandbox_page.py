"""The sandbox's page: every conversation both ways, as a phone would show it (pt-BR)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from deploy.devkit.conversations import SERVICE_WINDOW, SandboxMessage
from deploy.devkit.sandbox_config import WhatsAppDevConfig

STYLESHEET = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem;
       background: #f0ebe4; color: #111; }
header p, header pre { margin: .4rem 0; }
pre { background: #fff; padding: .5rem; overflow-x: auto; border-radius: 4px; }
section { background: #e5ddd5; border-radius: 8px; padding: .5rem 1rem 1rem; margin: 1rem 0; }
h2 { font-size: 1.1rem; margin: .5rem 0; }
.window { font-size: .9rem; margin: 0 0 .5rem; }
ol { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: .4rem; }
li { max-width: 75%; padding: .4rem .6rem; border-radius: 6px; white-space: pre-wrap; }
li.inbound { align-self: flex-start; background: #fff; }
li.outbound { align-self: flex-end; background: #d9fdd3; }
li.refused { background: #ffd7d7; }
.meta { display: block; font-size: .75rem; color: #333; margin-bottom: .2rem; }
"""

CUSTOMER_COMMAND = "uv run python -m deploy.devkit whatsapp"
When = Callable[[str, datetime], bool]


def _time(at: datetime) -> str:
    return at.strftime("%d/%m %H:%M:%S UTC")


def _bubble(message: SandboxMessage) -> str:
    if message.direction == "inbound":
        who, css = "Cliente", "inbound"
    elif message.error:
        who, css = f"Empresa · recusada pela API: erro {message.error}", "outbound refused"
    elif message.template:
        who, css = f"Empresa · modelo {message.template} ({message.language})", "outbound"
    else:
        who, css = "Empresa · texto livre", "outbound"
    meta = f'<span class="meta">{escape(who)} · {_time(message.at)}</span>'
    return f'<li class="{css}">{meta}{escape(message.text)}</li>'


def _conversation(customer: str, messages: list[SandboxMessage], window_open: bool) -> str:
    last_inbound = max((m.at for m in messages if m.direction == "inbound"), default=None)
    if window_open and last_inbound is not None:
        window = f"Janela de 24 h aberta até {_time(last_inbound + SERVICE_WINDOW)}: texto livre."
    else:
        window = "Fora da janela de 24 h: só modelos aprovados (templates) são entregues."
    bubbles = "\n".join(_bubble(m) for m in messages)
    return (
        f"<section><h2>+{escape(customer)}</h2>"
        f'<p class="window">{escape(window)}</p><ol>{bubbles}</ol></section>'
    )


def conversations_page(
    conversations: dict[str, list[SandboxMessage]],
    window_open: When,
    now: datetime,
    config: WhatsAppDevConfig,
) -> str:
    sections = [_conversation(c, ms, window_open(c, now)) for c, ms in conversations.items()]
    body = "\n".join(sections) or "<p>Nenhuma conversa ainda.</p>"
    command = f'{CUSTOMER_COMMAND} "Olá, meu pedido não chegou" --from 5511987654321'
    return f"""<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp sandbox · Helpdesk</title><link rel="stylesheet" href="/sandbox.css"></head>
<body><header><h1>WhatsApp · sandbox local</h1>
<p>Uma imitação da WhatsApp Cloud API, só para desenvolvimento: o notify envia para
<code>{escape(config.graph_base_url)}</code>, nada sai desta máquina. A página se atualiza a cada
5 s.</p>
<p>Escreva como um cliente (mensagem assinada para o webhook do intake):</p>
<pre>{escape(command)}</pre></header>
<main>{body}</main></body></html>
"""
