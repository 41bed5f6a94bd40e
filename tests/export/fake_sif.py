"""A local endpoint answering as Public 360's SIF DocumentService does (JSON over HTTP with an
authkey): UpdateDocument attaches files to a document by its number, GetDocuments lists a
document's files. It can fail on purpose: refuse with 503, or store a file and then drop the
connection before answering."""

from __future__ import annotations

import asyncio
import base64
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

AUTHKEY = "hemlig-nyckel"


@dataclass
class FakeSif:
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_next: int = 0  # answer 503 to this many UpdateDocument calls
    drop_next: int = 0  # store, then drop the connection without an answer, this many times
    calls: list[str] = field(default_factory=list)
    url: str = ""

    async def update(self, request: web.Request) -> web.StreamResponse:
        self.calls.append("UpdateDocument")
        if request.query.get("authkey") != AUTHKEY:
            return web.json_response({"Successful": False, "ErrorMessage": "Unauthorized"},
                                     status=401)
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=503, text="Service Unavailable")
        param = (await request.json())["parameter"]
        files = self.documents.get(param["DocumentNumber"])
        if files is None:
            return web.json_response({"Successful": False,
                                      "ErrorMessage": "Document not found"})
        for f in param["Files"]:
            base64.b64decode(f["Base64Data"], validate=True)
            files.append({**f, "Recno": 9000 + len(files)})
        if self.drop_next:
            self.drop_next -= 1
            assert request.transport is not None
            request.transport.close()
            raise asyncio.CancelledError
        return web.json_response({"Successful": True, "Recno": 500,
                                  "DocumentNumber": param["DocumentNumber"]})

    async def get(self, request: web.Request) -> web.StreamResponse:
        self.calls.append("GetDocuments")
        number = (await request.json())["parameter"]["DocumentNumber"]
        files = self.documents.get(number, [])
        stored = [{k: v for k, v in f.items() if k != "Base64Data"} for f in files]
        return web.json_response({"Successful": True, "TotalCount": 1,
                                  "Documents": [{"Recno": 500, "DocumentNumber": number,
                                                 "Files": stored}]})

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/SIF/DocumentService/UpdateDocument", self.update)
        app.router.add_post("/SIF/DocumentService/GetDocuments", self.get)
        return app


def serve(fake: FakeSif) -> tuple[threading.Event, threading.Thread]:
    """Run the fake in a thread with its own event loop; sets fake.url."""
    ready, stop = threading.Event(), threading.Event()

    def run() -> None:
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(fake.app())
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        port = runner.addresses[0][1]
        fake.url = f"http://127.0.0.1:{port}/SIF"
        ready.set()
        while not stop.is_set():
            loop.run_until_complete(asyncio.sleep(0.05))
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    return stop, thread
