"""Which channels a notification goes out on for one contact, and why the others were skipped."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from notify.domain.contacts import Channel, Contact, address_for, raw_address_for
from notify.domain.kinds import Audience, NotificationKind

STAFF_CHANNELS: tuple[Channel, ...] = (Channel.EMAIL,)
"""Staff work in the agent console and read email; WhatsApp is kept for customers."""

REQUESTER_CHANNELS: tuple[Channel, ...] = (Channel.EMAIL, Channel.WHATSAPP)


class SkipReason(StrEnum):
    """Why a channel was not used; recorded in the delivery log."""

    OPTED_OUT = "opted_out"
    NO_ADDRESS = "no_address"
    INVALID_ADDRESS = "invalid_address"
    NOT_PREFERRED = "not_preferred"
    NOT_OFFERED_FOR_KIND = "not_offered_for_kind"


class SkippedChannel(BaseModel):
    """A channel left out, with the reason."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    reason: SkipReason


class ChannelTarget(BaseModel):
    """A channel to send on, with the normalized address to use."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    address: str


class ChannelPlan(BaseModel):
    """The outcome of honouring a contact's preferences for one notification."""

    model_config = ConfigDict(frozen=True)

    targets: tuple[ChannelTarget, ...]
    skipped: tuple[SkippedChannel, ...]

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels to send on, in the contact's order of preference."""
        return tuple(target.channel for target in self.targets)


def plan_channels(contact: Contact, kind: NotificationKind) -> ChannelPlan:
    """Channels to use for this contact and kind; every other channel gets a reason.

    Opt-outs are absolute. Preferences choose among the usable channels, but when none of the
    preferred channels is usable the contact still hears from us on the usable ones: a customer
    who prefers WhatsApp but gave only an email still gets their protocol number.
    """
    if kind.answers_request:
        return _asked_for(contact)
    offered = STAFF_CHANNELS if kind.audience is Audience.STAFF else REQUESTER_CHANNELS
    skipped = [
        SkippedChannel(channel=channel, reason=SkipReason.NOT_OFFERED_FOR_KIND)
        for channel in Channel
        if channel not in offered
    ]
    usable: dict[Channel, str] = {}
    for channel in offered:
        address = address_for(contact, channel)
        if channel in contact.preferences.opted_out:
            skipped.append(SkippedChannel(channel=channel, reason=SkipReason.OPTED_OUT))
        elif address is not None:
            usable[channel] = address
        else:
            missing = raw_address_for(contact, channel) is None
            reason = SkipReason.NO_ADDRESS if missing else SkipReason.INVALID_ADDRESS
            skipped.append(SkippedChannel(channel=channel, reason=reason))
    preferred = [c for c in dict.fromkeys(contact.preferences.preferred_channels) if c in usable]
    chosen = preferred or list(usable)
    skipped.extend(
        SkippedChannel(channel=channel, reason=SkipReason.NOT_PREFERRED)
        for channel in usable
        if channel not in chosen
    )
    return ChannelPlan(
        targets=tuple(ChannelTarget(channel=c, address=usable[c]) for c in chosen),
        skipped=tuple(sorted(skipped, key=lambda s: list(Channel).index(s.channel))),
    )


def _asked_for(contact: Contact) -> ChannelPlan:
    """Email to the address the contact gave when asking; WhatsApp is not offered."""
    address = address_for(contact, Channel.EMAIL)
    whatsapp = SkippedChannel(channel=Channel.WHATSAPP, reason=SkipReason.NOT_OFFERED_FOR_KIND)
    if address is None:
        missing = SkippedChannel(channel=Channel.EMAIL, reason=SkipReason.INVALID_ADDRESS)
        return ChannelPlan(targets=(), skipped=(missing, whatsapp))
    email = ChannelTarget(channel=Channel.EMAIL, address=address)
    return ChannelPlan(targets=(email,), skipped=(whatsapp,))
