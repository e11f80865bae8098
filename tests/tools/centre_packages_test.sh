#!/usr/bin/env bash
# Packages down, on the shared throwaway PostgreSQL cluster: the centre sends a venue its
# sittings, rosters and papers, encrypted to the venue and signed by the centre, as a file (USB)
# and online; each paper stays sealed until its key, which the centre gives only from the
# sitting's start. Refused, changing nothing: another venue's package, a changed or forged one,
# a paper opened before its key, with another sitting's key or with a key meant for another
# venue. A candidate signs in only once the paper is open, and then sits it.
set -eu
cli="$1"; server="$2"; centre="$3"; repo="$4"; pg_env="$5"
work=$(mktemp -d)
. "$repo/tests/tools/centre_fixture.sh" "$pg_env" centre_packages
cd "$work"

cc init --name "杭州市职业技能鉴定中心" >/dev/null
cc organisation add school-east --name "东区职业学院" --kind school >/dev/null
cc organisation add park-west --name "西区产业园" --kind park >/dev/null
cc venue add east --name "East College" --organisation school-east -o east.venue.pem >/dev/null
cc venue add west --name "West Park" --organisation park-west -o west.venue.pem >/dev/null
for venue in east west; do
  . "$repo/tools/admin-account.sh" "$cli" "$work/$venue"
  "$cli" --data "$work/$venue" venue join "$venue.venue.pem" >/dev/null
done
e() { "$cli" --data "$work/east" "$@"; }
w() { "$cli" --data "$work/west" "$@"; }
venue_sql() { sqlite3 "$work/$1/craftmark.db" "$2"; }

# The centre's sittings for east: one starting now, one in two hours; the roster in Excel's CSV.
bank="$repo/question-banks/electrician-l4.json"
assessment="$repo/question-banks/demo/electrician-l4-theory.json"
{ echo "ticket,name,national_id,seat"; echo "E01,张三,33010619900101123X,1"; echo "E02,Li Si,330106199202022349,2"; } > east.csv
cc sitting add east-now --venue east --assessment "$assessment" --bank "$bank" --roster east.csv \
  --start now --checkin not_required > out || fail "sitting add: $(cat out)"
grep -q "sitting east-now for venue east: 2 candidates" out || fail "sitting add said: $(cat out)"
{ echo "ticket,name,national_id,seat"; echo "E11,王五,330106199303033450,1"; } > later.csv
cc sitting add east-later --venue east --assessment "$assessment" --bank "$bank" --roster later.csv --start +2h >/dev/null
# Refused at the centre: no such venue, banks that cannot make the paper, the same id again.
cc sitting add x --venue north --assessment "$assessment" --bank "$bank" --roster east.csv --start now 2>err \
  && fail "a sitting for no venue was added"
grep -q "there is no venue north" err || fail "no venue: $(cat err)"
python3 -c "import json,sys; b=json.load(open(sys.argv[1])); b['items']=b['items'][:3]; json.dump(b,open('small.json','w'))" "$bank"
cc sitting add x --venue east --assessment "$assessment" --bank small.json --roster east.csv --start now 2>err \
  && fail "a sitting whose banks cannot make its paper was added"
cc sitting add east-now --venue east --assessment "$assessment" --bank "$bank" --roster east.csv --start now 2>err \
  && fail "a second east-now was added"
grep -q "sitting east-now exists already" err || fail "a second east-now: $(cat err)"
[ "$(sql "SELECT count(*) FROM sittings")" = 2 ] || fail "refused sittings were stored"
cc sitting list | grep -q "^east-now	east	.*	2 candidates	key sealed$" || fail "sitting list: $(cc sitting list)"

# The package as files for a USB stick; stock openssl checks the centre's signature, and only
# east's key opens it.
cc package make east -o east.pkg >/dev/null
[ -f east.pkg ] && [ -f east.pkg.p7s ] || fail "no package files"
openssl cms -verify -binary -CAfile centre/venues/venue-ca.pem -content east.pkg -inform DER \
  -in east.pkg.p7s -out /dev/null 2>/dev/null || fail "openssl does not accept the centre's signature"
