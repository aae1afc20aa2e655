"""`GET /v1/agent/overview`: what a leader's screen shows of chat — conversations waiting per
group and the agents online or away now (staff token, leader or above)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from chat.chat_app import ChatApp
from helpdesk_runtime.problem_details import problem_responses
from helpdesk_runtime.staff_access import Bearer, staff_access

router = APIRouter(tags=["agents"], responses=problem_responses(401, 403))


@router.get("/v1/agent/overview", summary="Chats waiting per group and agents present now")
async def overview(request: Request, bearer: Bearer) -> dict[str, Any]:
    """`waiting`: [{`group` (null: the general queue), `count`}]; `agents`: [{`id`, `name`,
    `groups`, `status` (online or away)}]: agents not listed are offline."""
    chat: ChatApp = request.app.state.chat
    await staff_access(chat.staff, "leader")(bearer)
    context = chat.service.context
    waiting = await context.store.waiting_per_group()
    return {
        "waiting": [
            {"group": group, "count": count}
            for group, count in sorted(waiting.items(), key=lambda kv: kv[0] or "")
        ],
        "agents": await context.roster.present(context.clock()),
    }
