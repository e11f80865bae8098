#!/usr/bin/env python3
"""An outside client written from docs/protocol.md alone (Python, not the C++ client library)
sits a whole exam against the real server: sign in, paper, saves, a reconnect with the resume
token, submit, result."""
import asyncio, json, re, ssl, subprocess, sys, tempfile

import websockets

from theory_sitting import client, prepare

cli, server, repo = sys.argv[1:4]


def response_for(item):
    kind = item["type"]
    if kind == "single_choice": return {"choice": item["choices"][0]["id"]}
    if kind == "multiple_choice": return {"choices": [c["id"] for c in item["choices"][:2]]}
    if kind == "true_false": return {"value": True}
    if kind == "numerical": return {"value": 5}
    if kind == "matching":
        return {"pairs": {p["id"]: r["id"] for p, r in zip(item["premises"], item["responses"])}}
    return {"text": "欧姆"}


async def sit(port, ca, code):
    tls = ssl.create_default_context(cafile=ca)
    url = f"wss://localhost:{port}/ws"
    async with websockets.connect(url, ssl=tls) as ws:
        c = client(ws)
        signed = await c.call("auth.sign_in", {"ticket": "PY1", "access_code": code, "terminal_id": "py"})
        assert signed["ok"], signed
        token = signed["body"]["resume_token"]
        paper = await c.call("paper.get")
        assert paper["ok"] and paper["body"]["time"]["state"] == "running", paper
        items = [i for s in paper["body"]["sections"] for i in s["items"]]
        assert len(items) == 50 and "fraction" not in json.dumps(paper)
        for seq, item in enumerate(items[:25], start=1):
            saved = await c.call("answer.save", {"item_id": item["id"], "seq": seq, "response": response_for(item)})
            assert saved["ok"] and saved["body"]["seq"] == seq, saved
        bad = await c.call("answer.save", {"item_id": items[0]["id"], "seq": 1, "response": {"text": "x"}})
        assert not bad["ok"] and bad["error"]["code"] in ("sequence_conflict", "invalid_response"), bad
    async with websockets.connect(url, ssl=tls) as ws:  # a dropped connection, then resume
        c = client(ws)
        assert (await c.call("auth.resume", {"resume_token": token, "terminal_id": "py"}))["ok"]
        paper = await c.call("paper.get")
        assert paper["body"]["last_seq"] == 25 and len(paper["body"]["answers"]) == 25, paper["body"]["last_seq"]
        for seq, item in enumerate(items[25:], start=26):
            assert (await c.call("answer.save", {"item_id": item["id"], "seq": seq, "response": response_for(item)}))["ok"]
        done = await c.call("attempt.submit")
        assert done["ok"] and done["body"]["unanswered"] == [], done
        result = await c.call("result.get")
        assert result["ok"] and result["body"]["result"]["max"] == 100, result
        assert len(result["body"]["result"]["items"]) == 50
        return result["body"]["result"]["total"]


with tempfile.TemporaryDirectory() as data:
    code = prepare(cli, data, repo, "py", "PY1", "--review", "items")
    proc = subprocess.Popen([server, "--data", data, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"ready port=(\d+)", proc.stdout.readline()).group(1))
        total = asyncio.run(sit(port, f"{data}/pki/ca.pem", code))
        print(f"an outside client sat the exam from docs/protocol.md alone: total {total} of 100")
    finally:
        proc.terminate()
        proc.wait()
