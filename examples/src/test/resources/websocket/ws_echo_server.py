"""A WebSocket echo server on Debian's python3-websockets: the interop backend of the tunnel tests.

Usage: ws_echo_server.py PORT [CERT_PEM KEY_PEM]
With a certificate and its key it serves wss (TLS, no ALPN).
Echoes every text and binary message as it came; the library answers pings and echoes the
client's close code. Counts connections on stdout, one line each, so a test can read them.
"""
import asyncio
import ssl
import sys

import websockets


async def echo(ws, path=None):
    print("connection", flush=True)
    async for message in ws:
        await ws.send(message)


async def main(port, cert=None, key=None):
    tls = None
    if cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
    async with websockets.serve(echo, "127.0.0.1", port, max_size=4 << 20, ping_interval=None, ssl=tls):
        print("listening", port, flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), *sys.argv[2:4]))
