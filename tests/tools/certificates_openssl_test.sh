#!/usr/bin/env bash
# Certificates end to end against the real server, checked with stock openssl: issue after a real
# exam, verify (and refuse a changed byte and a foreign root), the employer script of
# docs/certificates.md, the VC-JWT signature, revoke / suspend through the status lists, signing
# key revocation with re-signing, the PDF's attachments, and bad input to the portal.
set -u
cli="$1"; server="$2"; terminal="$3"; repo="$4"
work=$(mktemp -d)
cleanup() { kill "$server_pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$repo/tests/tools/certificate_fixture.sh"

grep -q "issued 2 certificate" "$work/issue.out" || fail "issue summary: $(cat "$work/issue.out")"
grep -q "not issued: C003: did not pass (25 %)" "$work/issue.out" || fail "failing candidate not named"
"$cli" --data "$data" cert issue --sitting s1 2>/dev/null | grep -q "issued 0 certificate(s), 2 already issued" \
  || fail "re-issuing must not sign twice"
grep -q "national_id\|110101199003091234" "$data"/public/c/*/*/credential.json && fail "national ID in a certificate"
# Three more data folders, each with the same administrator, for the refusals below.
for other in long empty other; do
  "$cli" --data "$work/$other" init --admin admin --password-file "$CRAFTMARK_AS_PASSWORD_FILE" >/dev/null
done
"$cli" --data "$data" pki init --name again 2>&1 | grep -q "already exists" || fail "a second pki init"
"$cli" --data "$work/long" pki init --name "$(printf '鉴定%.0s' $(seq 40))" 2>&1 | grep -q "certificates allow 64" \
  || fail "an issuing body name too long for X.509"
"$cli" --data "$work/empty" cert issue --sitting s1 2>&1 | grep -q "no certificate PKI yet" || fail "issuing without a PKI"
"$cli" --data "$data" cert revoke CM404 --reason x 2>&1 | grep -q 'no certificate "CM404"' || fail "revoking an unknown number"
echo garbage > "$work/garbage"
"$cli" --data "$data" verify "$work/garbage" "$work/garbage" > "$work/v.out"
[ $? -eq 1 ] && grep -q "^INVALID: the signature file is not a CMS signature" "$work/v.out" || fail "garbage files: $(cat "$work/v.out")"

get() { curl -sS --fail --cacert "$data/pki/ca.pem" "$url$1" -o "$2"; }
gate() { # ID TYPED: the knowledge-gate key, normalised as the page does (no spaces, A-Z)
  printf '%s|%s' "$1" "$(printf '%s' "$2" | tr -d ' \t' | tr 'a-z' 'A-Z')" | sha256sum | cut -c1-64
}
fetch_certificate() { # TICKET NUMBER DIR: the signed files, through the knowledge gate
  mkdir -p "$3"
  local id; id=$(id_of "$1")
  local base="/c/$id/$(gate "$id" "$2")"
  for f in credential.json credential.json.p7s credential.jwt certificate.pdf; do get "$base/$f" "$3/$f" || fail "GET $base/$f"; done
  get /pki/trust.pem "$3/trust.pem" || fail "GET trust.pem"
  for list in $(grep -o '/status/[0-9]*"' "$3/credential.json" | tr -dc '0-9\n' | sort -u); do
    for f in $list.bits.gz $list.bits.gz.p7s; do get "/status/$f" "$3/$f" || fail "GET /status/$f"; done
  done
}
ossl_verify() { # DIR [TRUST]
  openssl cms -verify -binary -inform DER -in "$1/credential.json.p7s" -content "$1/credential.json" \
    -CAfile "${2:-$1/trust.pem}" -crl_check -out /dev/null 2>"$work/ossl.err"
}
number_of() { sqlite3 "$data/craftmark.db" "SELECT number FROM certificates WHERE ticket = '$1'"; }

a="$work/a"; fetch_certificate C001 "$(number_of C001)" "$a"
# Every credential issued here (each record once; the other gate keys are links to it).
issued=$(find "$data/public/c" -mindepth 2 -maxdepth 2 -type d | sed 's|$|/credential.json|')
[ "$(echo "$issued" | wc -l)" = 2 ] || fail "expected the two records issued: $issued"
/usr/bin/python3 "$repo/tests/tools/open_badges_schema_check.py" $issued > "$work/schema.out" \
  || fail "a credential does not conform to the Open Badges 3.0 schema: $(cat "$work/schema.out")"
/usr/bin/python3 "$repo/tests/tools/json_ld_check.py" $issued > "$work/jsonld.out" \
  || fail "a credential's JSON-LD: $(cat "$work/jsonld.out")"
ossl_verify "$a" || fail "stock openssl rejects an issued certificate: $(cat "$work/ossl.err")"
python3 -c "import json,sys; t=open(sys.argv[1],'rb').read(); sys.exit(json.dumps(json.loads(t),ensure_ascii=False,separators=(',',':'),sort_keys=True).encode()!=t)" \
  "$a/credential.json" || fail "the certificate is not in canonical single-line form"

cp -r "$a" "$work/tampered"; sed -i 's/CM2026000001/CM2026000009/' "$work/tampered/credential.json"
ossl_verify "$work/tampered"; [ $? -eq 4 ] || fail "openssl accepted a changed byte"
"$cli" verify --trust "$a/trust.pem" --status-dir "$a" "$work/tampered/credential.json" "$work/tampered/credential.json.p7s" > "$work/v.out"
[ $? -eq 1 ] && grep -q "^INVALID: tampered" "$work/v.out" || fail "craftmark verify on a changed file: $(cat "$work/v.out")"

"$cli" --data "$work/other" pki init --name "Somebody Else" >/dev/null
ossl_verify "$a" "$work/other/public/pki/trust.pem"; [ $? -eq 4 ] || fail "openssl accepted a foreign root"
"$cli" verify --trust "$work/other/public/pki/trust.pem" "$a/credential.json" "$a/credential.json.p7s" > "$work/v.out"
[ $? -eq 1 ] && grep -q "^INVALID: unknown issuer" "$work/v.out" || fail "foreign root: $(cat "$work/v.out")"

"$cli" verify --trust "$a/trust.pem" --status-dir "$a" "$a/credential.json" "$a/credential.json.p7s" > "$work/v.out" \
  || fail "craftmark verify rejects a good certificate: $(cat "$work/v.out")"
grep -q "^VALID: .*张三丰 / Zhang Sanfeng, No. CM2026000001.*not revoked or suspended" "$work/v.out" || fail "verify line: $(cat "$work/v.out")"
get /pki/root.pem "$work/root.pem"; get /pki/root.crl.pem "$work/root.crl.pem"
"$cli" verify --trust "$work/root.pem" "$a/credential.json" "$a/credential.json.p7s" | grep -q "^INVALID: cannot check the signing key" \
  || fail "a root without its CRL must not pass"
"$cli" verify --trust "$work/root.pem" --crl "$work/root.crl.pem" --status-dir "$a" "$a/credential.json" "$a/credential.json.p7s" \
  | grep -q "^VALID" || fail "--trust root.pem --crl root.crl.pem"

# The employer's script, exactly as docs/certificates.md prints it.
sed -n '/employer-check:begin/,/employer-check:end/p' "$repo/docs/certificates.md" | sed '1,2d;$d' | sed '$d' > "$work/check.sh"
fingerprint=$(openssl x509 -in "$data/public/pki/root.pem" -noout -fingerprint -sha256 | cut -d= -f2)
employer_check() { (cd "$1" && EXPECTED_ROOT_SHA256="$fingerprint" sh "$work/check.sh"); }
employer_check "$a" > "$work/e.out" || fail "employer script on a good certificate: $(cat "$work/e.out")"
grep -q "message entry (list 1, index [0-9]*) = 0" "$work/e.out" || fail "employer script output: $(cat "$work/e.out")"
(cd "$a" && EXPECTED_ROOT_SHA256=00:11 sh "$work/check.sh") | grep -q "FAIL root fingerprint mismatch" || fail "pinning"

# VC-JWT: ES256 over the same key, checked with openssl after turning r||s into DER.
unb64u() { local s; s=$(tr '_-' '/+'); case $((${#s} % 4)) in 2) s="$s==";; 3) s="$s=";; esac; printf '%s' "$s" | openssl base64 -d -A; }
jwt=$(cat "$a/credential.jwt")
hex=$(printf '%s' "${jwt##*.}" | unb64u | od -An -tx1 | tr -d ' \n')
printf 'asn1=SEQUENCE:s\n[s]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "${hex:0:64}" "${hex:64:64}" > "$work/sig.cnf"
openssl asn1parse -genconf "$work/sig.cnf" -out "$work/sig.der" -noout
openssl cms -verify -binary -inform DER -in "$a/credential.json.p7s" -content "$a/credential.json" -CAfile "$a/trust.pem" \
  -crl_check -signer "$work/signer.pem" -out /dev/null 2>/dev/null
openssl x509 -in "$work/signer.pem" -pubkey -noout > "$work/signer.pub"
printf '%s' "${jwt%.*}" | openssl dgst -sha256 -verify "$work/signer.pub" -signature "$work/sig.der" | grep -q "Verified OK" \
  || fail "the VC-JWT signature does not verify with openssl"
printf '%sX' "${jwt%.*}" | openssl dgst -sha256 -verify "$work/signer.pub" -signature "$work/sig.der" >/dev/null 2>&1 \
  && fail "a changed VC-JWT verified"
printf '%s' "${jwt%.*}" | cut -d. -f2 | unb64u | grep -q '"licenseNumber":"CM2026000001"' || fail "VC-JWT payload"

# The PDF carries the two signed files byte for byte, and the certificate number as text.
mkdir "$work/pdf" && pdfdetach -saveall -o "$work/pdf" "$a/certificate.pdf" >/dev/null 2>&1 || fail "pdfdetach"
cmp -s "$work/pdf/credential.json" "$a/credential.json" && cmp -s "$work/pdf/credential.json.p7s" "$a/credential.json.p7s" \
  || fail "PDF attachments differ from the signed files"
pdftotext "$a/certificate.pdf" - 2>/dev/null | grep -q "CM2026000001" || fail "PDF text"
pdftotext "$a/certificate.pdf" - 2>/dev/null | grep -q "not whether the certificate" \
  || fail "the PDF does not say what the openssl line leaves out"

# Revocation: the status bit reads 1 with the documented procedure; both verifiers say why.
n2=$(number_of C002)
"$cli" --data "$data" cert revoke "$n2" --reason "obtained by fraud" >/dev/null || fail "cert revoke"
b="$work/b"; fetch_certificate C002 "Li Ming" "$b"
employer_check "$b" > "$work/e.out"; [ $? -eq 2 ] || fail "employer script accepts a revoked certificate: $(cat "$work/e.out")"
grep -q "message entry (list 1, index [0-9]*) = 2 (revoked)" "$work/e.out" || fail "revoked entry: $(cat "$work/e.out")"
"$cli" --data "$data" verify "$b/credential.json" "$b/credential.json.p7s" > "$work/v.out"
[ $? -eq 2 ] && grep -q "^INVALID: revoked certificate" "$work/v.out" || fail "verify revoked: $(cat "$work/v.out")"
curl -sS --cacert "$data/pki/ca.pem" "$url/api/certificates/$(id_of C002)" | grep -q '"status":"revoked"' || fail "API status revoked"
"$cli" --data "$data" cert unsuspend "$n2" --reason x 2>&1 | grep -q "revoked; that is final" || fail "revocation must be final"

# The register for a national upload: CSV that Excel reads (BOM), xlsx, ID numbers masked.
"$cli" --data "$data" cert register -o "$work/register.csv" 2>/dev/null || fail "cert register"
"$cli" --data "$data" cert register --format xlsx -o "$work/register.xlsx" 2>/dev/null || fail "cert register xlsx"
"$cli" --data "$data" cert register --format xlsx 2>&1 | grep -q "needs a file" || fail "an xlsx register to stdout"
/usr/bin/python3 - "$work" <<'PY' || fail "register: $(cat "$work/register.csv")"
import csv, io, sys, zipfile
work = sys.argv[1]
raw = open(f"{work}/register.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
rows = list(csv.reader(io.StringIO(raw[3:].decode())))
assert rows[0][0] == "证书编号 Certificate No." and len(rows) == 3, rows
by_name = {r[1]: r for r in rows[1:]}
assert by_name["张三丰"][2] == "110101********1234" and by_name["张三丰"][9] == "active", by_name
assert by_name["Li Ming"][9] == "revoked" and by_name["Li Ming"][10] == "obtained by fraud", by_name
assert by_name["张三丰"][5] and by_name["张三丰"][7].startswith("市职业技能鉴定中心"), by_name
with zipfile.ZipFile(f"{work}/register.xlsx") as book:
    strings = book.read("xl/sharedStrings.xml").decode()
for cell in ("110101********1234", "110101********2345", "obtained by fraud", "张三丰"):
    assert cell in strings, cell
assert "110101199003091234" not in raw.decode() + strings, "a full ID number in the register"
PY

# A standard JOSE verifier (npm jose) with only what the issuer publishes: the key behind the
# JWT's kid, the key set, the status list's JWT. Its origin is this server (as DNS would say).
jose_check() { NODE_EXTRA_CA_CERTS="$data/pki/ca.pem" node "$repo/tests/web/vc_jwt_check.mjs" "$1" "https://verify.test.example=$url"; }
jose_check "$a/credential.jwt" > "$work/jose-a.out" 2>&1 || fail "jose: $(cat "$work/jose-a.out")"
grep -q '{"verified":"CM2026000001","kidKey":true,"keySet":true,"flipped":true,"wrongKey":true,"status":"active"}' "$work/jose-a.out" \
  || fail "jose on a valid certificate: $(cat "$work/jose-a.out")"
jose_check "$b/credential.jwt" > "$work/jose-b.out" 2>&1 || fail "jose: $(cat "$work/jose-b.out")"
grep -q '"status":"revoked"' "$work/jose-b.out" || fail "jose on a revoked certificate: $(cat "$work/jose-b.out")"
curl -sS --cacert "$data/pki/ca.pem" "$url/issuers/centre-01" | grep -q '"type":\["Profile"\]' || fail "the issuer id does not serve its Profile"

"$cli" --data "$data" cert suspend CM2026000001 --reason "under investigation" >/dev/null || fail "suspend"
"$cli" --data "$data" verify "$a/credential.json" "$a/credential.json.p7s" | grep -q "^INVALID: suspended" || fail "suspended"
# An employer with only the trust file: the status lists come from the addresses the
# certificate names, over HTTPS (this server answers for its host, as DNS would make it).
employer_verify() { # FILE-DIR CONNECT-TO [OPTIONS…]
  local dir=$1 to=$2; shift 2
  "$cli" verify --trust "$dir/trust.pem" --connect-to "verify.test.example:443:$to" "$@" \
    "$dir/credential.json" "$dir/credential.json.p7s" > "$work/v.out"
}
employer_verify "$a" "127.0.0.1:$port" --tls-ca "$data/pki/ca.pem"
[ $? -eq 2 ] && grep -q "^INVALID: suspended" "$work/v.out" || fail "verify --trust alone on a suspended certificate: $(cat "$work/v.out")"
# No list to be had, or none from a server it can trust: not valid, with a code of its own.
employer_verify "$a" "127.0.0.1:1" --tls-ca "$data/pki/ca.pem"
[ $? -eq 3 ] && grep -q "^UNCONFIRMED: .*could not be checked; cannot fetch https://verify.test.example/status/[0-9]*.bits.gz: Connection refused" "$work/v.out" \
  || fail "verify with the status server down: $(cat "$work/v.out")"
employer_verify "$a" "127.0.0.1:$port"
[ $? -eq 3 ] && grep -q "^UNCONFIRMED: .*certificate verify failed" "$work/v.out" \
  || fail "verify trusted a status server the system does not: $(cat "$work/v.out")"
"$cli" verify --trust "$a/trust.pem" --no-status "$a/credential.json" "$a/credential.json.p7s" \
  | grep -q "^VALID: .*status not checked (--no-status)" || fail "verify --no-status"
"$cli" --data "$data" cert unsuspend CM2026000001 --reason "cleared" >/dev/null || fail "unsuspend"
"$cli" --data "$data" verify "$a/credential.json" "$a/credential.json.p7s" | grep -q "^VALID" || fail "unsuspended"
employer_verify "$a" "127.0.0.1:$port" --tls-ca "$data/pki/ca.pem" \
  && grep -q "^VALID: .*not revoked or suspended" "$work/v.out" || fail "verify fetching the lists: $(cat "$work/v.out")"

# Signing key revoked: the old files fail, the re-signed ones (new key) verify.
"$cli" --data "$data" pki revoke-key 2026-1 --reason keyCompromise > "$work/rk.out" || fail "revoke-key: $(cat "$work/rk.out")"
grep -q "re-signed 2 certificate(s)" "$work/rk.out" || fail "re-signing: $(cat "$work/rk.out")"
get /pki/trust.pem "$work/trust-new.pem"
ossl_verify "$a" "$work/trust-new.pem"; [ $? -eq 4 ] && grep -q "certificate revoked" "$work/ossl.err" \
  || fail "openssl accepted a certificate signed by a revoked key"
"$cli" verify --trust "$work/trust-new.pem" "$a/credential.json" "$a/credential.json.p7s" | grep -q "^INVALID: revoked key" \
  || fail "craftmark verify on a revoked key"
c="$work/c"; fetch_certificate C001 "张三丰" "$c"
ossl_verify "$c" || fail "re-signed certificate rejected: $(cat "$work/ossl.err")"
cmp -s "$a/credential.json" "$c/credential.json" || fail "re-signing changed the certificate's bytes"
jose_check "$a/credential.jwt" > "$work/jose-old.out" 2>&1 && fail "jose accepted a JWT whose key was revoked"
grep -q "404" "$work/jose-old.out" || fail "the revoked key is still published: $(cat "$work/jose-old.out")"
jose_check "$c/credential.jwt" | grep -q '"verified":"CM2026000001"' || fail "jose on the re-signed JWT"
# The VC-JWT's claims follow the credential, not the moment of signing: nbf is validFrom in both
# the first and the re-signed JWT; a status list's JWT says until when it is fresh.
jwt_claims() { printf '%s' "$1" | cut -d. -f2 | unb64u; }
jwt_claims "$(cat "$a/credential.jwt")" > "$work/claims-a.json"
jwt_claims "$(cat "$c/credential.jwt")" > "$work/claims-c.json"
get /status/1 "$work/status-1.jwt" || fail "GET /status/1"
jwt_claims "$(cat "$work/status-1.jwt")" > "$work/claims-status.json"
/usr/bin/python3 - "$work" <<'PY' || fail "VC-JWT claims"
import datetime, json, sys
work = sys.argv[1]
def epoch(text): return int(datetime.datetime.fromisoformat(text).timestamp())
first, resigned, status = (json.load(open(f"{work}/claims-{n}.json")) for n in ("a", "c", "status"))
assert first["nbf"] == resigned["nbf"] == epoch(first["validFrom"]), (first["nbf"], resigned["nbf"])
assert first["iss"] == first["issuer"]["id"] and first["jti"] == first["id"]
assert "exp" not in first and "sub" not in first  # no validUntil, no subject id (privacy)
assert status["nbf"] == epoch(status["validFrom"]) and status["exp"] == epoch(status["validUntil"])
assert status["exp"] - status["nbf"] == 2 * 24 * 3600, status
assert status["sub"] == status["credentialSubject"]["id"] and status["iss"] == status["issuer"]
PY
"$cli" --data "$data" pki list | grep -q "2026-1.*REVOKED" || fail "pki list"
"$cli" --data "$data" pki list --json | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); assert [k["state"] for k in d["signing_keys"]][0] == "revoked" and len(d["root"]["sha256"]) > 60' \
  || fail "pki list --json"
"$cli" --data "$data" cert list --json | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); assert sorted(c["status"] for c in d) == ["active", "revoked"], d' \
  || fail "cert list --json"
"$cli" --data "$data" audit verify | grep -q "chain intact" || fail "audit chain"

# certs/ca.cnf makes the same signing-certificate profile with the openssl command line.
(
  cd "$work" && mkdir -p cnf/db && cd cnf && touch db/index.txt && echo 01 > db/serial && echo 01 > db/crlnumber
  export ISSUER_ID=https://verify.test.example/issuers/centre-01 BASE_URL=https://verify.test.example
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out root.key
  openssl req -x509 -new -key root.key -days 7300 -config "$repo/certs/ca.cnf" -extensions root_cert -subj /O=r/CN=r -out root.pem
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out s.key
  openssl req -new -key s.key -subj /O=s/CN=s -out s.csr
  openssl ca -batch -config "$repo/certs/ca.cnf" -extensions signing_cert -notext -in s.csr -out s.pem
) >/dev/null 2>&1 || fail "certs/ca.cnf does not work as documented"
profile() { openssl x509 -in "$1" -noout -ext basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,crlDistributionPoints; }
[ "$(profile "$work/cnf/s.pem")" = "$(profile "$data/public/pki/signing/2026-2.pem")" ] \
  || fail "craftmark's signing certificate differs from the profile in certs/ca.cnf"

# Bad input: a clear answer, never a crash.
post() { curl -sS --cacert "$data/pki/ca.pem" -o "$work/r.json" -w '%{http_code}' -X POST --data-binary "@$1" "$url/api/verify"; }
python3 - "$c" "$work" <<'PY'
import base64, json, sys
c, work = sys.argv[1], sys.argv[2]
doc = open(c + '/credential.json').read(); sig = open(c + '/credential.json.p7s', 'rb').read()
def write(name, body): open(work + '/' + name, 'w').write(body)
good = {'credential': doc, 'signature': base64.b64encode(sig).decode()}
truncated = {'credential': doc, 'signature': base64.b64encode(sig[:200]).decode()}
write('good.json', json.dumps(good))
write('truncated.json', json.dumps(truncated))
write('garbage.json', '{"credential": 12, "sig')
write('batch.json', json.dumps({'certificates': [truncated, good]}))
PY
[ "$(post "$work/good.json")" = 200 ] && grep -q '"verdict":"valid"' "$work/r.json" || fail "API verify good: $(cat "$work/r.json")"
[ "$(post "$work/truncated.json")" = 200 ] && grep -q '"verdict":"malformed"' "$work/r.json" || fail "truncated: $(cat "$work/r.json")"
[ "$(post "$work/garbage.json")" = 400 ] || fail "garbage upload"
[ "$(post "$work/batch.json")" = 200 ] && grep -q '"results":\[{.*"verdict":"malformed".*},{.*"verdict":"valid"' "$work/r.json" \
  || fail "API verify batch: $(cat "$work/r.json")"
head -c 300000 /dev/urandom > "$work/huge.bin"
[ "$(post "$work/huge.bin")" = 413 ] || fail "huge upload"
code=$(curl -sS --cacert "$data/pki/ca.pem" -o /dev/null -w '%{http_code}' "$url/api/certificates/0000000000000000000000000Z")
[ "$code" = 404 ] || fail "unknown id: $code"
code=$(curl -sS --cacert "$data/pki/ca.pem" -o /dev/null -w '%{http_code}' "$url/c/..%2F..%2Fcraftmark.db")
[ "$code" = 404 ] || fail "path outside the published files: $code"
echo '{"not": "a summary"' > "$data/public/c/$(id_of C002)/summary.json"
code=$(curl -sS --cacert "$data/pki/ca.pem" -o /dev/null -w '%{http_code}' "$url/api/certificates/$(id_of C002)")
[ "$code" = 500 ] || fail "a damaged published file: $code"
curl -sS --cacert "$data/pki/ca.pem" "$url/healthz" | grep -q '"status":"ok"' || fail "server hurt by bad input"
# Rate limit: guessing behind the knowledge gate is slowed per client.
codes=$(for i in $(seq 60); do curl -sS --cacert "$data/pki/ca.pem" -o /dev/null -w '%{http_code} ' \
  "$url/c/$(id_of C001)/$(gate x "$i")/credential.json"; done)
case "$codes" in *429*) ;; *) fail "no rate limit after 60 quick guesses: $codes";; esac
# Status lists not re-signed for a day are re-signed by the server (here: at its start).
kill "$server_pid"; wait "$server_pid" 2>/dev/null
sqlite3 "$data/craftmark.db" "UPDATE status_lists SET signed_at = 1"
"$server" --data "$data" --listen 127.0.0.1:0 > "$work/server2.out" 2>"$work/server2.err" &
server_pid=$!
for _ in $(seq 100); do grep -q "ready port=" "$work/server2.out" && break; sleep 0.1; done
grep -q "re-signed 1 certificate status list(s)" "$work/server2.err" || fail "stale status lists not re-signed"
[ "$(sqlite3 "$data/craftmark.db" "SELECT COUNT(*) FROM status_lists WHERE signed_at > 1")" = 1 ] || fail "signed_at"
echo "certificates with stock openssl: all checks passed"
