"""Names people read for ticket statuses, escalation levels and SLA targets."""

from enum import StrEnum

from notify.domain.languages import Language


class TicketStatus(StrEnum):
    """Ticket status codes as the tickets service publishes them."""

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"


class EscalationLevel(StrEnum):
    """Staff roles an SLA escalation can name, lowest first (atendente → líder → coordenação →
    gerência)."""

    AGENT = "agent"
    LEADER = "leader"
    COORDINATOR = "coordinator"
    MANAGER = "manager"


class SlaTarget(StrEnum):
    """Which deadline an SLA event is about."""

    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


_STATUS_NAMES: dict[Language, dict[TicketStatus, str]] = {
    Language.PT_BR: {
        TicketStatus.NEW: "Em espera",
        TicketStatus.OPEN: "Em andamento",
        TicketStatus.PENDING: "Aguardando sua resposta",
        TicketStatus.RESOLVED: "Resolvido",
    },
    Language.EN: {
        TicketStatus.NEW: "Waiting",
        TicketStatus.OPEN: "In progress",
        TicketStatus.PENDING: "Awaiting your reply",
        TicketStatus.RESOLVED: "Resolved",
    },
}

_LEVEL_NAMES: dict[Language, dict[EscalationLevel, str]] = {
    Language.PT_BR: {
        EscalationLevel.AGENT: "atendente",
        EscalationLevel.LEADER: "líder",
        EscalationLevel.COORDINATOR: "coordenação",
        EscalationLevel.MANAGER: "gerência",
    },
    Language.EN: {
        EscalationLevel.AGENT: "agent",
        EscalationLevel.LEADER: "team leader",
        EscalationLevel.COORDINATOR: "coordinator",
        EscalationLevel.MANAGER: "manager",
    },
}

_TARGET_NAMES: dict[Language, dict[SlaTarget, str]] = {
    Language.PT_BR: {
        SlaTarget.FIRST_RESPONSE: "primeira resposta",
        SlaTarget.NEXT_RESPONSE: "próxima resposta",
        SlaTarget.RESOLUTION: "solução",
    },
    Language.EN: {
        SlaTarget.FIRST_RESPONSE: "first response",
        SlaTarget.NEXT_RESPONSE: "next response",
        SlaTarget.RESOLUTION: "resolution",
    },
}


def customer_status_name(status: TicketStatus | str, language: Language) -> str:
    """The status as the customer sees it in "Meus chamados" (pending → Aguardando sua resposta)."""
    return _STATUS_NAMES[language][TicketStatus(status)]


def escalation_level_name(level: EscalationLevel | str, language: Language) -> str:
    """The escalation level as staff read it."""
    return _LEVEL_NAMES[language][EscalationLevel(level)]


def sla_target_name(target: SlaTarget | str, language: Language) -> str:
    """The SLA deadline kind as staff read it."""
    return _TARGET_NAMES[language][SlaTarget(target)]
