#!/usr/bin/env python3
"""A bank's figures, end to end: imported from the folder beside the bank (an SVG cleaned of its
script), stored by the real server's SQLite, and fetched over TLS by a candidate whose paper
shows them, only while the attempt runs."""
import asyncio, base64, hashlib, json, pathlib, re, ssl, subprocess, sys, tempfile

import websockets

from theory_sitting import client, prepare

cli, server, repo = sys.argv[1:4]

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" onload="alert(1)">'
       '<script>alert(2)</script><path d="M10 30 H40 l5 -10 l10 20 l10 -20 l5 10 H110" '
       'fill="none" stroke="black"/><text x="50" y="55">R1</text></svg>')


def write_bank(folder):
    (folder / "figures").mkdir()
    (folder / "figures" / "circuit.svg").write_text(SVG, encoding="utf-8")
    bank = {"kind": "qbank", "bank": {"id": "figs", "title": "Figures"}, "items": [
        {"id": "F1", "type": "single_choice", "points": 1,
         "stem": {"format": "html", "text": '<p>图中电阻 R1 的符号是哪种？<img src="figures/circuit.svg" alt="电路"></p>'},
         "choices": [{"id": "A", "text": "电阻", "fraction": 1}, {"id": "B", "text": "电容", "fraction": 0}]},
        {"id": "F2", "type": "true_false", "points": 1, "correct": True,
         "stem": {"format": "plain", "text": "电阻的单位是欧姆。"}}]}
    (folder / "figs.json").write_text(json.dumps(bank, ensure_ascii=False), encoding="utf-8")
    assessment = {"kind": "assessment", "id": "figs-theory", "title": "Figures", "durationMinutes": 30,
                  "reviewPolicy": "score",
                  "sections": [{"id": "S1", "title": "S1", "draw": [{"bank": "figs", "count": 2}]}]}
    (folder / "figs-theory.json").write_text(json.dumps(assessment), encoding="utf-8")


async def sit(port, ca, code):
    tls = ssl.create_default_context(cafile=ca)
    async with websockets.connect(f"wss://localhost:{port}/ws", ssl=tls) as ws:
        c = client(ws)
        assert (await c.call("auth.sign_in", {"ticket": "FG1", "access_code": code, "terminal_id": "py"}))["ok"]
        ask = {"item_id": "F1", "name": "figures/circuit.svg"}
        early = await c.call("figure.get", ask)
        assert early["error"]["code"] == "sitting_not_open", early
        paper = await c.call("paper.get")
        items = {i["id"]: i for s in paper["body"]["sections"] for i in s["items"]}
        assert items["F1"]["media"] == ["figures/circuit.svg"] and "media" not in items["F2"], items
        got = await c.call("figure.get", ask)
        assert got["ok"], got
        body = got["body"]
        data = base64.urlsafe_b64decode(body["data"] + "=" * (-len(body["data"]) % 4))
        assert body["media_type"] == "image/svg+xml" and hashlib.sha256(data).hexdigest() == body["sha256"]
        svg = data.decode()
        assert "<path" in svg and "R1" in svg and "script" not in svg and "onload" not in svg, svg
        for wrong in ({"item_id": "F2", "name": "figures/circuit.svg"}, {"item_id": "F1", "name": "../craftmark.db"}):
            refused = await c.call("figure.get", wrong)
            assert refused["error"]["code"] == "unknown_item", refused
        assert (await c.call("attempt.submit"))["ok"]
        late = await c.call("figure.get", ask)
        assert late["error"]["code"] == "attempt_closed", late  # the policy is "score"


with tempfile.TemporaryDirectory() as data:
    folder = pathlib.Path(data) / "bank"
    folder.mkdir()
    write_bank(folder)
    code = prepare(cli, data, repo, "fg", "FG1", bank=str(folder / "figs.json"),
                   assessment=str(folder / "figs-theory.json"), assessment_id="figs-theory")
    proc = subprocess.Popen([server, "--data", data, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"ready port=(\d+)", proc.stdout.readline()).group(1))
        asyncio.run(sit(port, f"{data}/pki/ca.pem", code))
        print("a candidate fetched the paper's figure over TLS, only while the attempt ran")
    finally:
        proc.terminate()
        proc.wait()
