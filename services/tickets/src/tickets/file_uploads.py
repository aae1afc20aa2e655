"""Reading a multipart form with files within the limits intake applies to its web form
(helpdesk_runtime.upload_limits): the body is counted as it streams in."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.datastructures import UploadFile

from helpdesk_runtime.request_limits import BodyTooLarge, declared_too_large, within_limit
from helpdesk_runtime.upload_limits import LimitBreach, UploadLimits, breach_message
from tickets.app_errors import AppProblem
from tickets.domain.language import Localized

FILE_FIELDS = frozenset({"files", "file", "attachments"})
_FORM_OVERHEAD = 1024 * 1024  # the text fields and multipart framing beside the files


class FilesRefused(AppProblem):
    """Too many files or too many bytes: nothing of the request was kept."""

    status = 413
    code = "files_refused"


@dataclass(frozen=True)
class Upload:
    filename: str | None
    content_type: str
    content: bytes


@dataclass
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)


def refusal(breach: LimitBreach) -> FilesRefused:
    refused = FilesRefused(
        Localized(breach_message(breach, english=False), breach_message(breach, english=True))
    )
    if breach.code == "too_many_attachments":
        refused.status = 422
    return refused


def _too_large(limits: UploadLimits) -> FilesRefused:
    breach = limits.check_total_size(limits.max_total_bytes + 1)
    assert breach is not None
    return refusal(breach)


async def read_upload_form(request: Request, limits: UploadLimits) -> UploadForm:
    """The text fields and the files (empty file inputs left out); FilesRefused past a limit."""
    limit = limits.max_total_bytes + _FORM_OVERHEAD
    if declared_too_large(request, limit):
        raise _too_large(limits)
    found = UploadForm()
    try:
        counted = within_limit(request, limit)
        async with counted.form(max_files=limits.max_attachments + 1, max_fields=20) as form:
            for key, value in form.multi_items():
                if not isinstance(value, UploadFile):
                    found.fields[key] = value
                    continue
                content = await value.read()
                if key in FILE_FIELDS and (value.filename or content):
                    kind = value.content_type or "application/octet-stream"
                    found.uploads.append(Upload(value.filename, kind, content))
    except BodyTooLarge:
        raise _too_large(limits) from None
    breach = limits.check_attachments([len(upload.content) for upload in found.uploads])
    if breach is not None:
        raise refusal(breach)
    return found
