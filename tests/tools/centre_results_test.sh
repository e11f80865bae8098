#!/usr/bin/env bash
# Results at the centre, on the shared throwaway PostgreSQL cluster. Venue east (a school's) runs
# a CNC theory sitting the centre sent it, for three candidates of three organisations; venue
# west (an industrial park's) runs the CNC practical, marked by three examiners, for one of
# them. Each venue releases its results; the outbox carries them up (on USB sticks here) and
# the centre keeps them once, however often the files come. A school's staff sees its own
# students and not another school's, an enterprise its employees, the bureau everyone; the
# student with theory at east and practical at west holds one qualification at the centre, and
# the bureau issues its certificate there, verified by stock openssl and revoked in its register.
set -eu
cli="$1"; server="$2"; centre="$3"; repo="$4"; pg_env="$5"
work=$(mktemp -d)
. "$repo/tests/tools/centre_fixture.sh" "$pg_env" centre_results
cd "$work"

cc init --name "杭州市职业技能鉴定中心" >/dev/null
cc organisation add hz-bureau --name "杭州市人力资源和社会保障局" --kind bureau >/dev/null
cc organisation add school-east --name "东区职业学院" --kind school >/dev/null
cc organisation add school-north --name "北区技师学院" --kind school >/dev/null
cc organisation add acme --name "Acme 机械" --kind enterprise >/dev/null
cc organisation add park-west --name "西区产业园" --kind park >/dev/null
cc venue add east --name "East College" --organisation school-east -o east.venue.pem >/dev/null
cc venue add west --name "West Park" --organisation park-west -o west.venue.pem >/dev/null
printf 'centre-password-2026\n' > staff.pw
for account in bureau1:hz-bureau east1:school-east north1:school-north acme1:acme; do
  cc staff add "${account%%:*}" --organisation "${account##*:}" --password-file staff.pw >/dev/null
done
cc staff add x --organisation nowhere --password-file staff.pw 2>err && fail "an account of no organisation"
grep -q "there is no organisation nowhere" err || fail "no organisation: $(cat err)"
for venue in east west; do
  . "$repo/tools/admin-account.sh" "$cli" "$work/$venue"
  "$cli" --data "$work/$venue" venue join "$venue.venue.pem" >/dev/null
done
e() { "$cli" --data "$work/east" "$@"; }
w() { "$cli" --data "$work/west" "$@"; }
start_server() {
  "$server" --data "$work/$1" --listen 127.0.0.1:0 > "$1.server.log" 2>&1 &
  echo $! > "$1.server.pid"
  wait_for "grep -q 'ready port=' $1.server.log"
  sed -n 's/ready port=\([0-9]*\).*/\1/p' "$1.server.log"
}
zhang=33010619900101123X; li=330106199202022349; wang=330106199303033450

# The theory at east, sent by the centre: the CNC lathe operator's, level 4.
cat > cnc-theory.json <<'JSON'
{"kind": "assessment", "id": "cnc-turning-l4-theory",
 "title": {"zh-CN": "车工（数控车，四级）理论知识考试", "en": "CNC turning level 4 theory"},
 "occupation": {"code": "6-18-01-01", "name": "车工 Lathe operator"}, "level": "L4",
 "durationMinutes": 60, "passPercent": 60, "reviewPolicy": "score",
 "sections": [{"id": "S1", "title": {"zh-CN": "单项选择题"}, "pointsPerItem": 10,
               "draw": [{"bank": "cnc-turning-l4", "type": "single_choice", "count": 7}]},
              {"id": "S2", "title": {"zh-CN": "判断题"}, "pointsPerItem": 15,
               "draw": [{"bank": "cnc-turning-l4", "type": "true_false", "count": 2}]}]}
JSON
{ echo "ticket,name,national_id,seat,organisation"
  echo "T01,张三,$zhang,1,school-east"; echo "T02,李四,$li,2,school-north"; echo "T03,王五,$wang,3,acme"; } > theory.csv
cc sitting add east-theory --venue east --assessment cnc-theory.json --bank "$repo/question-banks/cnc-turning-l4.json" \
  --roster theory.csv --start now --checkin not_required >/dev/null
