"""The latest stored version of recently active conversations, kept by this replica.

A step starts from the copy here instead of loading the conversation: its update names the
version it read, so a copy gone stale (another replica wrote since) only costs a failed update,
a load and a second try. Copies come from this replica's own writes and from the relay, which
carries each stored version to the replicas whose sockets show the conversation.
"""

from __future__ import annotations

from collections import OrderedDict

from chat.conversation_record import ConversationRecord


class RecentRecords:
    def __init__(self, capacity: int = 5000) -> None:
        self._capacity = capacity
        self._records: OrderedDict[str, ConversationRecord] = OrderedDict()
        self._seqs: dict[str, int] = {}

    def get(self, session_id: str) -> ConversationRecord | None:
        record = self._records.get(session_id)
        if record is not None:
            self._records.move_to_end(session_id)
        return record

    def last_seq(self, session_id: str) -> int:
        """The highest seq this replica stored or was relayed (plain messages leave the
        conversation's own `seq` behind)."""
        record = self._records.get(session_id)
        return max(self._seqs.get(session_id, 0), record.seq if record else 0)

    def saw_seq(self, session_id: str, seq: int) -> None:
        if session_id in self._records and seq > self._seqs.get(session_id, 0):
            self._seqs[session_id] = seq

    def lacks(self, session_id: str, version: object) -> bool:
        """Whether a relayed version is newer than the copy here (else it need not be read)."""
        known = self._records.get(session_id)
        return known is None or not isinstance(version, int) or known.version < version

    def keep(self, record: ConversationRecord) -> None:
        """Remember `record` unless a later version is already known."""
        known = self._records.get(record.id)
        if known is not None and known.version > record.version:
            return
        self._records[record.id] = record
        self._records.move_to_end(record.id)
        if len(self._records) > self._capacity:
            dropped, _ = self._records.popitem(last=False)
            self._seqs.pop(dropped, None)

    def forget(self, session_id: str) -> None:
        self._records.pop(session_id, None)
        self._seqs.pop(session_id, None)
