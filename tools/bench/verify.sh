#!/usr/bin/env bash
# The verification API's throughput (valid certificates checked per second, TLS keep-alive, the
# server on core 0) against `openssl speed ecdsap256` verifications on the same core, same run.
# BATCH > 1 sends that many different certificates in each request (the batch form). Also
# prints what parsing the JSON costs a certificate, with nlohmann/json and with Boost.JSON.
# Usage: tools/bench/verify.sh [CONNECTIONS] [SECONDS] [BATCH]   (build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
connections="${1:-8}"; seconds="${2:-10}"; batch="${3:-1}"
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
server_core="taskset -c 0"; load_core="taskset -c 1"
[ "$(nproc)" -ge 2 ] || { server_core=""; load_core=""; }
c() { build/tools/craftmark --data "$work" "$@" >/dev/null; }
. tools/admin-account.sh build/tools/craftmark "$work"
c pki init --name "Benchmark Skills Centre" --base-url https://verify.bench.example
c bank import tests/data/certificate-bank.json
c assessment add tests/data/certificate-exam.json
c sitting create --id bench --assessment cert-exam --start now
python3 - "$batch" > "$work/candidates.csv" <<'PY'
import sys
def resident_id(first17):  # with its GB 11643 check character, as registration requires
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
print("ticket,name,national_id,seat")
for n in range(1, max(3, int(sys.argv[1])) + 1):
    print(f"B{n:03},Candidate {n},{resident_id(f'11010119900307{n % 1000:03}')},{n}")
PY
c sitting register bench "$work/candidates.csv"
sqlite3 "$work/craftmark.db" "UPDATE attempts SET state = 'closed', result = '{\"percent\":100,\"passed\":true,\"pendingItems\":0}'"
c cert issue --sitting bench 2>/dev/null
python3 - "$batch" "$work"/public/c/*/*/ > "$work/body.json" <<'PY'
import base64, json, sys
def pair(d):
    return {"credential": open(d + "credential.json").read(),
            "signature": base64.b64encode(open(d + "credential.json.p7s", "rb").read()).decode()}
batch, records = int(sys.argv[1]), sys.argv[2:]
print(json.dumps(pair(records[0]) if batch == 1 else {"certificates": [pair(d) for d in records[:batch]]}))
PY

$server_core build/server/craftmark-server --data "$work" --listen 127.0.0.1:0 --threads 1 --portal-rate 0 > "$work/server.out" 2>/dev/null &
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
result=$($load_core build/tools/craftmark-verify-bench "$port" "$work/pki/ca.pem" "$work/body.json" "$connections" "$seconds")
kill %1; wait 2>/dev/null || true
baseline=$($server_core openssl speed -seconds 3 ecdsap256 2>/dev/null | awk '/256 bits ecdsa/ {print $NF}')
rate=$(echo "$result" | python3 -c 'import json, sys; print(json.load(sys.stdin)["valid_per_second"])')
printf '/api/verify: %.0f valid certificates/s (%s a request, %s connections, %s s, one server thread on one core)\n' "$rate" "$batch" "$connections" "$seconds"
printf 'same-run baseline: openssl speed ecdsap256 = %.0f verifications/s on that core\n' "$baseline"
printf 'ratio: %.2f (target >= 0.5)\n' "$(echo "$rate / $baseline" | bc -l)"
# How much of a check is JSON parsing, and what a faster parser would give (the same core).
$server_core build/tools/craftmark-json-bench "$work/body.json" | python3 -c '
import json, sys
j = json.load(sys.stdin)
per = {k: j["request_us"][k] / j["certificates"] + j["certificate_us"][k] for k in ("nlohmann", "boost_json")}
print("JSON parsing a certificate (its share of the request, then the document): "
      "%.1f us with nlohmann/json, %.1f us with Boost.JSON" % (per["nlohmann"], per["boost_json"]))'
