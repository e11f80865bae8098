#!/usr/bin/env bash
# The centre's exam day in the staff console, in headless Chromium: see
# tests/web/console_centre_test.mjs. The data folder holds the certificate keys, an administrator
# scoped to the venue 东区 and a proctor; everything else is made in the console. Afterwards the
# shell checks what was stored.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
fail() { echo "FAIL: $*"; exit 1; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
c pki init --name "市职业技能鉴定中心 City Skills Assessment Centre" \
  --org-id NTRCN-91330100MA2XXXXX --base-url https://verify.test.example --slug centre-01
echo "clerk-secret-1" > "$work/pw"
c staff add clerk --role admin --scope venue:东区 --password-file "$work/pw"
c staff add wang --role proctor --scope '*' --password-file "$work/pw"
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json" # for the practical
# Bank files for the console's import: the template workbook naming a figure in row 2 (given in
# a zip of its own) and one outside the bank in row 5; a QTI 3.0 package zipped with its figures.
mkdir -p "$work/banks"
PYTHONPATH="$repo/tests/tools" /usr/bin/python3 - "$repo" "$work/banks" <<'PY'
import openpyxl, os, re, sys, zipfile
from images import png
repo, out = sys.argv[1], sys.argv[2]
book = openpyxl.load_workbook(repo + "/question-banks/templates/bank-template.xlsx")
sheet = book["题库 Bank"]
figures = [c.value for c in sheet[1]].index("图片 Figures") + 1
sheet.cell(row=2, column=figures, value="circuit.png")
sheet.cell(row=5, column=figures, value="../craftmark.db")
book.save(out + "/wiring.xlsx")
with zipfile.ZipFile(out + "/wiring-figures.zip", "w") as z:
    z.writestr("circuit.png", png(320, 200))
package = repo + "/tests/data/qti/kennisnet-1"
with zipfile.ZipFile(out + "/kennisnet.zip", "w", zipfile.ZIP_DEFLATED) as z:
    shown = set()
    for f in sorted(os.listdir(package)):
        z.write(os.path.join(package, f), f)
        if f.endswith(".xml"):
            shown |= set(re.findall(r'src="(resources/[^"]+)"', open(os.path.join(package, f)).read()))
    for i, name in enumerate(sorted(shown)):
        z.writestr(name, png(64 + 16 * i, 48))
PY
node "$repo/tests/web/console_centre_test.mjs" "$server" "$data" "$cli" "$work"

db="$data/craftmark.db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM candidates WHERE sitting_id = 'day-1'")" = 3 ] || fail "not 3 candidates in day-1"
for action in assessment.put sitting.create candidates.register; do
  [ "$(sqlite3 "$db" "SELECT actor FROM audit WHERE action = '$action' LIMIT 1")" = "staff:admin" ] \
    || fail "$action is not audited under staff:admin"
done
[ "$(sqlite3 "$db" "SELECT count(*) FROM sittings WHERE id LIKE 'west%'")" = 0 ] || fail "a refused sitting was stored"
[ "$(sqlite3 "$db" "SELECT count(*) FROM item_media WHERE bank_id = 'wiring'")" = 1 ] || fail "the workbook's figure is not stored with its item"
[ "$(sqlite3 "$db" "SELECT count(*) FROM item_media WHERE bank_id = 'kennisnet'")" = 4 ] || fail "the QTI package's figures are not stored"
[ "$(sqlite3 "$db" "SELECT count(*) FROM items WHERE bank_id = 'wiring' AND id = 'wiring-5'")" = 0 ] || fail "the row in error was stored"
"$cli" --data "$data" cert list --sitting day-1 > "$work/certs.tsv"
[ "$(grep -c 'revoked' "$work/certs.tsv")" = 1 ] || fail "not one revoked certificate: $(cat "$work/certs.tsv")"
[ "$(grep -c 'active' "$work/certs.tsv")" = 1 ] || fail "not one active certificate"
echo "ok   the sitting, its three candidates and the certificates are stored, audited under staff:admin; refused changes stored nothing"
