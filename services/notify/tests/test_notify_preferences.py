"""Contacts are told on the channels they want, never on ones they refused, with reasons."""

from collections.abc import Callable

import pytest

from notify.domain.contacts import Channel, Contact, ContactPreferences
from notify.domain.kinds import NotificationKind
from notify.domain.preferences import SkippedChannel, SkipReason, plan_channels

MakeContact = Callable[..., Contact]
UPDATE = NotificationKind.STATUS_CHANGED


def prefs(*preferred: Channel, opted_out: frozenset[Channel] = frozenset()) -> ContactPreferences:
    return ContactPreferences(preferred_channels=preferred, opted_out=opted_out)


def test_requester_with_both_addresses_hears_on_both(make_contact: MakeContact) -> None:
    plan = plan_channels(make_contact(), UPDATE)
    assert plan.channels == (Channel.EMAIL, Channel.WHATSAPP)
    assert [t.address for t in plan.targets] == ["ana@example.com", "5511987654321"]
    assert plan.skipped == ()


def test_opted_out_channel_is_skipped_with_reason(make_contact: MakeContact) -> None:
    contact = make_contact(preferences=prefs(opted_out=frozenset({Channel.WHATSAPP})))
    plan = plan_channels(contact, UPDATE)
    assert plan.channels == (Channel.EMAIL,)
    assert plan.skipped == (SkippedChannel(channel=Channel.WHATSAPP, reason=SkipReason.OPTED_OUT),)


def test_opting_out_of_everything_means_no_message(make_contact: MakeContact) -> None:
    everything = ContactPreferences(opted_out=frozenset(Channel))
    plan = plan_channels(make_contact(preferences=everything), UPDATE)
    assert plan.targets == ()
    assert {s.reason for s in plan.skipped} == {SkipReason.OPTED_OUT}


@pytest.mark.parametrize(
    ("changes", "channel", "reason"),
    [
        ({"whatsapp_id": None}, Channel.WHATSAPP, SkipReason.NO_ADDRESS),
        ({"whatsapp_id": "  "}, Channel.WHATSAPP, SkipReason.NO_ADDRESS),
        ({"whatsapp_id": "12"}, Channel.WHATSAPP, SkipReason.INVALID_ADDRESS),
        ({"email": None}, Channel.EMAIL, SkipReason.NO_ADDRESS),
        ({"email": "ana at example"}, Channel.EMAIL, SkipReason.INVALID_ADDRESS),
        ({"email": "a@b.com\r\nBcc: x@y.z"}, Channel.EMAIL, SkipReason.INVALID_ADDRESS),
    ],
)
def test_channel_without_usable_address_is_skipped_with_reason(
    make_contact: MakeContact, changes: dict[str, str | None], channel: Channel, reason: SkipReason
) -> None:
    plan = plan_channels(make_contact(**changes), UPDATE)
    assert channel not in plan.channels
    assert SkippedChannel(channel=channel, reason=reason) in plan.skipped


def test_whatsapp_number_is_normalized_to_digits(make_contact: MakeContact) -> None:
    plan = plan_channels(make_contact(email=None, whatsapp_id="+55 (11) 98765-4321"), UPDATE)
    assert [t.address for t in plan.targets] == ["5511987654321"]


def test_preferred_channel_is_used_alone(make_contact: MakeContact) -> None:
    plan = plan_channels(make_contact(preferences=prefs(Channel.WHATSAPP)), UPDATE)
    assert plan.channels == (Channel.WHATSAPP,)
    assert plan.skipped == (SkippedChannel(channel=Channel.EMAIL, reason=SkipReason.NOT_PREFERRED),)


def test_unusable_preference_falls_back_to_a_usable_channel(make_contact: MakeContact) -> None:
    contact = make_contact(whatsapp_id=None, preferences=prefs(Channel.WHATSAPP))
    plan = plan_channels(contact, NotificationKind.TICKET_CREATED)
    assert plan.channels == (Channel.EMAIL,)
    assert plan.skipped == (SkippedChannel(channel=Channel.WHATSAPP, reason=SkipReason.NO_ADDRESS),)


def test_staff_notices_go_by_email_only(make_contact: MakeContact) -> None:
    plan = plan_channels(make_contact(), NotificationKind.SLA_ESCALATED)
    assert plan.channels == (Channel.EMAIL,)
    assert plan.skipped == (
        SkippedChannel(channel=Channel.WHATSAPP, reason=SkipReason.NOT_OFFERED_FOR_KIND),
    )
