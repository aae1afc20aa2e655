"""The OpenAPI description of POST /v1/webform: the fields of `WebFormSubmission`, sent as JSON,
as a multipart form (with files) or urlencoded; the route reads the body itself (to stream files
within limits), so FastAPI cannot describe it from a parameter."""

from __future__ import annotations

from typing import Any

from intake.domain.webform import Organization, WebFormSubmission

_EXTRA_FIELDS: dict[str, Any] = {
    "submission_id": {
        "type": "string",
        "description": "Your id for this submission: sending it again does not open a second "
        "ticket (or send the `Idempotency-Key` header)",
    },
    "language": {"type": "string", "enum": ["pt-BR", "en"]},
}


def _json_schema() -> dict[str, Any]:
    schema = WebFormSubmission.model_json_schema()
    organization = Organization.model_json_schema()
    schema.pop("$defs", None)
    schema["properties"]["organization"] = {**organization, "description": "Your company"}
    schema["properties"].update(_EXTRA_FIELDS)
    return schema


def _form_schema(*, with_files: bool) -> dict[str, Any]:
    """The same fields flat, the organization's as `organization.name` / `organization.cnpj`."""
    schema = WebFormSubmission.model_json_schema()
    schema.pop("$defs", None)
    properties: dict[str, Any] = schema["properties"]
    properties.pop("organization", None)
    for name, field in Organization.model_json_schema()["properties"].items():
        properties[f"organization.{name}"] = field
    properties.update(_EXTRA_FIELDS)
    if with_files:
        properties["attachments"] = {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Files (size and count limits apply; 413 beyond them)",
        }
    return schema


WEBFORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _json_schema()},
            "multipart/form-data": {"schema": _form_schema(with_files=True)},
            "application/x-www-form-urlencoded": {"schema": _form_schema(with_files=False)},
        },
    }
}
