"""The part of a reply the customer actually wrote: quoted history and signatures removed."""

from __future__ import annotations

import re

_ATTRIBUTION_START = re.compile(r"^\s*(Em|On|No dia|Le|El|Am)\b", re.IGNORECASE)
# German puts the verb before the name: "Am 15.03.2024 um 10:15 schrieb Ana <ana@x.de>:".
_ATTRIBUTION_END = re.compile(
    r"((escreveu|wrote|a écrit|escribió)\s*:|\bschrieb\b.*:)\s*$", re.IGNORECASE
)
# Lotus Notes on one line: '"Ana" <ana@x.de> schrieb am 18.03.2024 14:02:11:' / 'wrote on …:'.
_NOTES_ATTRIBUTION = re.compile(r"^.{1,200}\b(schrieb am|wrote on)\b.{0,60}:\s*$", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(Mensagem original|Original Message|Mensaje original|"
    r"Ursprüngliche Nachricht|Originalnachricht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\s*\*?(De|From|Von)\s*:\*?\s*\S", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^\s*\*?(Enviado|Enviada em|Enviado em|Sent|Date|Data|Para|To|Assunto|Subject|Cc|"
    r"Gesendet|An|Datum|Betreff|Kopie|Blindkopie)\s*:",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*_{10,}\s*$")
_SIGNATURE = re.compile(r"^-- ?$")
_MOBILE_FOOTER = re.compile(
    r"^\s*(Enviado d[oa] meu|Sent from my|Enviado do (Outlook|Email|e-mail)|Obter o Outlook|"
    r"Get Outlook for|Sent from (Outlook|Mail for)|Enviado via|Sent via|Gesendet von meinem)\b",
    re.IGNORECASE,
)
_FORWARD_SUBJECT = re.compile(
    r"^\s*(\[[^\]]*\]\s*)?(fwd?|enc|encaminhad[ao]|tr)\s*:", re.IGNORECASE
)
_QUOTED = re.compile(r"^\s*>")


def is_forward_subject(subject: str) -> bool:
    """Whether the subject marks a forward (Fwd:, Fw:, Enc:), whose quoted part is the content."""
    return bool(_FORWARD_SUBJECT.match(subject))


def _attribution_end(lines: list[str], start: int) -> int | None:
    """Index of the last line of an 'On … wrote:' header beginning at `start`, if it is one."""
    if lines[start].rstrip().endswith(":") and _NOTES_ATTRIBUTION.match(lines[start]):
        return start
    if not _ATTRIBUTION_START.match(lines[start]):
        return None
    for end in range(start, min(start + 4, len(lines))):
        if _ATTRIBUTION_END.search(lines[end]):
            return end
        if not lines[end].strip():
            return None
    return None


def _is_header_block(lines: list[str], start: int) -> bool:
    """An Outlook 'De:/Enviado:/Para:/Assunto:' block: From plus two more header lines."""
    if not _HEADER_FROM.match(lines[start]):
        return False
    following = [line for line in lines[start + 1 : start + 7] if line.strip()]
    return sum(1 for line in following if _HEADER_OTHER.match(line)) >= 2


def _next_content(lines: list[str], after: int) -> str:
    return next((line for line in lines[after + 1 :] if line.strip()), "")


def _cut_point(lines: list[str]) -> tuple[int, set[int]]:
    """Where the customer's own text ends, and attribution lines to drop above it."""
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        if _QUOTED.match(line):
            continue
        end = _attribution_end(lines, index)
        if end is not None:
            if _QUOTED.match(_next_content(lines, end)):
                # Bottom-posting (Thunderbird, mailing lists): text may follow the quote.
                dropped.update(range(index, end + 1))
                continue
            return index, dropped
        if _ORIGINAL_MESSAGE.match(line) or _is_header_block(lines, index):
            return (index - 1 if index and _RULE.match(lines[index - 1]) else index), dropped
        if _RULE.match(line) and index + 1 < len(lines) and _is_header_block(lines, index + 1):
            return index, dropped
        if _SIGNATURE.match(line) or _MOBILE_FOOTER.match(line):
            return index, dropped
    return len(lines), dropped


def strip_quoted_reply(text: str) -> str:
    """The newly written text of a reply: no quoted history, no signature, no mobile footer."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut, dropped = _cut_point(lines)
    kept = [
        line.rstrip()
        for index, line in enumerate(lines[:cut])
        if index not in dropped and not _QUOTED.match(line)
    ]
    visible = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return visible or text.strip()


def visible_text(text: str, subject: str) -> str:
    """What the customer wrote; a forward keeps its quoted content, which is the point of it."""
    if is_forward_subject(subject):
        return text.strip()
    return strip_quoted_reply(text)
