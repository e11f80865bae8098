#!/usr/bin/env bash
# The verification portal in headless Chromium: see tests/web/portal_test.mjs; then copies of
# the published folder on a static web server, untouched and edited (portal_copy_test.mjs).
set -u
cli="$1"; server="$2"; terminal="$3"; repo="$4"
work=$(mktemp -d)
cleanup() { kill "$server_pid" ${statics:-} 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. "$repo/tests/tools/certificate_fixture.sh"
"$cli" --data "$data" cert revoke "$(id_of C002)" --reason "test" >/dev/null || { echo "FAIL: revoke"; exit 1; }
files="$work/files"; mkdir -p "$files"
cp "$(ls -d "$data/public/c/$(id_of C001)"/*/ | head -1)"/credential.json* "$files/"
node "$repo/tests/web/portal_test.mjs" "$url" "$(id_of C001)" "$(id_of C002)" "$files" || exit 1

# Copies of the published folder on a plain static web server, untouched and edited.
static_site() { # DIR: serves DIR on loopback; its URL goes to DIR.url
  /usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$1" > "$1.log" 2>&1 &
  statics="${statics:-} $!"
  for _ in $(seq 100); do grep -q "port" "$1.log" && break; sleep 0.1; done
  echo "http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$1.log" | head -1)" > "$1.url"
}
id=$(id_of C001)
for copy in untouched summary record status; do cp -r "$data/public" "$work/$copy"; done
/usr/bin/python3 - "$work" "$id" <<'PY'
import base64, glob, json, sys
work, cid = sys.argv[1], sys.argv[2]
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
def unb64(text): return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
# The summary's level raised, its signature kept: the signature no longer covers it.
path = f"{work}/summary/c/{cid}/summary.jwt"
header, payload, signature = open(path).read().strip().split(".")
claims = json.loads(unb64(payload)); claims["level"] = "一级/高级技师"
open(path, "w").write(".".join([header, b64(json.dumps(claims, ensure_ascii=False).encode()), signature]))
# The credential's level raised in credential.json (the name's record; the number's is a link).
for record in glob.glob(f"{work}/record/c/{cid}/*/credential.json"):
    text = open(record).read()
    open(record, "w").write(text.replace("-L4", "-L1").replace("四级/中级工", "一级/高级技师"))
# A status list replaced by an unsigned one.
for jwt in glob.glob(f"{work}/status/status/[0-9]"):
    header, payload, signature = open(jwt).read().strip().split(".")
    open(jwt, "w").write(".".join([header, payload, b64(b"\0" * 64)]))
PY
for copy in untouched summary record status; do static_site "$work/$copy"; done
node "$repo/tests/web/portal_copy_test.mjs" "$id" "张三丰" "$(cat "$work/untouched.url")" \
  "$(cat "$work/summary.url")" "$(cat "$work/record.url")" "$(cat "$work/status.url")"
