# Sourced by the certificate tests: a data folder with a certificate PKI, a sitting sat for real
# through craftmark-terminal (C001 and C002 pass, C003 fails), a running server, and certificates
# issued for the sitting. Expects: cli server terminal repo work; sets: data port url ids.
data="$work/data"
cli_quiet() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
cli_quiet pki init --name "市职业技能鉴定中心 City Skills Assessment Centre" \
  --org-id NTRCN-91330100MA2XXXXX --base-url https://verify.test.example --slug centre-01
cli_quiet bank import "$repo/tests/data/certificate-bank.json"
cli_quiet assessment add "$repo/tests/data/certificate-exam.json"
cli_quiet sitting create --id s1 --assessment cert-exam --start now
cli_quiet sitting register s1 "$repo/tests/data/certificate-candidates.csv"

"$server" --data "$data" --listen 127.0.0.1:0 > "$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$work/server.err"; exit 1; }
url="https://127.0.0.1:$port"

sit() { # TICKET ANSWER(true|false): answers q1-q3 with ANSWER and q4 with true
  code=$("$cli" --data "$data" sitting codes s1 --release | awk -v t="$1" '$2 == t { print $3 }')
  printf '{"ticket":"%s","access_code":"%s","answers":{"q1":{"value":%s},"q2":{"value":%s},"q3":{"value":%s},"q4":{"value":true}},"submit":true}' \
    "$1" "$code" "$2" "$2" "$2" > "$work/$1.json"
  "$terminal" --port "$port" --ca "$data/pki/ca.pem" --journal "$work/journal-$1" --script "$work/$1.json" \
    > "$work/$1.out" 2>&1 || { echo "FAIL: $1 could not sit the exam"; cat "$work/$1.out"; exit 1; }
}
sit C001 true
sit C002 true
sit C003 false
"$cli" --data "$data" cert issue --sitting s1 > "$work/issue.out" 2>"$work/issue.err"
id_of() { sqlite3 "$data/craftmark.db" "SELECT id FROM certificates WHERE ticket = '$1'"; }
