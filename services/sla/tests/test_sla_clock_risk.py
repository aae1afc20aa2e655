"""When a clock falls at risk (less than a quarter of its business time left) and breaches."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sla.domain.clock_occurrences import start_clock
from sla.domain.clock_risk import risk_moments
from sla.domain.sla_config import SlaConfig

SP = ZoneInfo("America/Sao_Paulo")
POLICY = SlaConfig().to_policy()


def test_p1_opened_friday_afternoon_is_at_risk_on_monday_in_business_time() -> None:
    opened = datetime(2026, 12, 4, 16, 0, tzinfo=SP)  # Friday; P1 answers in 4 business hours
    clock = start_clock(ticket_number=1, priority="P1", opened_at=opened, policy=POLICY)

    moments = risk_moments(clock, opened, POLICY)

    # 3 of the 4 hours used: 2 on Friday (to 18:00), 1 on Monday from 09:00.
    assert moments.at_risk_from == datetime(2026, 12, 7, 10, 0, tzinfo=SP)
    assert moments.running_due == datetime(2026, 12, 7, 11, 0, tzinfo=SP)


def test_clock_written_after_its_due_time_is_breached_not_at_risk() -> None:
    opened = datetime(2026, 12, 4, 16, 0, tzinfo=SP)
    clock = start_clock(ticket_number=1, priority="P1", opened_at=opened, policy=POLICY)

    moments = risk_moments(clock, datetime(2026, 12, 7, 11, 30, tzinfo=SP), POLICY)

    assert moments.at_risk_from is None
    assert moments.running_due == datetime(2026, 12, 7, 11, 0, tzinfo=SP)
