"""Everything the entrypoints share, kept on `app.state.chat`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chat.adapters.attachment_store import AttachmentStore
from chat.agent_desk import AgentDesk
from chat.connections import SessionViews
from chat.domain.knowledge_article import Article
from chat.domain.language import Language
from chat.service import ChatService
from chat.settings import ChatSettings
from helpdesk_runtime.file_links import FileLinks
from helpdesk_runtime.staff_directory import StaffDirectory


@dataclass(frozen=True)
class ChatApp:
    settings: ChatSettings
    service: ChatService
    views: SessionViews
    desk: AgentDesk
    attachments: AttachmentStore
    articles: Mapping[Language, tuple[Article, ...]]
    staff: StaffDirectory
    file_links: FileLinks  # links tickets signs for files of chats recorded on tickets
