"""Duplicate guard: the same requester sending the same message twice gets one ticket.

Subject and text are compared after folding case, accents and whitespace and after stripping
reply/forward prefixes (Re:, Fwd:, Enc:, RES:, ENC:, TR:…), so a re-sent or forwarded copy of a
message matches the ticket its first copy opened.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from tickets.domain.model import Ticket

DUPLICATE_WINDOW = timedelta(hours=24)

_REPLY_PREFIXES = re.compile(
    r"^(?:\s*(?:re|res|fw|fwd|enc|tr|aw|wg|rv)\s*(?:\[\d+\]|\(\d+\))?\s*:)+", re.IGNORECASE
)
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Case-folded, accent-free text with every run of whitespace made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", without_accents.casefold()).strip()


def normalize_subject(subject: str) -> str:
    """`normalize_text` of the subject once every leading Re:/Fwd:/Enc:… prefix is gone."""
    return normalize_text(_REPLY_PREFIXES.sub("", normalize_text(subject)))


def content_fingerprint(subject: str, text: str) -> str:
    """A short stable key for subject+text, stored on the ticket and indexed by the app."""
    folded = f"{normalize_subject(subject)}\n{normalize_text(text)}"
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def find_duplicate_ticket(
    candidates: Iterable[Ticket],
    *,
    requester_id: str,
    fingerprint: str,
    received_at: datetime,
    window: timedelta = DUPLICATE_WINDOW,
) -> Ticket | None:
    """The most recent active ticket of this requester, opened within `window` before
    `received_at`, whose content matches; None when the message deserves its own ticket."""
    matches = [
        t
        for t in candidates
        if t.requester_id == requester_id
        and t.is_active
        and t.content_fingerprint == fingerprint
        and timedelta(0) <= received_at - t.created_at <= window
    ]
    return max(matches, key=lambda t: t.created_at, default=None)
