#!/usr/bin/env bash
# The holder's PDF and the centre's print run, checked with poppler's own tools: the PAdES
# signature valid and trusted with the centre's root (pdfsig over an NSS database holding only
# that root), broken by one changed byte; every font embedded; a name with characters outside
# GBK (from GB 18030's extensions) printed; the print run's files and their seat order.
set -u
cli="$1"; server="$2"; terminal="$3"; repo="$4"
work=$(mktemp -d)
cleanup() { kill "$server_pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$repo/tests/tools/certificate_fixture.sh"
grep -q "issued 2 certificate" "$work/issue.out" || fail "issue: $(cat "$work/issue.out")"

record_of() { # TICKET: the published record's folder
  local id; id=$(id_of "$1")
  dirname "$(ls "$data/public/c/$id"/*/credential.json | head -1)"
}
pdf=$(record_of C001)/certificate.pdf
[ -f "$pdf" ] || fail "no PDF kept with the record"

# Dated in the issuing body's time zone (Asia/Shanghai by default), with its offset; the PDF
# prints that local date. The system's tzdata is the reference.
valid_from=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["validFrom"])' "$(record_of C001)/credential.json")
case "$valid_from" in *+08:00) ;; *) fail "validFrom not in Beijing time: $valid_from";; esac
[ "$(TZ=Asia/Shanghai date -d "$valid_from" +%Y-%m-%dT%H:%M:%S+08:00)" = "$valid_from" ] \
  || fail "validFrom $valid_from is not the local time of its instant"
pdftotext "$pdf" - | grep -q "${valid_from:0:10}" || fail "the PDF does not print the local date ${valid_from:0:10}"
# Both of the holder's names: as on the ID card, and romanised.
pdftotext "$pdf" - | grep -q "张三丰 (Zhang Sanfeng)" || fail "the PDF does not print both names"
"$cli" --data "$work/zone" init --admin admin --password-file "$CRAFTMARK_AS_PASSWORD_FILE" >/dev/null
"$cli" --data "$work/zone" pki init --name x --time-zone Asia/Beijing 2>&1 | grep -q 'unknown time zone "Asia/Beijing"' \
  || fail "an unknown time zone was accepted"

# pdfsig trusts what the NSS database trusts: here the centre's root and nothing else.
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password || fail "certutil -N"
certutil -A -d "sql:$work/nss" -n craftmark-root -t "C,C,C" -i "$data/public/pki/root.pem" || fail "certutil -A"
pdfsig -nssdir "sql:$work/nss" "$pdf" > "$work/sig.out" 2>&1
grep -q "Signature Validation: Signature is Valid" "$work/sig.out" || fail "pdfsig: $(cat "$work/sig.out")"
grep -q "Certificate Validation: Certificate is Trusted" "$work/sig.out" || fail "pdfsig trust: $(cat "$work/sig.out")"
grep -q "Signer full Distinguished Name: .*O=市职业技能鉴定中心" "$work/sig.out" || fail "signer's name: $(cat "$work/sig.out")"
grep -q "Signature Type: ETSI.CAdES.detached" "$work/sig.out" || fail "not a PAdES signature: $(cat "$work/sig.out")"
grep -q "Total document signed" "$work/sig.out" || fail "the signature does not cover the whole file: $(cat "$work/sig.out")"
# Without the root in the database the signature still holds but is not trusted.
mkdir "$work/empty-nss" && certutil -N -d "sql:$work/empty-nss" --empty-password
pdfsig -nssdir "sql:$work/empty-nss" "$pdf" 2>&1 | grep -q "Certificate is Trusted" && fail "trusted without the root"
# One changed byte anywhere the signature covers (here: in the page's certificate number text
# stream's neighbourhood, the middle of the file) breaks it.
size=$(stat -c %s "$pdf")
cp "$pdf" "$work/changed.pdf"
printf 'X' | dd of="$work/changed.pdf" bs=1 seek=$((size / 3)) conv=notrunc status=none
pdfsig -nssdir "sql:$work/nss" "$work/changed.pdf" > "$work/changed.out" 2>&1
grep -q "Signature is Valid" "$work/changed.out" && fail "a changed PDF still verifies: $(cat "$work/changed.out")"
grep -q "Signature Validation: Digest Mismatch\|Signature is Invalid" "$work/changed.out" \
  || fail "changed PDF: $(cat "$work/changed.out")"

