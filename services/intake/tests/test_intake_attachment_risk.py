"""Attachments an agent should not open are flagged, and names are safe to store."""

from __future__ import annotations

import pytest

from helpdesk_runtime.attachment_risk import attachment_risk, safe_filename


@pytest.mark.parametrize(
    ("name", "content_type", "reason"),
    [
        ("setup.exe", "application/octet-stream", "dangerous file type .exe"),
        ("run.BAT", "application/octet-stream", "dangerous file type .bat"),
        ("macro.docm", "application/octet-stream", "dangerous file type .docm"),
        ("fatura.pdf.scr", "application/octet-stream", "double extension disguises .scr as .pdf"),
        ("foto.jpg .vbs", "application/octet-stream", "double extension disguises .vbs as .jpg"),
        ("invoice\u202efdp.exe", "application/pdf", "right-to-left override"),
        ("update", "application/x-msdownload", "dangerous content type"),
    ],
)
def test_dangerous_attachments_are_flagged_with_a_reason(
    name: str, content_type: str, reason: str
) -> None:
    assert reason in (attachment_risk(name, content_type, b"") or "")


def test_executable_content_behind_a_harmless_name_is_flagged() -> None:
    assert attachment_risk("recibo.pdf", "application/pdf", b"MZ") == "Windows executable content"


@pytest.mark.parametrize(
    "name", ["relatório.pdf", "planilha.xlsx", "backup.tar.gz", "contrato.docx", "foto.jpeg"]
)
def test_ordinary_documents_are_not_flagged(name: str) -> None:
    assert attachment_risk(name, "application/octet-stream", b"%P") is None


def test_names_lose_paths_and_control_characters() -> None:
    assert safe_filename("../../etc/passwd", content_type="text/plain", position=1) == "passwd"
    assert safe_filename("C:\\Users\\ana\\nota.pdf", content_type="x/y", position=1) == "nota.pdf"
    assert safe_filename("a\x00b.txt", content_type="text/plain", position=1) == "a_b.txt"


def test_nameless_attachment_gets_a_name_from_its_type() -> None:
    assert safe_filename(None, content_type="application/pdf", position=3) == "attachment-3.pdf"
    assert safe_filename("", content_type="x-unknown/x", position=1) == "attachment-1.bin"
