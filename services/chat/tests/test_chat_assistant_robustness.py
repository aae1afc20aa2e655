"""Whatever the customer and the app layer send, in any order, the assistant keeps its footing."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.domain.action_results import (
    ActionFailed,
    AgentEnded,
    AgentJoined,
    HandoffQueued,
    NoAgentOnline,
    QueuePositionChanged,
    SupportClosed,
    TicketFound,
    TicketNotFound,
    TicketOpened,
    TicketStatus,
    TranscriptFiled,
)
from chat.domain.assistant import handle_input, handle_result, start_conversation
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.conversation import Stage
from chat.domain.customer_input import CustomerText, MenuChoice

WORDS = ["1", "2", "3", "4", "5", "sim", "não", "menu", "sair", "atendente", "english",
         "português", "Ana", "ana@exemplo.com.br", "#123456", "como reabrir um chamado",
         "O boleto não chegou", "yes", "no", "9"]  # fmt: skip

customer_inputs = st.one_of(
    st.sampled_from(WORDS).map(lambda text: CustomerText(text=text)),
    st.text(max_size=40).map(lambda text: CustomerText(text=text)),
    st.sampled_from(["1", "2", "3", "4", "yes", "no", "5"]).map(lambda v: MenuChoice(value=v)),
)
app_results = st.sampled_from(
    [
        TicketFound(number="123456", status=TicketStatus.WAITING, requester_email="a@b.com"),
        TicketNotFound(number="123456"),
        HandoffQueued(position=2),
        QueuePositionChanged(position=1),
        AgentJoined(agent_name="Carla"),
        SupportClosed(next_opening=datetime(2025, 11, 24, 12, tzinfo=UTC)),
        NoAgentOnline(),
        TicketOpened(number="100001"),
        AgentEnded(),
        TranscriptFiled(number="100002"),
        ActionFailed(),
    ]
)

QUIET_STAGES = {Stage.QUEUED, Stage.WITH_AGENT}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.one_of(customer_inputs, app_results), max_size=25))
def test_every_customer_message_gets_an_answer_unless_an_agent_has_it(
    profile: AssistantProfile, steps: list[object]
) -> None:
    conversation = start_conversation(profile).conversation
    for step in steps:
        if isinstance(step, CustomerText | MenuChoice):
            before = conversation.stage
            turn = handle_input(profile, conversation, step)
            if before not in QUIET_STAGES:
                assert turn.replies, (before, step)
        else:
            turn = handle_result(profile, conversation, step)  # type: ignore[arg-type]
        conversation = turn.conversation
        assert conversation.rating is None or 1 <= conversation.rating <= 5
        if conversation.stage not in {Stage.ASKING_NAME, Stage.ASKING_EMAIL}:
            assert conversation.customer_email or conversation.stage in {
                Stage.ASKING_RATING,
                Stage.ENDED,
            }