cc package make east -o east.pkg >/dev/null
cc package key east-theory -o east-theory.key >/dev/null
e package receive east.pkg >/dev/null
e package open east-theory --key east-theory.key >/dev/null
port=$(start_server east)
e sitting codes east-theory > theory.codes
for ticket in T01 T02 T03; do
  code=$(awk -F'\t' -v t="$ticket" '$2==t{print $3}' theory.codes)
  /usr/bin/python3 "$repo/tests/tools/sit_and_mark.py" theory "$port" "$work/east/pki/ca.pem" \
    "$repo/question-banks/cnc-turning-l4.json" "$ticket" "$code" > "theory-$ticket.log" || fail "$ticket did not sit"
done
e results release east-theory > out || fail "release: $(cat out)"
grep -q "released the results of 3 candidates of east-theory" out || fail "release said: $(cat out)"

# The practical at west, set up there (its checker and marking scheme live at the venue), for
# 张三 under another ticket; three examiners mark it.
w assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers" >/dev/null
w scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json" >/dev/null
w sitting create --id west-practical --assessment cnc-turning-l4-practical --start now --checkin not_required >/dev/null
{ echo "ticket,name,national_id,seat,organisation"; echo "P11,张三,$zhang,L01,school-east"; } > practical.csv
w sitting register west-practical practical.csv >/dev/null
printf 'examiner-password\n' > examiner.pw
for judge in wang li zhao; do
  w staff add "$judge" --role examiner --scope sitting:west-practical --scope chief --password-file examiner.pw >/dev/null
done
port=$(start_server west)
code=$(w sitting codes west-practical | awk -F'\t' '$2=="P11"{print $3}')
/usr/bin/python3 "$repo/tests/tools/sit_and_mark.py" practical "$port" "$work/west/pki/ca.pem" west-practical P11 \
  "$code" examiner-password wang li zhao > practical.log || fail "the practical was not sat and marked: $(tail -2 practical.log)"
w results release west-practical | grep -q "released the results of 1 candidates" || fail "west's release"

# Up to the centre as files, twice over: kept once.
e outbox export -o east.seg >/dev/null
w outbox export -o west.seg >/dev/null
cc import east.seg west.seg >/dev/null || fail "import"
cc import east.seg west.seg | grep -c "0 applied" | grep -q 2 || fail "a repeated import applied something"
[ "$(sql "SELECT count(*) FROM results")" = 4 ] || fail "not 4 results at the centre: $(sql "SELECT * FROM results")"

# Who sees what.
as() { local who=$1; shift; cc "$@" --as "$who" --as-password-file staff.pw; }
as east1 results > east1.out
[ "$(wc -l < east1.out)" = 2 ] || fail "school-east sees $(cat east1.out)"
grep -q "^east/east-theory	T01	330106\*\*\*\*\*\*\*\*123X	张三	school-east	theory	100%	passed$" east1.out || fail "east1: $(cat east1.out)"
grep -q "^west/west-practical	P11	.*	张三	school-east	practical	100%	passed$" east1.out || fail "east1 practical: $(cat east1.out)"
grep -q "李四\|王五" east1.out && fail "school-east sees another organisation's candidates"
as north1 results > north1.out
[ "$(cat north1.out | cut -f2)" = T02 ] || fail "school-north sees: $(cat north1.out)"
as acme1 results | cut -f2 | grep -qx T03 || fail "the enterprise does not see its employee"
[ "$(as acme1 results | wc -l)" = 1 ] || fail "the enterprise sees more than its employee"
[ "$(as bureau1 results | wc -l)" = 4 ] || fail "the bureau does not see every result"
as east1 results --person "$li" | grep -q . && fail "school-east sees a student of school-north by asking for them"
as east1 results --json | grep -q "$zhang" && fail "a full national ID in the list"
printf 'wrong-password\n' > wrong.pw
cc results --as east1 --as-password-file wrong.pw 2>err && fail "a wrong password was let in"
grep -q "wrong user name or password" err || fail "wrong password: $(cat err)"
cc results --as nobody --as-password-file staff.pw 2>err && fail "an unknown account was let in"

# One qualification over two venues.
as east1 qualifications > q.out
grep -q "^330106\*\*\*\*\*\*\*\*123X	张三	school-east	车工 Lathe operator L4	qualified	practical west/west-practical 100%	theory east/east-theory 100%$" q.out \
  || fail "张三's qualification: $(cat q.out)"
