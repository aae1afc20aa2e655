"""Intake's memory under an oversized chunked web-form upload: a 100 MB body with no
Content-Length, as JSON and as multipart, against a real intake process (uvicorn).

Prints the process's resident memory (VmRSS) and its peak (VmHWM, from /proc) before and after
each upload, the answer's status and how long it took. Asserts nothing. Before the limit was
enforced while streaming, the JSON body was read whole (the issue measured 420 MB resident).
`uv run python -m services.intake.bench_webform_upload` from the repository root.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from services.intake.tests.intake_support import start_intake
from tests.bench.harness import print_figures, run_benchmark
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

MEGABYTE = 1024 * 1024
UPLOAD_BYTES = 100 * MEGABYTE
CHUNK = b"x" * (64 * 1024)
BODIES = {
    "json": ("application/json", b'{"name": "Ana", "padding": "', b'"}'),
    "multipart": (
        "multipart/form-data; boundary=b",
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\n\r\n',
        b"\r\n--b--\r\n",
    ),
}


def memory_mb(process: ServiceProcess) -> dict[str, float]:
    assert process.process is not None
    status = Path(f"/proc/{process.process.pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


async def chunked(head: bytes, tail: bytes) -> AsyncIterator[bytes]:
    yield head
    for _ in range(UPLOAD_BYTES // len(CHUNK)):
        yield CHUNK
    yield tail


async def measure(run: IsolatedRun) -> dict[str, float]:
    process, _ = start_intake(run, Path(tempfile.mkdtemp(prefix="intake-upload-bench-")))
    figures: dict[str, float] = {}
    try:
        eventually(lambda: process.ready_status() == 200, timeout=90, what="intake ready")
        before = memory_mb(process)
        figures |= {"rss_mb_before": before["VmRSS"], "peak_rss_mb_before": before["VmHWM"]}
        async with httpx.AsyncClient(base_url=process.url, timeout=300) as client:
            for kind, (content_type, head, tail) in BODIES.items():
                started = time.perf_counter()
                reply = await client.post(
                    "/v1/webform",
                    content=chunked(head, tail),
                    headers={"Content-Type": content_type},
                )
                after = memory_mb(process)
                figures |= {
                    f"{kind}_100mb_status": reply.status_code,
                    f"{kind}_100mb_seconds": time.perf_counter() - started,
                    f"rss_mb_after_{kind}": after["VmRSS"],
                    f"peak_rss_mb_after_{kind}": after["VmHWM"],
                }
    finally:
        process.stop()
    return figures


def run() -> dict[str, float]:
    return run_benchmark(measure)


if __name__ == "__main__":
    print_figures("intake: 100 MB chunked web-form uploads (no Content-Length)", run())
