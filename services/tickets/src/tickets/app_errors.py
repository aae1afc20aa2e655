"""Application errors the APIs turn into problem responses (domain errors live in domain/)."""

from __future__ import annotations

from tickets.domain.language import Localized


class AppProblem(Exception):
    """A refusal with an HTTP status, a stable code and a human reason in both languages."""

    status = 400
    code = "bad_request"

    def __init__(self, reason: Localized) -> None:
        super().__init__(reason.en)
        self.reason = reason


class NotFound(AppProblem):
    status = 404
    code = "not_found"


class StaleVersion(AppProblem):
    status = 409
    code = "version_conflict"


class UnknownReference(AppProblem):
    """The request names an agent, group or ticket that does not exist."""

    status = 422
    code = "unknown_reference"


def ticket_not_found(number: int) -> NotFound:
    return NotFound(
        Localized(f"Chamado nº {number} não encontrado.", f"Ticket #{number} not found.")
    )


def stale_version(number: int, current: int, sent: int) -> StaleVersion:
    return StaleVersion(
        Localized(
            f"O chamado nº {number} foi alterado por outra pessoa (versão {current}, a sua era "
            f"{sent}). Recarregue o chamado e tente de novo.",
            f"Ticket #{number} was changed by someone else (version {current}, yours was "
            f"{sent}). Reload the ticket and try again.",
        )
    )
