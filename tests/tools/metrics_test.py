#!/usr/bin/env python3
"""/metrics read by Prometheus' own text-format parser (Debian's python3-prometheus-client):
every family parses, and the values move as a candidate signs in, saves answers and leaves;
refusals are counted by code; made-up message types add no labels; only /metrics is served."""
import asyncio, json, pathlib, re, ssl, subprocess, sys, tempfile, time, urllib.error, urllib.request

import websockets
from prometheus_client.parser import text_string_to_metric_families

from theory_sitting import prepare

cli, server, repo = sys.argv[1:4]


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


def scrape(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = sample.name + "".join(f"|{k}={v}" for k, v in sorted(sample.labels.items()))
            values[key] = sample.value
    return values


async def call(ws, number, type_, body):
    await ws.send(json.dumps({"v": 1, "id": number, "type": type_, "body": body}))
    while True:
        frame = json.loads(await ws.recv())
        if frame.get("id") == number:
            return frame


async def sit(port, metrics_port, ca, code):
    async with websockets.connect(f"wss://localhost:{port}/ws", ssl=ssl.create_default_context(cafile=ca)) as ws:
        assert (await call(ws, 1, "auth.sign_in", {"ticket": "M1", "access_code": code, "terminal_id": "m"}))["ok"]
        paper = await call(ws, 2, "paper.get", {})
        items = [i for section in paper["body"]["sections"] for i in section["items"]]
        item = next(i for i in items if i["type"] == "single_choice")
        for seq in range(1, 11):
            choice = item["choices"][seq % len(item["choices"])]["id"]
            saved = await call(ws, 2 + seq, "answer.save", {"item_id": item["id"], "seq": seq, "response": {"choice": choice}})
            assert saved["ok"], saved
        stale = await call(ws, 50, "answer.save", {"item_id": item["id"], "seq": 1, "response": {"choice": "x"}})
        assert not stale["ok"], stale
        await call(ws, 51, "no.such.type", {})
        return scrape(metrics_port)


with tempfile.TemporaryDirectory() as data:
    code = prepare(cli, data, repo, "m", "M1")
    proc = subprocess.Popen([server, "--data", data, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready = proc.stdout.readline()
        port, metrics_port = re.search(r"ready port=(\d+).* metrics=(\d+)", ready).groups()
        before = scrape(metrics_port)
        for family in ("process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                       "craftmark_writer_queue_depth", "craftmark_commit_duration_seconds_count"):
            if family not in before:
                fail(f"{family} missing: {sorted(before)}")
        if before.get("craftmark_attempts|state=waiting") != 1:
            fail(f"attempts by state before the sign-in: {before}")
        during = asyncio.run(sit(port, metrics_port, f"{data}/pki/ca.pem", code))

        def moved(key):
            return during.get(key, 0) - before.get(key, 0)
        if moved("craftmark_messages_total|type=answer.save") < 11:
            fail(f"saves counted: {moved('craftmark_messages_total|type=answer.save')}")
        if moved("craftmark_writer_jobs_total") < 10 or moved("craftmark_commit_duration_seconds_count") < 1:
            fail(f"durable writes and their commits not counted: {moved('craftmark_writer_jobs_total')}")
        if during.get("craftmark_commit_batch_jobs_bucket|le=+Inf") != during.get("craftmark_commit_batch_jobs_count"):
            fail("histogram: +Inf bucket differs from the count")
        if during.get("craftmark_connections|role=candidate") != 1:
            fail(f"the candidate's connection: {during.get('craftmark_connections|role=candidate')}")
        if during.get("craftmark_attempts|state=running") != 1:
            fail("attempts by state after the sign-in")
        if moved("craftmark_refusals_total|code=sequence_conflict") + moved("craftmark_refusals_total|code=invalid_response") < 1:
            fail(f"refusals by code: {[k for k in during if 'refusals' in k]}")
        if moved("craftmark_refusals_total|code=unknown_type") != 1 or any("no.such.type" in k for k in during):
            fail("a made-up message type must be refused and counted by its code only")
        for _ in range(100):  # the server notices the closed connection
            if scrape(metrics_port).get("craftmark_connections|role=candidate") == 0:
                break
            time.sleep(0.1)
        else:
            fail("a closed connection still counted")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/", timeout=10)
            fail("something other than /metrics served")
        except urllib.error.HTTPError as e:
            if e.code != 404:
                fail(f"/: {e.code}")
        # Every metric the shipped Grafana dashboard charts is one the server exports.
        page = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).read().decode()
        exported = set(re.findall(r"^# TYPE (\S+)", page, re.M))
        dashboard = json.loads(pathlib.Path(f"{repo}/docs/grafana-dashboard.json").read_text())
        for panel in dashboard["panels"]:
            for target in panel["targets"]:
                for name in re.findall(r"\b(?:craftmark|process)_[a-z_]+", target["expr"]):
                    if re.sub(r"_(bucket|sum|count)$", "", name) not in exported:
                        fail(f"the dashboard's panel {panel['title']!r} charts {name}, which is not exported")
        print("metrics: parsed by prometheus_client; connections, saves, commits, refusals and attempts move")
    finally:
        proc.terminate()
        proc.wait()
