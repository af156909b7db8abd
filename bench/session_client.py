"""A headless Streamlit session: what a browser does over the websocket, without drawing.

A browser opens `/_stcore/stream`, asks for a run of the page (a BackMsg `rerun_script`),
and the server runs the app script for that session, sending each element as a ForwardMsg;
the session is done when the `script_finished` message arrives. This client does exactly
that and counts what came, so the server does the same work as for a person opening the
page (everything but the drawing, which is the browser's).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

AFFINITY_COOKIE = "SERVERID"
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass(frozen=True)
class Session:
    """One session's run of a page: how long it took, what it sent, where it ran."""

    seconds: float  # from opening the websocket to script_finished
    elements: int
    charts: int
    replica: str | None  # the affinity cookie the proxy set (None without a proxy)


def _first_run(url: str, query_string: str) -> bytes:
    message = BackMsg()
    run = message.rerun_script
    run.query_string = query_string
    run.page_script_hash = ""  # the default page: the Overview
    run.context_info.timezone = "Europe/London"
    run.context_info.locale = "en-GB"
    run.context_info.url = url
    return message.SerializeToString()


async def open_session(
    base_url: str, query_string: str = "", replica: str | None = None, timeout: float = 300
) -> Session:
    """Open a new session on the page at base_url and wait until its script has finished.
    `replica` sends the proxy's affinity cookie, to reach one replica behind it."""
    stream = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
    headers = {"Cookie": f"{AFFINITY_COOKIE}={replica}"} if replica else {}
    started = time.perf_counter()
    async with websockets.connect(
        stream,
        subprotocols=["streamlit"],
        additional_headers=headers,
        max_size=None,
        open_timeout=timeout,
    ) as websocket:
        set_cookie = SimpleCookie(websocket.response.headers.get("Set-Cookie", ""))
        served_by = replica or (
            set_cookie[AFFINITY_COOKIE].value if AFFINITY_COOKIE in set_cookie else None
        )
        await websocket.send(_first_run(base_url.rstrip("/") + "/", query_string))
        elements = charts = 0
        while True:
            message = ForwardMsg()
            message.ParseFromString(await _receive(websocket, started, timeout))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element == "exception":
                    raise RuntimeError(f"the page failed on the server ({base_url})")
                elements += 1
                charts += element == "vega_lite_chart"
            elif kind == "script_finished" and message.script_finished in DONE:
                if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"the app did not compile ({base_url})")
                return Session(time.perf_counter() - started, elements, charts, served_by)


async def _receive(websocket, started: float, timeout: float) -> bytes:
    left = timeout - (time.perf_counter() - started)
    data = await asyncio.wait_for(websocket.recv(), max(left, 0.1))
    if isinstance(data, str):
        raise RuntimeError("Streamlit sent a text frame; it speaks binary protobuf")
    return data
