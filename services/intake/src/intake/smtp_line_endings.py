"""Bare LF line endings at the SMTP door, read the way Postfix's `smtpd_forbid_bare_newline =
normalize` reads them.

Scripts and small mailers (`sendmail -t` wrappers, ERP exports) end lines with LF alone, which
RFC 5321 forbids and aiosmtpd reads as one endless line ("500 Line too long"). Postfix and Exim
accept such lines as if they ended in CRLF; so does this door. What they do not accept is the end
of DATA marked with anything but <CR><LF>.<CR><LF>: a lone dot on a line that a bare LF opens or
closes stays in the message (dot-stuffed here), so that no second message can be smuggled in
behind a dot another server would not have seen (SMTP smuggling, CVE-2023-51764).
"""

from __future__ import annotations


class BareLineFeeds:
    """Rewrites a received byte stream so that every line ends in CRLF."""

    def __init__(self, max_line_bytes: int) -> None:
        self._pending = b""
        self._previous_crlf = True
        self._max_line_bytes = max_line_bytes

    def feed(self, data: bytes) -> bytes:
        """The bytes to hand to the SMTP server for `data` (a line is held until it ends)."""
        if (
            not self._pending
            and data.endswith(b"\r\n")
            and data.count(b"\n") == data.count(b"\r\n")
        ):
            self._previous_crlf = True
            return data  # the usual case: nothing to rewrite
        lines = (self._pending + data).split(b"\n")
        self._pending = lines.pop()
        out: list[bytes] = []
        for line in lines:
            crlf = line.endswith(b"\r")
            content = line[:-1] if crlf else line
            if content == b"." and not (crlf and self._previous_crlf):
                content = b".."
            out.append(content + b"\r\n")
            self._previous_crlf = crlf
        if len(self._pending) > self._max_line_bytes:
            # An overlong line goes on as it is: the server refuses it with its own reply.
            out.append(self._pending)
            self._pending = b""
        return b"".join(out)
