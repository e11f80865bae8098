#!/usr/bin/env bash
# Issuing a whole sitting's certificates, against the same machine's raw ECDSA P-256 rate.
# Usage: tools/bench/certificates.sh [CANDIDATES]   (default 10000; build first)
# Results are closed as passed directly in SQLite: this measures issuing, not the exam. Each
# candidate is a different person (a national ID of their own): one person is certified once.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
cli=build/tools/craftmark
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
c() { "$cli" --data "$work" "$@" >/dev/null; }
. tools/admin-account.sh "$cli" "$work"
c pki init --name "Benchmark Skills Centre" --base-url https://verify.bench.example
c bank import tests/data/certificate-bank.json
c assessment add tests/data/certificate-exam.json
c sitting create --id bench --assessment cert-exam --start now
{ echo "ticket,name,national_id,seat"; for i in $(seq -w 1 "$n"); do echo "B$i,考生$i,BENCH$i,$i"; done; } > "$work/c.csv"
c sitting register bench "$work/c.csv"
sqlite3 "$work/craftmark.db" "UPDATE attempts SET state = 'closed', result = '{\"percent\":100,\"passed\":true,\"pendingItems\":0}'"

start=$(date +%s.%N)
"$cli" --data "$work" cert issue --sitting bench 2>/dev/null | sed -n 1p
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
speed=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | grep '256 bits ecdsa')
signs=$(echo "$speed" | awk '{print $(NF-1)}'); verifies=$(echo "$speed" | awk '{print $NF}')
files=$(find "$work/public/c" -type f | wc -l)
size=$(du -sk "$work/public/c" | cut -f1)
printf 'issued %d certificates in %.1f s: %.0f certificates/s (%.2f ms each: CMS and VC-JWT signatures, the signed PDF, %d files)\n' \
  "$n" "$seconds" "$(echo "$n / $seconds" | bc -l)" "$(echo "1000 * $seconds / $n" | bc -l)" "$((files / n))"
printf 'same-run baseline: openssl speed ecdsap256 = %.0f signs/s, %.0f verifies/s on one core\n' "$signs" "$verifies"
printf 'published: %d files, %d KiB (%.1f KiB per certificate)\n' "$files" "$size" "$(echo "$size / $n" | bc -l)"
