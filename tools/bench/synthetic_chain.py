#!/usr/bin/env python3
"""Appends N answer entries to a venue database's audit chain, hashed as the venue hashes them:
what a long sitting leaves for the uploader (tools/bench/centre.sh measures the drain).
Usage: synthetic_chain.py DATABASE N"""
import hashlib
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
count = int(sys.argv[2])
seq, prev = db.execute("SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), ?) FROM audit", ("0" * 64,)).fetchone()
rows = []
at = 1796000000000
for n in range(count):
    seq += 1
    ticket = f"T{n % 2000:04d}"
    detail = f'{{"saves":[{{"attempt":{n % 2000},"seq":{n // 2000 + 1},"sha256":"{hashlib.sha256(str(n).encode()).hexdigest()}"}}]}}'
    at += 27
    actor, action = f"candidate:{ticket}", "answer.save"
    text = f"{prev}\n{seq}\n{at}\n{actor}\n{action}\n{ticket}\n{detail}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    rows.append((seq, at, actor, action, ticket, detail, prev, digest))
    prev = digest
    if len(rows) == 100000:
        db.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows = []
db.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
