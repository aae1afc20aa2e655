"""Size and count limits give a reason a sending server or a customer can understand."""

from __future__ import annotations

from pathlib import Path

from intake.domain.email_limits import MEGABYTE, Limits
from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email

CORPUS = Path(__file__).parent / "corpus"


def _email(name: str) -> InboundEmail:
    result = parse_email(
        (CORPUS / name).read_bytes(), support_addresses=["suporte@acme.com.br"], own_addresses=[]
    )
    assert isinstance(result, InboundEmail)
    return result


def test_default_total_size_limit_is_25_megabytes() -> None:
    limits = Limits()
    assert limits.check_total_size(25 * MEGABYTE) is None
    breach = limits.check_total_size(25 * MEGABYTE + 1)
    assert breach is not None
    assert breach.code == "message_too_large"
    assert "exceeds the limit of 26214400 bytes" in breach.reason


def test_too_many_attachments_is_a_breach() -> None:
    breach = Limits(max_attachments=3).check_email(_email("dangerous_attachments.eml"))
    assert breach is not None
    assert (breach.code, breach.limit, breach.actual) == ("too_many_attachments", 3, 5)


def test_one_attachment_over_the_size_limit_is_a_breach() -> None:
    breach = Limits(max_attachment_bytes=100).check_email(_email("attachments_rfc2231_names.eml"))
    assert breach is not None
    assert breach.code == "attachment_too_large"
    assert breach.actual == 125


def test_email_within_limits_passes() -> None:
    assert Limits().check_email(_email("nested_mixed_alternative_related.eml")) is None


def test_upload_sizes_are_checked_the_same_way() -> None:
    limits = Limits(max_attachments=2, max_attachment_bytes=10 * MEGABYTE)
    assert limits.check_attachments([MEGABYTE, 2 * MEGABYTE]) is None
    breach = limits.check_attachments([11 * MEGABYTE])
    assert breach is not None
    assert breach.code == "attachment_too_large"
