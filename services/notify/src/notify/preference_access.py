"""Who may read or change a contact's notification preferences.

Any staff member handles a customer's preferences (that is support work). A staff member's own
preferences decide whether they hear about escalations, so a colleague may not read or change
them: only the member themselves, or a manager or admin, may."""

from __future__ import annotations

from helpdesk_contracts.common import StaffRole
from helpdesk_runtime.staff_access import StaffAccessRefused, role_allows
from helpdesk_runtime.staff_directory import StaffCredential
from notify.domain.contacts import STAFF_CONTACT_PREFIX, staff_contact_id

OVERSEEING_ROLE: StaffRole = "manager"


def may_handle_preferences(who: StaffCredential, contact_id: str) -> bool:
    if not contact_id.startswith(STAFF_CONTACT_PREFIX):
        return True
    return contact_id == staff_contact_id(who.agent_id) or role_allows(who.role, OVERSEEING_ROLE)


def check_preferences_access(who: StaffCredential, contact_id: str) -> None:
    """Refuse (403 problem) a staff member handling a colleague's preferences."""
    if may_handle_preferences(who, contact_id):
        return
    raise StaffAccessRefused(
        403,
        "forbidden",
        ("Você não tem permissão para isso.", "You are not allowed to do this."),
        (
            "As preferências de notificação de um membro da equipe são dele; só a gerência "
            "ou a administração pode vê-las ou alterá-las.",
            "A staff member's notification preferences are their own; only a manager or "
            "an admin may read or change them.",
        ),
    )
