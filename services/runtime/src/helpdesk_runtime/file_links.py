"""Short-lived signed links to stored files, and the headers every download carries.

tickets decides who may see a comment's file; the service that keeps the bytes (intake's
archive, chat's attachment store) serves them to whoever holds a link tickets signed. The link
names one file and an expiry, signed with HMAC-SHA256 under HELPDESK_FILE_LINK_SECRET (shared by
tickets and the holders, no default); a link is worth one file for a few minutes, and the
holders need no staff or customer session of their own.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

LINK_LIFETIME_S = 300
# Images a browser shows without running anything; SVG (scripts) is not one of them.
_NOT_PLAIN_ASCII = re.compile(r'[^\x20-\x7e]|["\\]')
INLINE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclass(frozen=True)
class FileLinks:
    """Signs and checks links with this deployment's secret."""

    secret: str

    def _signature(self, attachment_id: str, expires: int) -> str:
        message = f"{attachment_id}\n{expires}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def signed_url(self, base_url: str, path: str, attachment_id: str, *, now: float) -> str:
        """`base_url` + `path` (which names the file) with the expiry and signature."""
        expires = int(now) + LINK_LIFETIME_S
        query = urlencode(
            {"expires": expires, "signature": self._signature(attachment_id, expires)}
        )
        return f"{base_url.rstrip('/')}{path}?{query}"

    def is_valid(self, attachment_id: str, expires: int, signature: str, *, now: float) -> bool:
        """True for a signature of this file that has not expired (compared in constant time)."""
        expected = self._signature(attachment_id, expires)
        # bytes: compare_digest refuses a str with characters beyond ASCII (a forged link)
        return expires >= now and hmac.compare_digest(expected.encode(), signature.encode())


def file_path(prefix: str, attachment_id: str) -> str:
    """The URL path of a file under `prefix`, its id quoted (intake's ids hold '/' and '<')."""
    return f"{prefix}/{quote(attachment_id, safe='')}"


def download_headers(*, filename: str, content_type: str, dangerous: bool) -> dict[str, str]:
    """Shown in the page only for a safe image; everything else is a download, never sniffed
    into something that runs, and never given a script context (CSP sandbox)."""
    inline = content_type.lower() in INLINE_IMAGES and not dangerous
    ascii_name = _NOT_PLAIN_ASCII.sub("_", filename)
    disposition = "inline" if inline else "attachment"
    return {
        "Content-Disposition": (
            f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }


def served_type(content_type: str, *, dangerous: bool) -> str:
    """The Content-Type a download is sent with: a dangerous file as opaque bytes."""
    return "application/octet-stream" if dangerous else content_type
