"""Prints the Markdown table of a tools/bench/run.sh run: echo baseline, craftmark, ratios.
With --alone CRAFTMARK_JSON (run.sh --no-baseline): craftmark's figures alone, a line a step."""
import json
import sys

if sys.argv[1] == "--alone":
    craftmark = json.load(open(sys.argv[2]))
    for step in ("saves", "reconnect", "reload", "restart", "submit"):
        if step not in craftmark:
            continue
        c = craftmark[step]
        cpu_us = c["server_cpu_percent"] / 100 * c["seconds"] / c["messages"] * 1e6 if c["messages"] else 0
        print(f"{step}: {c['messages'] / c['seconds']:.0f} a second, p50 {c['p50_ms']:.2f} ms, "
              f"p99 {c['p99_ms']:.2f} ms, server CPU {c['server_cpu_percent']:.0f} % of one core, "
              f"{cpu_us:.1f} µs of it a message; errors: "
              + (", ".join(f"{code} {n}" for code, n in c["errors"].items()) or "none"))
    sys.exit()

echo, craftmark, commit = (json.load(open(f)) for f in sys.argv[1:4])
interval = craftmark["interval_ms"]


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def row(label, e, c, fmt):
    print(f"| {label} | {fmt.format(e)} | {fmt.format(c)} | {ratio(c, e)} |")


loop = "closed loop (next save on the reply)" if interval == 0 else f"one save every {interval} ms each"
print(f"{craftmark['candidates']} candidates; saves: {loop} for {craftmark['duration_s']} s; "
      "TLS both; server on core 0 (one thread), load on core 1.\n")
print("| measure | echo baseline | craftmark | craftmark / baseline |")
print("| --- | --- | --- | --- |")
row("connect (+ sign-in and paper) of all, s", echo["connect"]["seconds"], craftmark["connect"]["seconds"], "{:.2f}")
row("connect: connections tried again", echo["connect"]["retries"], craftmark["connect"]["retries"], "{}")
row("server memory per connection, KiB", echo["server_kib_per_connection"],
    craftmark["server_kib_per_connection"], "{:.1f}")
titles = {"saves": "saves", "reconnect": "reconnect storm", "reload": "reconnect storm with the paper again",
          "restart": "server restart", "submit": "submit rush"}
for step, title in titles.items():
    if step not in craftmark:
        continue
    e, c = echo.get(step, {}), craftmark[step]
    if step == "saves":
        row(f"{title}: messages per second", e.get("per_second", 0), c["per_second"], "{:.0f}")
    if step == "restart":
        row(f"{title}: the server ready again, s", e.get("restart_seconds", 0), c["restart_seconds"], "{:.2f}")
    if step in ("reconnect", "reload", "restart"):
        since = ", from the server's readiness" if step == "restart" else ""
        row(f"{title}: all back{since}, s", e.get("seconds", 0), c["seconds"], "{:.2f}")
        row(f"{title}: connections tried again", e.get("retries", 0), c["retries"], "{}")
    for p, key in (("p50", "p50_ms"), ("p99", "p99_ms"), ("p99.9", "p999_ms")):
        row(f"{title}: {p} latency, ms", e.get(key, 0), c[key], "{:.2f}")
    row(f"{title}: server CPU, % of one core", e.get("server_cpu_percent", 0), c["server_cpu_percent"], "{:.0f}")
if "saves" in craftmark and interval == 0:  # the offered rate means nothing in the open loop
    rate = commit["commits_per_second"]
    print(f"| saves per second / single-row `synchronous=FULL` commits per second ({rate:.0f}) | | "
          f"{craftmark['saves']['per_second']:.0f} | {ratio(craftmark['saves']['per_second'], rate)} |")
errors = {s: (echo.get(s, {}).get("errors") or "none", craftmark[s]["errors"] or "none")
          for s in ["connect", *titles] if s in craftmark}
print("\nErrors (echo; craftmark): " + "; ".join(f"{s}: {e} / {c}" for s, (e, c) in errors.items()) +
      f". Acknowledged: " + ", ".join(f"{s} {craftmark[s]['ok']}" for s in errors) + ".")
