"""A WebSocket client on Debian's python3-websockets: the interop client of the tunnel tests.

Usage: ws_client.py URI [CA_PEM]
A wss:// URI is verified against the certificates of CA_PEM.
Sends text (ASCII and UTF-8), binary, 1 MiB text and binary messages, fragmented text and binary
messages, a ping with a payload, then closes with code 4001 and a reason. Prints one JSON object
with what came back.
"""
import asyncio
import hashlib
import json
import ssl
import sys

import websockets


def digest(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


async def main(uri, ca=None):
    out = {}
    tls = ssl.create_default_context(cafile=ca) if ca else None
    async with websockets.connect(uri, max_size=4 << 20, ping_interval=None, ssl=tls) as ws:
        await ws.send("hello")
        out["text"] = await ws.recv()
        await ws.send("héllo wörld €𝄞")
        out["utf8"] = await ws.recv()
        await ws.send(b"\x00\x01\xfe\xff")
        out["binary"] = list(await ws.recv())
        big_text = "0123456789abcdef" * (1 << 16)
        await ws.send(big_text)
        out["big_text_ok"] = digest(await ws.recv()) == digest(big_text)
        big_binary = bytes(range(256)) * (1 << 12)
        await ws.send(big_binary)
        echoed = await ws.recv()
        out["big_binary_ok"] = isinstance(echoed, bytes) and digest(echoed) == digest(big_binary)
        await ws.send(iter(["frag", "men", "ted €"]))
        out["fragmented_text"] = await ws.recv()
        await ws.send(iter([b"\x01\x02", b"\x03"]))
        out["fragmented_binary"] = list(await ws.recv())
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        out["pong"] = True
        await ws.close(code=4001, reason="bye")
        out["close_code"] = ws.close_code
        out["close_reason"] = ws.close_reason
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:3]))