grep -q "33010619900101123X" east.pkg && fail "the package shows a national ID in the clear"
grep -q "张三" east.pkg && fail "the package shows a name in the clear"
python3 -c "import json,base64,sys; open('sealed.der','wb').write(base64.b64decode(json.load(open('east.pkg'))['sealed']))"
key() { sed -n '/BEGIN PRIVATE KEY/,/END PRIVATE KEY/p' "$1.venue.pem" > "$1.key"; \
        awk '/BEGIN CERTIFICATE/{n++} n==1' "$1.venue.pem" | sed '/END CERTIFICATE/q' > "$1.pem"; }
key east; key west
openssl cms -decrypt -inform DER -in sealed.der -inkey east.key -recip east.pem -out contents.json 2>/dev/null \
  || fail "openssl cannot open east's package with east's key"
grep -q "33010619900101123X" contents.json || fail "the roster is not inside"
grep -q "The power frequency of the public grid" "$bank" || fail "the bank's first question is not the one looked for"
grep -q "The power frequency of the public grid" contents.json && fail "a question is readable inside the package before the key"
openssl cms -decrypt -inform DER -in sealed.der -inkey west.key -recip west.pem -out /dev/null 2>/dev/null \
  && fail "west's key opens east's package"

# West cannot take east's package; a changed or forged package is refused; nothing changes.
w package receive east.pkg 2>err && fail "west received east's package"
grep -q "it is for venue east, and this is venue west" err || fail "west: $(cat err)"
cp east.pkg changed.pkg; cp east.pkg.p7s changed.pkg.p7s
sed -i 's/"about":"/"about":"X/' changed.pkg
e package receive changed.pkg 2>err && fail "a changed package was received"
grep -q "it was changed after the centre signed it" err || fail "changed: $(cat err)"
cp east.pkg forged.pkg
openssl cms -sign -binary -signer west.pem -inkey west.key -in forged.pkg -outform DER -out forged.pkg.p7s
e package receive forged.pkg 2>err && fail "a package signed by a venue was received"
grep -q "it is signed by west, not by the centre" err || fail "forged: $(cat err)"
cp east.pkg bare.pkg
e package receive bare.pkg 2>err && fail "a package without its signature was received"
grep -q "it has no signature" err || fail "bare: $(cat err)"
[ "$(venue_sql east "SELECT count(*) FROM sittings")" = 0 ] || fail "a refused package stored sittings"
[ "$(venue_sql west "SELECT count(*) FROM sittings")" = 0 ] || fail "west stored sittings"

# East receives it: rosters ready, papers sealed, no question here yet; twice is once.
e package receive east.pkg > out || fail "receive: $(cat out)"
grep -q "sitting east-now: 2 candidates" out || fail "receive said: $(cat out)"
e package receive east.pkg | grep -q "east-now: 2 candidates.*received before; unchanged" || fail "a second receive"
[ "$(venue_sql east "SELECT count(*) FROM candidates")" = 3 ] || fail "the rosters were not registered once"
[ "$(venue_sql east "SELECT count(*) FROM items")" = 0 ] || fail "questions are stored before the key"
e package list | grep -q "^east-now	.*	2 candidates	paper sealed$" || fail "package list: $(e package list)"
e sitting codes east-now > codes
code=$(awk -F'\t' '$2=="E01"{print $3}' codes)
[ -n "$code" ] || fail "no access code for E01: $(cat codes)"

# The venue's server is up; a candidate cannot sign in while the paper is sealed.
e_server() { "$server" --data "$work/east" --listen 127.0.0.1:0 > east.server.log 2>&1 & echo $! > east.server.pid; }
e_server
wait_for "grep -q 'ready port=' east.server.log"
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' east.server.log)
sign_in() {
  /usr/bin/python3 - "$port" "$work/east/pki/ca.pem" "$1" "$2" <<'PY'
import asyncio, json, ssl, sys, websockets
port, ca, ticket, code = sys.argv[1:5]
async def main():
    async with websockets.connect(f"wss://localhost:{port}/ws", ssl=ssl.create_default_context(cafile=ca)) as ws:
        await ws.send(json.dumps({"v": 1, "id": 1, "type": "auth.sign_in",
                                  "body": {"ticket": ticket, "access_code": code, "terminal_id": "t1"}}))
        reply = json.loads(await ws.recv())
        if not reply["ok"]:
            print("refused", reply["error"]["code"], reply["error"].get("message", ""))
            return
        await ws.send(json.dumps({"v": 1, "id": 2, "type": "paper.get", "body": {}}))
        paper = json.loads(await ws.recv())
        print("paper", sum(len(s["items"]) for s in paper["body"]["sections"]))
asyncio.run(main())
PY
}
sign_in E01 "$code" > out
grep -q "refused sitting_not_open the paper is still sealed" out || fail "a sign-in before the key: $(cat out)"

