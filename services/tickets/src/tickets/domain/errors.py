"""Business-rule violations of the ticket domain, each with a human reason in pt-BR and English.

`http_status` is the status the API answers with (409 for a conflict with the ticket's state,
422 for a value the rules never accept).
"""

from __future__ import annotations

from typing import ClassVar

from tickets.domain.language import Localized


class TicketRuleViolation(Exception):
    """Base of every domain error; `reason` is what the person who tried it reads."""

    code: ClassVar[str] = "ticket_rule_violation"
    http_status: ClassVar[int] = 409

    def __init__(self, reason: Localized) -> None:
        super().__init__(reason.en)
        self.reason = reason


class InvalidTransition(TicketRuleViolation):
    """The ticket cannot move from its current status to the requested one."""

    code = "invalid_status_transition"


class CommentNotAccepted(TicketRuleViolation):
    """The ticket does not take this comment in its current status."""

    code = "comment_not_accepted"


class TicketLocked(TicketRuleViolation):
    """A finished (closed) or merged ticket can no longer be edited."""

    code = "ticket_locked"


class MergeNotAllowed(TicketRuleViolation):
    """These two tickets cannot be merged."""

    code = "merge_not_allowed"


class MergeNeedsConfirmation(MergeNotAllowed):
    """The tickets have different requesters and the agent did not confirm merging them."""

    code = "merge_needs_confirmation"


class CsatNotAccepted(TicketRuleViolation):
    """The satisfaction rating is refused (not resolved yet, or already rated)."""

    code = "csat_not_accepted"


class InvalidClassification(TicketRuleViolation):
    """A category and subcategory that cannot go together (a subcategory without a category)."""

    code = "invalid_classification"
    http_status = 422


class InvalidRating(TicketRuleViolation):
    """A satisfaction score outside 1–5."""

    code = "invalid_rating"
    http_status = 422


class ContactMergeConflict(TicketRuleViolation):
    """Two contacts that must not become one (e.g. two different "ID Suporte")."""

    code = "contact_merge_conflict"


class InvalidContactMerge(TicketRuleViolation):
    """A merge the rules never accept (a contact into itself)."""

    code = "invalid_contact_merge"
    http_status = 422


class InvalidContactIdentity(TicketRuleViolation):
    """An email, phone or WhatsApp id that cannot identify anyone."""

    code = "invalid_contact_identity"
    http_status = 422


class InvalidOrganization(TicketRuleViolation):
    """An organization whose CNPJ is malformed or fails its check digits."""

    code = "invalid_organization"
    http_status = 422
