"""Attachment file names made safe to store, and files an agent should not open (intake's
mail and web form, tickets' portal and agent uploads apply the same rules)."""

from __future__ import annotations

import mimetypes
import re

# Executables, scripts, shortcuts, installers, disk images and Office files with macros: what
# phishing mail carries. Archives and plain Office documents are left to the antivirus.
DANGEROUS_EXTENSIONS = frozenset(
    {
        "exe", "com", "scr", "pif", "bat", "cmd", "msi", "msp", "msc", "cpl", "dll", "sys",
        "js", "jse", "vbs", "vbe", "wsf", "wsh", "ws", "ps1", "psm1", "hta", "jar", "lnk",
        "reg", "inf", "scf", "url", "iso", "img", "vhd", "vhdx", "apk", "app", "sh", "appx",
        "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppam", "ppsm", "sldm",
    }
)  # fmt: skip
DANGEROUS_CONTENT_TYPES = frozenset(
    {
        "application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
        "application/x-ms-installer", "application/x-msi", "application/javascript",
        "text/javascript", "application/x-javascript", "application/x-sh", "application/hta",
        "text/vbscript", "application/x-vbscript", "application/java-archive",
        "application/vnd.ms-word.document.macroenabled.12",
        "application/vnd.ms-excel.sheet.macroenabled.12",
        "application/vnd.ms-powerpoint.presentation.macroenabled.12",
    }
)  # fmt: skip
_HARMLESS_LOOKING = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "jpg", "jpeg", "png", "gif",
     "zip", "rar", "csv", "odt", "rtf", "html", "htm", "xml", "mp3", "mp4"}
)  # fmt: skip
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]")


def safe_filename(name: str | None, *, content_type: str, position: int) -> str:
    """A file name without path parts or control characters; invented when the sender gave none."""
    base = re.split(r"[/\\]", name or "")[-1]
    cleaned = _UNSAFE_IN_NAME.sub("_", base).strip().strip(".")
    if cleaned:
        return cleaned[:255]
    extension = mimetypes.guess_extension(content_type, strict=False) or ".bin"
    return f"attachment-{position}{extension}"


def attachment_risk(filename: str, content_type: str, head: bytes) -> str | None:
    """Why this attachment is dangerous to open, or None when nothing points that way."""
    if _BIDI_CONTROLS.search(filename):
        return "right-to-left override hides the real extension"
    parts = [part.strip().lower() for part in filename.split(".")]
    extension = parts[-1] if len(parts) > 1 else ""
    if extension in DANGEROUS_EXTENSIONS:
        if len(parts) > 2 and parts[-2] in _HARMLESS_LOOKING:
            return f"double extension disguises .{extension} as .{parts[-2]}"
        return f"dangerous file type .{extension}"
    if content_type.lower() in DANGEROUS_CONTENT_TYPES:
        return f"dangerous content type {content_type.lower()}"
    if head.startswith(b"MZ") and extension not in {"txt", "csv"}:
        return "Windows executable content"
    return None