as bureau1 qualifications --person "$li" | grep -q "李四	school-north	.*	not yet: no practical result" \
  || fail "李四 (theory only): $(as bureau1 qualifications --person "$li")"
as north1 qualifications --person "$zhang" | grep -q . && fail "school-north sees 张三's qualification"
# One certificate at the centre, issued by the bureau, verified as any Craftmark certificate is:
# stock openssl, and `craftmark verify` with its status lists; the register takes revocations.
as east1 certificates init --name "杭州市职业技能鉴定中心" --base-url https://verify.hz.example.cn 2>err \
  && fail "a school's account set up the issuing office"
grep -q "issued and revoked by the bureau's staff; east1 is of school-east" err || fail "east1: $(cat err)"
as bureau1 certificates init --name "杭州市职业技能鉴定中心" --base-url https://verify.hz.example.cn >/dev/null
as bureau1 certificates issue > out || fail "issue: $(cat out)"
grep -q "^issued 1, held already 0, not qualified (yet) 2$" out || fail "issue said: $(cat out)"
as bureau1 certificates issue | grep -q "^issued 0, held already 1, not qualified (yet) 2$" || fail "issued twice"
as bureau1 certificates register > register.out
[ "$(wc -l < register.out)" = 1 ] || fail "the register: $(cat register.out)"
number=$(cut -f1 register.out)
grep -q "^$number	张三	330106\*\*\*\*\*\*\*\*123X	车工 Lathe operator	四级.*	20[-0-9]*	active$" register.out \
  || fail "register: $(cat register.out)"
# The register is the alliance's too: a school sees its student's certificate, another school
# does not, not even by asking for its number.
as east1 certificates register | grep -q "^$number	张三" || fail "school-east does not see its student's certificate"
[ -z "$(as north1 certificates register)" ] || fail "school-north sees another school's certificates"
as north1 certificates register --number "$number" 2>err && fail "school-north looked up another school's certificate"
grep -q "no certificate $number that you may see" err || fail "north1's enquiry: $(cat err)"
public="$work/centre/issuing/public"
record=$(find "$public/c" -mindepth 2 -maxdepth 2 -type d -not -type l | head -1)
[ -f "$record/credential.json" ] || fail "no published credential under $public/c"
grep -q "$zhang" "$record/credential.json" && fail "the credential holds the full national ID"
grep -q '"theory' "$record/credential.json" || grep -q '理论知识' "$record/credential.json" \
  || fail "the credential does not state the qualification's criteria"
openssl cms -verify -binary -inform DER -in "$record/credential.json.p7s" -content "$record/credential.json" \
  -CAfile "$public/pki/trust.pem" -crl_check -out /dev/null 2>ossl.err || fail "openssl: $(cat ossl.err)"
v() { "$cli" --data "$work/centre/issuing" verify "$record/credential.json" "$record/credential.json.p7s" \
        --trust "$public/pki/trust.pem" --status-dir "$public/status"; }
v > verify.out || fail "craftmark verify: $(cat verify.out)"
as bureau1 certificates revoke "$number" --reason "考试作弊 cheating found on review" | grep -q "revoked" || fail "revoke"
set +e; v > verify.out; code=$?; set -e
[ "$code" = 2 ] || fail "a revoked certificate verified with exit $code: $(cat verify.out)"
as bureau1 certificates register --number "$number" | grep -q "revoked (考试作弊 cheating found on review)$" \
  || fail "the register after revoking"
[ "$(sql "SELECT status FROM certificates WHERE number = '$number'")" = revoked ] || fail "the register in PostgreSQL"

# A competition's results are released to the whole alliance: every organisation sees them.
e results release east-theory --shared > /dev/null
e outbox export -o east-shared.seg >/dev/null
cc import east-shared.seg >/dev/null
[ "$(as north1 results | wc -l)" = 3 ] || fail "school-north does not see results released to all: $(as north1 results)"
as north1 qualifications | grep -q "张三\|王五" && fail "a result released to all showed another school's qualification"
[ "$(sql "SELECT count(*) FROM results")" = 4 ] || fail "a second release added rows instead of replacing them"
echo "centre results: ok"
