"""The database server's own CPU time, when it runs on this machine: the process listening on the
database URL's port on loopback, found through /proc (Linux). SecantusDB answers about one command
at a time, so its CPU per item is what bounds a benchmark's rate when the service waits on it."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.harness import cpu_seconds

LISTENING = "0A"  # TCP state in /proc/net/tcp


def listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on `port` (IPv4 and IPv6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == LISTENING and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def process_listening_on(port: int) -> int | None:
    """The pid of the local process listening on `port`, or None (not local, not visible)."""
    inodes = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    if not inodes:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            descriptors = list((entry / "fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor) in inodes:
                    return int(entry.name)
            except OSError:
                continue
    return None


class ServerCpu:
    """CPU the database server at `mongo_url` has used since this object was made."""

    def __init__(self, mongo_url: str) -> None:
        parts = urlsplit(mongo_url)
        local = parts.hostname in ("127.0.0.1", "localhost", "::1")
        self.pid = process_listening_on(parts.port or 27017) if local else None
        self._start = cpu_seconds(self.pid) if self.pid else 0.0

    def ms_per_item(self, items: int) -> float | None:
        """Server CPU ms per item, or None when the server is not a process of this machine."""
        if self.pid is None:
            return None
        return 1000 * (cpu_seconds(self.pid) - self._start) / items