# Opening the paper: before its key the centre gives none; another sitting's key, or a key
# made for another venue, does not open it.
cc package key east-later -o later.key 2>err && fail "the centre gave a key two hours early"
grep -q "is given from .* in 1[12][0-9] minutes" err || fail "early key: $(cat err)"
cc package key east-later --early 180 -o later.key >/dev/null || fail "a key with --early"
e package open east-now --key later.key 2>err && fail "east-later's key opened east-now"
grep -q "the key is for sitting east-later, not east-now" err || fail "another sitting's key: $(cat err)"
# The key letter of east-now rewritten for west, signed and sealed as the centre would for west:
# west's letter, so east refuses it; and east-later's key relabelled as east-now's cannot open it.
cc package key east-now -o now.key >/dev/null
python3 - <<'PY'
import json
letter = json.load(open("now.key"))
letter["venue"] = "west"
open("west-now.key", "w").write(json.dumps(letter))
PY
cp now.key.p7s west-now.key.p7s
e package open east-now --key west-now.key 2>err && fail "a key letter changed to west's was used"
grep -q "it was changed after the centre signed it" err || fail "relabelled key: $(cat err)"
[ "$(venue_sql east "SELECT count(*) FROM items")" = 0 ] || fail "a refused key stored questions"
sign_in E01 "$code" | grep -q "refused sitting_not_open" || fail "a refused key opened the paper"

# Online: the venue fetches its package and the key from the centre over mutual TLS.
centre_port=$(free_port)
"$centre" --database "$pg dbname=$db_name" --data "$work/centre" serve --listen "127.0.0.1:$centre_port" > centre.log 2>&1 &
echo $! > centre.pid
wait_for "grep -q 'taking venues' centre.log"
e package fetch --centre "https://127.0.0.1:$centre_port" | grep -q "east-now: 2 candidates.*received before" \
  || fail "the package fetched online is not the one received"
w package fetch --centre "https://127.0.0.1:$centre_port" > out || fail "west's fetch: $(cat out)"
grep -q "the package holds no sittings" out || fail "west was sent sittings: $(cat out)"
w package open east-now --centre "https://127.0.0.1:$centre_port" 2>err && fail "west got east's key"
grep -q "venue west has no sitting east-now" err || fail "west asking for east's key: $(cat err)"
e package open east-later --centre "https://127.0.0.1:$centre_port" 2>err && fail "a key was given before the start"
grep -q "the centre gives no key: the paper key of sitting east-later is given from" err || fail "too early: $(cat err)"
e package open east-now --centre "https://127.0.0.1:$centre_port" > out || fail "open: $(cat out)"
grep -q "the paper of east-now is open: 1 banks, [0-9]* items; candidates may sign in" out || fail "open said: $(cat out)"
e package open east-now --key now.key | grep -q "was open already" || fail "a second open"
e package list | grep -q "^east-now	.*	paper open since" || fail "package list after open: $(e package list)"
cc sitting list | grep -q "^east-now	.*	key given 20" || fail "the centre did not record the key given"

# The server, running all along, now lets the candidate in to a paper of 50 items.
sign_in E01 "$code" | grep -q "^paper 50$" || fail "the candidate cannot sit the opened paper: $(sign_in E01 "$code")"
e audit verify > /dev/null || fail "the venue's audit chain does not verify"
venue_sql east "SELECT action FROM audit" | grep -q "^package.receive$" || fail "no audit entry for the package"
venue_sql east "SELECT action FROM audit" | grep -q "^paper.open$" || fail "no audit entry for the opened paper"
echo "centre packages: ok"
