"""Turning a notification into words: subject, plain text, HTML and WhatsApp text per language.

Each kind has one template per language (``templates/<lang>/<kind>.jinja``) with four blocks:
``subject``, ``text``, ``html`` and ``whatsapp``. The ``html`` block is rendered by an
autoescaping environment, the others by a plain one; the results are wrapped by the language's
layouts, which add the greeting, the protocol and the security reminder to every message.
Undefined variables raise (StrictUndefined): a message with a hole in it is never sent.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from helpdesk_runtime.header_text import header_text
from notify.domain.contacts import Contact
from notify.domain.kinds import Audience
from notify.domain.labels import customer_status_name, escalation_level_name, sla_target_name
from notify.domain.languages import Language, format_local_datetime
from notify.domain.notifications import NotificationRequest

SUBJECT_TOPIC_LIMIT = 80
"""Longest ticket subject quoted in an email subject line; longer ones end with an ellipsis."""

_BLOCKS = ("subject", "text", "html", "whatsapp")


@dataclass(frozen=True)
class RenderedMessage:
    """Everything a channel needs to say one notification to one recipient."""

    language: Language
    subject: str
    text: str
    html: str
    whatsapp: str


def one_line(text: str) -> str:
    """Encoded words decoded, control characters gone, whitespace collapsed: safe in a header
    and in any one-line slot of a message (helpdesk_runtime.header_text)."""
    return header_text(text)


def subject_topic(ticket_subject: str, limit: int = SUBJECT_TOPIC_LIMIT) -> str:
    """The ticket's subject as quoted in a subject line: one line, at most ``limit`` characters."""
    return header_text(ticket_subject, limit=limit)


def subject_line(request: NotificationRequest, notice_title: str) -> str:
    """A customer's e-mails about one ticket share one subject, the ticket's own, so mail clients
    thread them; what happened goes first in the body. Staff notices keep their title."""
    if request.ticket_number and request.kind.audience is Audience.REQUESTER:
        return subject_topic(request.ticket_subject)
    return notice_title


def compose_subject(ticket_number: str | None, subject_line: str) -> str:
    """The email subject, led by ``[#<protocol>]`` so replies find their ticket (a message
    about no ticket has none)."""
    if ticket_number is None:
        return one_line(subject_line)
    return f"[#{ticket_number}] {one_line(subject_line)}"


def html_paragraphs(text: str) -> Markup:
    """Plain text (an agent's reply) as escaped HTML paragraphs with line breaks kept."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = (
        Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in b.split("\n")))
        for b in blocks
        if b
    )
    return Markup("\n").join(paragraphs)


def _environment(loader: BaseLoader, *, autoescape: bool) -> Environment:
    environment = Environment(
        loader=loader,
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["paragraphs"] = html_paragraphs
    return environment


def _render_block(template: Template, block: str, context: Mapping[str, Any]) -> str:
    render = template.blocks.get(block)
    if render is None:
        raise LookupError(f"template {template.name} has no {block!r} block")
    return "".join(render(template.new_context(dict(context)))).strip()


class MessageRenderer:
    """Renders notifications from the packaged templates (or another loader, for tests)."""

    def __init__(
        self, *, brand: str, portal_url: str | None = None, loader: BaseLoader | None = None
    ) -> None:
        """`portal_url`: "Meus chamados", linked from every requester e-mail about a ticket."""
        source = loader or PackageLoader("notify", "templates")
        self._brand = brand
        self._portal_url = portal_url
        self._plain = _environment(source, autoescape=False)
        self._html = _environment(source, autoescape=True)

    def render(self, request: NotificationRequest, recipient: Contact) -> RenderedMessage:
        """The four parts of one notification in the recipient's language."""
        language = request.language_for(recipient)
        context = self._context(request, recipient, language)
        name = f"{language.value}/{request.kind.value}.jinja"
        plain, html = self._plain.get_template(name), self._html.get_template(name)
        parts = {
            block: _render_block(plain, block, context) for block in _BLOCKS if block != "html"
        }
        subject = compose_subject(request.ticket_number, subject_line(request, parts["subject"]))
        layout_context = {**context, "subject": subject, "notice_title": one_line(parts["subject"])}

        def layout(environment: Environment, layout_name: str, content: str | Markup) -> str:
            template = environment.get_template(f"{language.value}/{layout_name}")
            return template.render({**layout_context, "content": content}).strip() + "\n"

        return RenderedMessage(
            language=language,
            subject=subject,
            text=layout(self._plain, "_email.txt", parts["text"]),
            html=layout(self._html, "_email.html", Markup(_render_block(html, "html", context))),
            whatsapp=layout(self._plain, "_whatsapp.txt", parts["whatsapp"]).strip(),
        )

    def _context(
        self, request: NotificationRequest, recipient: Contact, language: Language
    ) -> dict[str, Any]:
        def when(moment: datetime) -> str:
            return format_local_datetime(moment, request.time_zone, language)

        helpers: dict[str, Callable[..., str]] = {
            "status_name": lambda status: customer_status_name(status, language),
            "level_name": lambda level: escalation_level_name(level, language),
            "target_name": lambda target: sla_target_name(target, language),
            "when": when,
        }
        return {
            **request.parameters,
            **helpers,
            "brand": self._brand,
            "portal_url": self._portal_url,
            "audience": request.kind.audience.value,
            "recipient_name": recipient.first_name,
            "ticket_number": request.ticket_number,
            "ticket_subject": one_line(request.ticket_subject),
            "short_subject": subject_topic(request.ticket_subject),
        }
