"""Mail reaches a ticket as its sender wrote it: each corpus class of issue 12 (charsets, encoded
words, uuencode, inline image names, German and Lotus Notes quoting, bare LF) goes through
intake's real SMTP listener to a real tickets process; staff follow it with GET /v1/inbound/{id}.
The last test replays the whole corpus and prints what became of it."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from services.intake.tests.corpus_expectations import CorpusCase, load_corpus
from services.intake.tests.intake_support import (
    SUPPORT_ADDRESSES,
    SmtpReply,
    send_as_written,
    send_mail,
    start_intake,
)
from tests.journeys.system import admin_command
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

pytestmark = pytest.mark.e2e
JSON = dict[str, Any]
CORPUS = load_corpus()
ISSUE_12 = [
    "iso_2022_jp_mailer.eml",
    "gb2312_label_gbk_content.eml",
    "shift_jis_label_cp932_content.eml",
    "euc_kr_label_cp949_content.eml",
    "big5_label_hkscs_content.eml",
    "raw_8bit_headers_latin_body_label.eml",
    "undeclared_shift_jis.eml",
    "wrong_label_ascii_is_cp1251.eml",
    "encoded_words_with_spaces.eml",
    "outlook_de_reply_split_words.eml",
    "thunderbird_de_reply.eml",
    "lotus_notes_de_reply.eml",
    "lotus_notes_schrieb_am.eml",
    "uuencode_attachments.eml",
    "inline_images_without_disposition.eml",
    "bare_lf_line_endings.eml",
]
WAIT_S = 60


@dataclass
class IntakeAndTickets:
    intake: ServiceProcess
    smtp_port: int
    tickets: ServiceProcess
    token: str

    def _get(self, url: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"}
        return httpx.get(url, headers=headers, timeout=30)

    def inbound(self, inbound_id: str) -> JSON | None:
        answer = self._get(f"{self.intake.url}/v1/inbound/{quote(inbound_id, safe='')}")
        return answer.json() if answer.status_code == 200 else None

    def settled(self, inbound_id: str) -> JSON:
        """The inbound status once it no longer waits for tickets."""

        def done() -> JSON | None:
            status = self.inbound(inbound_id)
            return status if status and status["outcome"] != "awaiting_ticket" else None

        return eventually(done, timeout=WAIT_S, what=f"what became of {inbound_id}")

    def ticket(self, number: int) -> JSON:
        answer = self._get(f"{self.tickets.url}/v1/tickets/{number}")
        assert answer.status_code == 200, answer.text
        body: JSON = answer.json()
        return body


@pytest.fixture(scope="module")
def system(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IntakeAndTickets]:
    run = IsolatedRun(infrastructure)
    logs = tmp_path_factory.mktemp("mail-reads-as-written")
    fast = {"HELPDESK_OUTBOX_POLL_S": "0.2", "HELPDESK_LOG_LEVEL": "INFO"}
    tickets = ServiceProcess("tickets", run.environment(**fast), logs).start()
    intake, smtp_port = start_intake(run, logs, HELPDESK_OUTBOX_POLL_S="0.2")
    try:
        for process in (tickets, intake):
            eventually(partial(_ready, process), timeout=120, what=f"{process.service} ready")
        token = admin_command(run, "issue-token", "--name", "Bruna Atendente")
        started = IntakeAndTickets(intake, smtp_port, tickets, token)
        eventually(lambda: started._get(intake.url + "/v1/inbound/x").status_code == 404)
        yield started
    finally:
        intake.stop()
        tickets.stop()
        asyncio.run(run.clean_up())


def _ready(process: ServiceProcess) -> bool:
    return process.ready_status() == 200


def _send(system: IntakeAndTickets, case: CorpusCase) -> SmtpReply:
    if case.file == "bare_lf_line_endings.eml":
        return send_as_written(system.smtp_port, case.raw)
    return send_mail(system.smtp_port, case.raw, recipients=(SUPPORT_ADDRESSES[0],))


@pytest.mark.parametrize("file", ISSUE_12)
def test_mail_reaches_its_ticket_as_its_sender_wrote_it(
    system: IntakeAndTickets, file: str
) -> None:
    case = next(c for c in CORPUS.cases if c.file == file)
    expected = case.expected

    reply = _send(system, case)
    assert (reply.code, reply.outcome) == (250, "accepted"), reply.text
    status = system.settled(reply.inbound_id)
    assert status["outcome"] == "ticket", status
    ticket = system.ticket(status["ticket_number"])

    assert ticket["subject"] == expected["subject"]
    assert ticket["requester"]["name"] == expected.get("sender_name")
    [comment] = [c for c in ticket["comments"] if c["author"]["kind"] == "customer"]
    if "visible_text" in expected:
        assert comment["text"] == expected["visible_text"]
    for fragment in expected.get("visible_contains", []):
        assert fragment in comment["text"]
    files = [(a["filename"], a["sha256"]) for a in comment["attachments"]]
    wanted = [(a["filename"], a.get("sha256")) for a in expected.get("attachments", [])]
    assert [name for name, _ in files] == [name for name, _ in wanted]
    for (name, sha256), (_, wanted_sha256) in zip(files, wanted, strict=True):
        assert wanted_sha256 is None or sha256 == wanted_sha256, name


def test_replay_of_the_whole_corpus_loses_nothing(system: IntakeAndTickets) -> None:
    replies = {case.file: _send(system, case) for case in CORPUS.cases}
    refused = Counter(
        f"{reply.code} {reply.text.split(' ', 1)[-1][:60]}"
        for reply in replies.values()
        if reply.code != 250
    )
    statuses = {
        file: system.settled(reply.inbound_id)
        for file, reply in replies.items()
        if reply.code == 250
    }
    tickets = {s["ticket_number"] for s in statuses.values() if s["outcome"] == "ticket"}
    without_ticket = Counter(
        f"{s['outcome']}: {s['kind']}" for s in statuses.values() if s["outcome"] != "ticket"
    )
    figures = {
        "sent": len(replies),
        "accepted (250)": len(statuses),
        "smtp outcomes": dict(Counter(r.outcome for r in replies.values() if r.code == 250)),
        "with a ticket": sum(1 for s in statuses.values() if s["outcome"] == "ticket"),
        "distinct tickets": len(tickets),
        "without a ticket": dict(without_ticket),
        "refused": dict(refused),
    }
    print("corpus replay:", json.dumps(figures, ensure_ascii=False, indent=1))

    messages = [c.file for c in CORPUS.cases if c.expected["kind"] == "message"]
    assert not refused
    assert [file for file in messages if statuses[file]["outcome"] != "ticket"] == []
    others = [c.file for c in CORPUS.cases if c.file not in messages]
    assert {file: statuses[file] for file in others if statuses[file]["outcome"] == "ticket"} == {}
