"""A TCP proxy on loopback in front of a real server, able to go silent like a dead peer.

`silence()` keeps every connection open but stops passing the server's bytes back (a broker
whose queue lost its leader, a half-dead network path: the client hears nothing, not even an
error); `restore()` passes bytes again and closes the connections that went silent, so clients
reconnect through it. It runs in the caller's event loop."""

from __future__ import annotations

import asyncio
import contextlib

from tests.support.processes import free_port


class SilenceableProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.port = free_port()
        self._target = (target_host, target_port)
        self._silent = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> SilenceableProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        self._close_all()
        if self._server is not None:
            self._server.close()

    def silence(self) -> None:
        self._silent = True

    def restore(self) -> None:
        self._silent = False
        self._close_all()

    def _close_all(self) -> None:
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _accept(self, client_in: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        server_in, server = await asyncio.open_connection(*self._target)
        self._writers |= {client, server}
        await asyncio.gather(
            self._pipe(client_in, server, from_server=False),
            self._pipe(server_in, client, from_server=True),
        )

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, from_server: bool
    ) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await source.read(65536):
                if from_server and self._silent:
                    continue  # swallowed: the client waits for an answer that never comes
                sink.write(chunk)
                await sink.drain()
        sink.close()