# Every font in the file is embedded (a subset), none left to the reader's substitutes.
pdffonts "$pdf" | tail -n +3 > "$work/fonts.out"
[ -s "$work/fonts.out" ] || fail "no fonts listed"
awk '{ if ($(NF-4) != "yes") bad = bad $0 "\n" } END { printf "%s", bad }' "$work/fonts.out" > "$work/unembedded"
[ -s "$work/unembedded" ] && fail "fonts not embedded: $(cat "$work/unembedded")"
# Subsets, not whole fonts: a CJK font embedded whole is megabytes per certificate.
[ "$(stat -c %s "$pdf")" -lt 400000 ] || fail "a PDF of $(stat -c %s "$pdf") bytes"

# A name with characters from CJK Extension B (𠀀) and A (䶮) and two rare BMP ones: set with
# HanaMin and Noto, extractable as text, and ink where the name is printed.
rare="王𠀀䶮堃珺"
printf '准考证号,姓名,身份证号,座位号\nC004,%s,110101199306183451,0\n' "$rare" > "$work/rare.csv"
"$cli" --data "$data" sitting register s1 "$work/rare.csv" >/dev/null || fail "register C004"
sit C004 true
"$cli" --data "$data" cert issue --sitting s1 --ticket C004 > "$work/issue4.out" 2>&1 \
  || fail "issue for C004: $(cat "$work/issue4.out")"
rare_pdf=$(record_of C004)/certificate.pdf
pdftotext "$rare_pdf" - | grep -q "$rare" || fail "the rare name is not in the PDF's text: $(pdftotext "$rare_pdf" - | head -5)"
pdffonts "$rare_pdf" | grep -q "HanaMin" || fail "no supplementary-plane font: $(pdffonts "$rare_pdf")"
# The name's line, rendered: each character's cell has ink (a missing glyph would be blank or a
# box the same for every character). 72 dpi: one pixel per point; the value starts at x=230.
pdftoppm -gray -r 72 -x 225 -y 195 -W 120 -H 30 "$rare_pdf" "$work/name" || fail "pdftoppm"
/usr/bin/python3 - "$work/name-1.pgm" <<'PY' || fail "the rare name does not render"
import sys
data = open(sys.argv[1], "rb").read()
header = data.split(b"\n", 3)
width, height = map(int, header[1].split())
pixels = header[3]
columns = [sum(1 for y in range(height) if pixels[y * width + x] < 128) for x in range(width)]
cells = [sum(columns[5 + 16 * i: 5 + 16 * (i + 1)]) for i in range(5)]
assert all(c > 10 for c in cells), cells
blank = [sum(1 for y in range(height) if pixels[y * width + x] < 128) for x in range(100, 120)]
assert sum(blank) == 0, "ink after the name"
PY

# The print run: each certificate in force as NUMBER.pdf, and one file in seat order.
"$cli" --data "$data" cert issue --sitting s1 --print "$work/run/s1.pdf" > "$work/run.out" 2>"$work/run.err" \
  || fail "print run: $(cat "$work/run.out" "$work/run.err")"
grep -q "3 PDF(s) in .*print/s1" "$work/run.out" || fail "print run summary: $(cat "$work/run.out")"
grep -q "PDF: 3/3" "$work/run.err" || fail "no progress: $(cat "$work/run.err")"
for t in C001 C002 C004; do
  n=$(sqlite3 "$data/craftmark.db" "SELECT number FROM certificates WHERE ticket = '$t'")
  cmp -s "$data/print/s1/$n.pdf" "$(record_of "$t")/certificate.pdf" || fail "print/s1/$n.pdf is not $t's signed PDF"
done
[ "$(pdfinfo "$work/run/s1.pdf" | awk '/^Pages:/ { print $2 }')" = 3 ] || fail "print file pages: $(pdfinfo "$work/run/s1.pdf")"
# Seats 0 (C004), 1 (C001), 2 (C002): the pile comes off the printer in the room's order.
pdftotext "$work/run/s1.pdf" - | grep -o "王𠀀䶮堃珺\|张三丰\|Li Ming" | tr '\n' ' ' > "$work/order"
[ "$(cat "$work/order")" = "王𠀀䶮堃珺 张三丰 Li Ming " ] || fail "print order: $(cat "$work/order")"
# A revoked certificate leaves the print run.
"$cli" --data "$data" cert revoke "$(sqlite3 "$data/craftmark.db" "SELECT number FROM certificates WHERE ticket = 'C002'")" \
  --reason "printed in error" >/dev/null || fail "revoke"
"$cli" --data "$data" cert issue --sitting s1 --pdf-dir "$work/again" --print "$work/again.pdf" > "$work/again.out" 2>&1
[ "$(pdfinfo "$work/again.pdf" | awk '/^Pages:/ { print $2 }')" = 2 ] && [ "$(ls "$work/again" | wc -l)" = 2 ] \
  || fail "a revoked certificate was printed: $(ls "$work/again")"
echo "certificate PDFs: all checks passed"
