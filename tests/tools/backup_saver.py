#!/usr/bin/env python3
"""A candidate who saves without pause: signs in, then answers the paper's first item again and
again with a rising seq (as fast as the server allows), printing each seq once the server has acknowledged it (so a line in
the output is a save the server promised to keep). Runs until killed."""
import asyncio, json, ssl, sys

import websockets

port, ca, ticket, code = sys.argv[1:5]


async def main():
    async with websockets.connect(f"wss://localhost:{port}/ws", ssl=ssl.create_default_context(cafile=ca)) as ws:
        async def call(number, type_, body):
            await ws.send(json.dumps({"v": 1, "id": number, "type": type_, "body": body}))
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("id") == number:
                    return frame
        assert (await call(1, "auth.sign_in", {"ticket": ticket, "access_code": code, "terminal_id": "saver"}))["ok"]
        paper = await call(2, "paper.get", {})
        item = paper["body"]["sections"][0]["items"][0]["id"]
        number = 2
        for seq in range(1, 1_000_000):
            while True:
                number += 1
                saved = await call(number, "answer.save", {"item_id": item, "seq": seq, "response": {"value": seq % 2 == 0}})
                if saved["ok"] or saved["error"]["code"] != "rate_limited":
                    break
                await asyncio.sleep(0.2)  # as a terminal does: back off, send the same save again
            assert saved["ok"], saved
            print(seq, flush=True)

asyncio.run(main())
