"""GET /form: the web form as plain server-rendered HTML (no JavaScript), and its result pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from helpdesk_pages import STYLESHEET_PATH
from helpdesk_runtime.languages import preferred_language
from intake.adapters.archive import ArchiveUnavailable
from intake.api.form_choices import SCRIPTS, countries, page_script
from intake.api.submission_input import read_submission
from intake.api.webform import WEBFORM_PREFIX, submission_status
from intake.domain.service_catalogue import Language
from intake.handlers.reception import InboundRefused, Reception
from intake.handlers.webform import WebformInvalid, receive_webform

_TEXTS: dict[Language, dict[str, str]] = {
    "pt-BR": {
        "title": "Abrir um chamado",
        "switch_language": "English",
        "fix_fields": "Corrija os campos abaixo:",
        "send": "Enviar",
        "unavailable": "Não foi possível registrar agora. Tente novamente em instantes.",
        "received_title": "Recebemos sua solicitação",
        "pending": "Seu chamado está sendo aberto; o número do protocolo aparece aqui em breve.",
        "ticket_opened": "Seu chamado foi aberto com o protocolo",
        "submission": "Código da solicitação:",
        "refresh": "Ver situação",
        "new_request": "Nova solicitação",
        "required_note": "Campos marcados com * são obrigatórios.",
        "files_again": "Corrija os campos e escolha de novo os arquivos; eles não foram enviados:",
    },
    "en": {
        "title": "Open a support request",
        "switch_language": "Português",
        "fix_fields": "Please correct the fields below:",
        "send": "Send",
        "unavailable": "We could not record it right now. Please try again shortly.",
        "received_title": "We received your request",
        "pending": "Your ticket is being opened; its number will show here shortly.",
        "ticket_opened": "Your ticket was opened with number",
        "submission": "Submission code:",
        "refresh": "Check status",
        "new_request": "New request",
        "required_note": "Fields marked with * are required.",
        "files_again": "Correct the fields and choose the files again; they were not sent:",
    },
}
_LABELS: dict[Language, dict[str, str]] = {
    "pt-BR": {
        "name": "Nome", "email": "E-mail", "phone": "Telefone (com DDD)", "country": "País",
        "organization.name": "Empresa", "organization.cnpj": "CNPJ", "category": "Categoria",
        "subcategory": "Subcategoria", "subject": "Assunto", "description": "Descrição",
        "attachments": "Anexos",
    },
    "en": {
        "name": "Name", "email": "Email", "phone": "Phone (with area code)", "country": "Country",
        "organization.name": "Company", "organization.cnpj": "CNPJ (company tax id)",
        "category": "Category", "subcategory": "Subcategory", "subject": "Subject",
        "description": "Description", "attachments": "Attachments",
    },
}  # fmt: skip
_TEXT_FIELDS = [
    ("name", "text"), ("email", "email"), ("phone", "tel"),
    ("organization.name", "text"), ("organization.cnpj", "text"), ("subject", "text"),
]  # fmt: skip
_REQUIRED = frozenset({"name", "email", "category", "subcategory", "subject", "description"})
"""Marked with *; subcategory only when the chosen category has some (form.js)."""
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
}
_templates = Environment(
    loader=PackageLoader("intake", "templates"), autoescape=select_autoescape(["html"])
)


def _language(request: Request, chosen: object = None) -> Language:
    wanted = chosen or request.query_params.get("lang")
    if wanted in ("en", "pt-BR"):
        return "en" if wanted == "en" else "pt-BR"
    return preferred_language(request.headers.get("accept-language"))


def _page(name: str, language: Language, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = _templates.get_template(name).render(
        language=language,
        t=_TEXTS[language],
        labels=_LABELS[language],
        stylesheet=STYLESHEET_PATH,
        **context,
    )
    headers = {**_HEADERS, "Content-Language": language}
    return HTMLResponse(html, status_code=status_code, headers=headers)


def form_page_router(reception: Reception) -> APIRouter:
    router = APIRouter(tags=["web form page"], include_in_schema=False)
    catalogue = reception.policy.catalogue

    def form(language: Language, status_code: int = 200, **context: Any) -> HTMLResponse:
        values = {"country": "BR", **context.pop("values", {})}
        return _page(
            "form.html", language, status_code, catalogue=catalogue, text_fields=_TEXT_FIELDS,
            other_language="pt-BR" if language == "en" else "en", values=values,
            errors=context.pop("errors", {}), countries=countries(language), required=_REQUIRED,
            lost_files=context.pop("lost_files", []), **context,
        )  # fmt: skip

    @router.get("/form/{name}.js")
    async def script(name: str) -> Response:
        if f"{name}.js" not in SCRIPTS:
            return Response(status_code=404)
        return Response(page_script(f"{name}.js"), media_type="text/javascript", headers=_HEADERS)

    @router.get("/form")
    async def blank_form(request: Request) -> HTMLResponse:
        return form(_language(request))

    @router.post("/form")
    async def submit_form(request: Request) -> HTMLResponse:
        limit = reception.policy.limits.max_total_bytes
        try:
            found = await read_submission(request, max_bytes=limit)
        except InboundRefused as refusal:
            return form(_language(request), 413, general_error=refusal.reason)
        language = _language(request, found.fields.pop("lang", None))
        values = {k: v for k, v in found.fields.items() if isinstance(v, str)}
        values |= {f"organization.{k}": v for k, v in found.fields.get("organization", {}).items()}
        try:
            received = await receive_webform(
                found.fields, reception=reception, uploads=found.uploads,
                client_id=found.client_id, language=language,
            )  # fmt: skip
            status = await submission_status(
                reception, received.inbound_id.removeprefix(WEBFORM_PREFIX)
            )
        except WebformInvalid as invalid:
            errors = {error.field: error.message for error in invalid.errors}
            # a browser cannot be given files back: say which ones to choose again
            lost = [upload.filename for upload in found.uploads if upload.filename]
            return form(language, 422, values=values, errors=errors, lost_files=lost)
        except ArchiveUnavailable:
            return form(language, 503, values=values, general_error=_TEXTS[language]["unavailable"])
        return _page("submitted.html", language, status=status)

    @router.get("/form/submissions/{submission_id}")
    async def submission_page(submission_id: str, request: Request) -> HTMLResponse:
        language = _language(request)
        try:
            status = await submission_status(reception, submission_id, language)
        except ArchiveUnavailable:
            return form(language, 503, general_error=_TEXTS[language]["unavailable"])
        if status is None:
            return form(language, 404)
        return _page("submitted.html", language, status=status)

    return router
