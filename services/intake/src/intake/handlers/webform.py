"""A web form submission (HTTP, HTML form, broker) becomes an archived message and one event."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from helpdesk_contracts.common import Language, Person
from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.intake import (
    FormDetails,
    MessageReceived,
    Organization,
    ThreadingHints,
)
from helpdesk_runtime.attachment_risk import attachment_risk, safe_filename
from helpdesk_runtime.upload_limits import breach_message
from intake.adapters.archive import ArchiveEntry, StoredFile
from intake.domain.field_errors import FieldError, field_errors
from intake.domain.webform import WebFormSubmission, validate_webform
from intake.handlers.reception import PRODUCER, Received, Reception, attachment_refs

_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class WebformInvalid(Exception):
    """The form has bad fields; `errors` has one message per field, in the asked language."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Upload:
    """A file sent with the form."""

    filename: str | None
    content_type: str
    content: bytes


def submission_id(submission: WebFormSubmission, files: Sequence[Upload], given: str | None) -> str:
    """The client's id when it gave a usable one, else a hash of the content (double posts)."""
    if given and _CLIENT_ID.match(given):
        return given
    canonical = json.dumps(submission.model_dump(mode="json"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode())
    for upload in files:
        digest.update(hashlib.sha256(upload.content).digest())
    return digest.hexdigest()[:32]


def _stored_files(inbound_id: str, uploads: Sequence[Upload]) -> list[StoredFile]:
    files = []
    for position, upload in enumerate(uploads, start=1):
        name = safe_filename(upload.filename, content_type=upload.content_type, position=position)
        risk = attachment_risk(name, upload.content_type, upload.content[:2])
        files.append(
            StoredFile(
                attachment_id=f"{inbound_id}/{position}",
                filename=name,
                content_type=upload.content_type,
                content=upload.content,
                sha256=hashlib.sha256(upload.content).hexdigest(),
                dangerous=risk is not None,
                risk_reason=risk,
            )
        )
    return files


def _validated(
    fields: Mapping[str, object],
    uploads: Sequence[Upload],
    reception: Reception,
    language: Language,
) -> WebFormSubmission:
    limits = reception.policy.limits
    errors: list[FieldError] = []
    submission: WebFormSubmission | None = None
    try:
        submission = validate_webform(fields, catalogue=reception.policy.catalogue)
    except ValidationError as error:
        errors = field_errors(error, language)
    if breach := limits.check_attachments([len(upload.content) for upload in uploads]):
        text = breach_message(breach, english=language == "en")
        errors.append(FieldError(field="attachments", message=text))
    if errors or submission is None:
        raise WebformInvalid(errors)
    return submission


def event_language(value: object, fallback: Language) -> Language:
    """The customer's language for the ticket: the form's own field, else the request's."""
    if value in ("pt-BR", "en"):
        return "en" if value == "en" else "pt-BR"
    return fallback


async def receive_webform(
    fields: Mapping[str, object],
    *,
    reception: Reception,
    uploads: Sequence[Upload] = (),
    client_id: str | None = None,
    language: Language = "pt-BR",
) -> Received:
    """Validate, archive once and queue the event; raises WebformInvalid per field."""
    submission = _validated(fields, uploads, reception, language)
    key = submission_id(submission, uploads, client_id)
    inbound_id = f"webform:{key}"
    files = _stored_files(inbound_id, uploads)
    organization = submission.organization
    payload = MessageReceived(
        inbound_id=inbound_id,
        channel="webform",
        received_at=datetime.now(UTC),
        sender=Person(name=submission.name, email=submission.email, phone=submission.phone),
        subject=submission.subject,
        text=submission.description,
        full_text=submission.description,
        attachments=attachment_refs(files),
        threading=ThreadingHints(external_ids={"submission": key}),
        form=FormDetails(
            country=submission.country,
            organization=Organization(name=organization.name, cnpj=organization.cnpj)
            if organization
            else None,
            category=submission.category,
            subcategory=submission.subcategory,
        ),
        language=language,
        raw_ref=inbound_id,
    )
    summary = {"sender": submission.email, "subject": submission.subject, "submission_id": key}
    entry = ArchiveEntry(
        inbound_id, "webform", "message", summary, [new_envelope(payload, producer=PRODUCER)],
        files=files,
    )  # fmt: skip
    stored = await reception.archive.store(entry)
    return reception.received("webform", inbound_id, stored)
