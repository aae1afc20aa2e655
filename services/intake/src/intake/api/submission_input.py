"""Reading a web form submission from JSON, multipart or urlencoded requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from helpdesk_runtime.request_limits import BodyTooLarge, within_limit
from intake.handlers.reception import InboundRefused, json_object
from intake.handlers.webform import Upload

_FILE_FIELDS = {"attachments", "attachment", "files", "file"}
_ORGANIZATION_PREFIXES = ("organization.", "organization_", "organization[")
# A form body may carry the files plus some room for the text fields and multipart framing.
_FORM_OVERHEAD = 1024 * 1024


@dataclass
class SubmissionInput:
    fields: dict[str, Any] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)
    client_id: str | None = None


async def _from_form(form: FormData) -> SubmissionInput:
    found = SubmissionInput()
    organization: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            if key in _FILE_FIELDS and (value.filename or content):
                kind = value.content_type or "application/octet-stream"
                found.uploads.append(Upload(value.filename, kind, content))
            continue
        prefix = next((p for p in _ORGANIZATION_PREFIXES if key.startswith(p)), None)
        if prefix is not None:
            organization[key.removeprefix(prefix).rstrip("]")] = value
        else:
            found.fields[key] = value
    if organization:
        found.fields["organization"] = organization
    return found


async def read_submission(request: Request, *, max_bytes: int) -> SubmissionInput:
    """The fields, files and client id of a submission; raises InboundRefused."""
    limit = max_bytes + _FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InboundRefused("too_large", f"body of {declared} bytes exceeds {max_bytes} bytes")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
            async with within_limit(request, limit).form(max_files=100, max_fields=100) as form:
                found = await _from_form(form)
        else:
            found = SubmissionInput(fields=json_object(await within_limit(request, limit).body()))
    except BodyTooLarge as too_large:
        raise InboundRefused("too_large", str(too_large)) from None
    given = found.fields.pop("submission_id", None) or request.headers.get("idempotency-key")
    found.client_id = str(given) if given else None
    return found
