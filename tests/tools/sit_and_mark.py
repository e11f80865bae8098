#!/usr/bin/env python3
"""A candidate and the examiners for the centre's tests, written from docs/protocol.md.

  sit_and_mark.py theory PORT CA BANK TICKET CODE
      signs in, answers every choice and true/false item as the bank's key says, submits.
  sit_and_mark.py practical PORT CA SITTING TICKET CODE PASSWORD CHIEF JUDGE JUDGE
      signs in, opens the paper and hands in; then three examiners mark every work of the
      sitting at full marks (each judgement aspect by all three) and the chief locks it.
Prints what the server answered last; exits 1 on any refusal."""
import asyncio, json, ssl, sys

import websockets

import theory_sitting


class client(theory_sitting.client):
    """Each call's body; a refusal ends the program, naming it."""

    async def call(self, type_, body=None):
        frame = await super().call(type_, body)
        if not frame["ok"]:
            sys.exit(f"{type_} refused: {frame['error']}")
        return frame["body"]


def connect(port, ca):
    return websockets.connect(f"wss://localhost:{port}/ws", ssl=ssl.create_default_context(cafile=ca))


def key_response(item, bank_item):
    if item["type"] == "true_false":
        return {"value": bank_item["correct"]}
    right = [c["text"] for c in bank_item["choices"] if c.get("fraction", 0) > 0]
    chosen = [c["id"] for c in item["choices"] if c["text"] in right]
    return {"choice": chosen[0]} if item["type"] == "single_choice" else {"choices": chosen}


async def theory(port, ca, bank_file, ticket, code):
    bank = {i["id"]: i for i in json.load(open(bank_file))["items"]}
    async with connect(port, ca) as ws:
        c = client(ws)
        await c.call("auth.sign_in", {"ticket": ticket, "access_code": code, "terminal_id": ticket})
        paper = await c.call("paper.get")
        seq = 0
        for section in paper["sections"]:
            for item in section["items"]:
                seq += 1
                await c.call("answer.save", {"item_id": item["id"], "seq": seq,
                                             "response": key_response(item, bank[item["id"]])})
        print(await c.call("attempt.submit"))


def full_marks(aspect):
    if aspect["type"] == "judgement":
        return {"score": len(aspect["scale"]) - 1}
    return {"bands": {"value": aspect.get("nominal")}, "deductions": {"faults": {}}}.get(
        aspect["rule"], {"met": True})


async def practical(port, ca, sitting, ticket, code, password, chief, *judges):
    async with connect(port, ca) as ws:
        c = client(ws)
        await c.call("auth.sign_in", {"ticket": ticket, "access_code": code, "terminal_id": ticket})
        await c.call("paper.get")
        await c.call("attempt.submit")
    examiners = []
    for name in (chief, *judges):
        ws = await connect(port, ca)
        e = client(ws)
        await e.call("auth.staff_sign_in", {"username": name, "password": password})
        examiners.append((ws, e))
    chief_client = examiners[0][1]
    for _ in range(50):  # the works are made once the closed attempt is checked
        works = (await chief_client.call("marking.queue", {"sitting_id": sitting}))["works"]
        if works:
            break
        await asyncio.sleep(0.1)
    for work in works:
        form = await chief_client.call("marking.work", {"sitting_id": sitting, "code": work["code"]})
        for criterion in form["scheme"]["criteria"]:
            for aspect in criterion["aspects"]:
                markers = examiners if aspect["type"] == "judgement" else examiners[:1]
                for _, e in markers:
                    await e.call("marking.enter", {"sitting_id": sitting, "code": work["code"],
                                                   "aspect": aspect["code"], "entry": full_marks(aspect)})
        print(await chief_client.call("marking.lock", {"sitting_id": sitting, "code": work["code"]}))
    for ws, _ in examiners:
        await ws.close()


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    asyncio.run(theory(*args) if kind == "theory" else practical(*args))
