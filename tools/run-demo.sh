#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, prepares the demo (three question
# banks, an electrician theory sitting with eight candidates, a CNC practical sitting with three
# and its chief examiner, a competition over that sitting) and starts craftmark-server.
# `tools/run-demo.sh --city` starts a city instead: a centre and two venues (tools/city-demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --city ]; then exec tools/city-demo.sh; fi
tools/install-deps.sh
# Only the programs the demo runs: the tests, fuzzers and benchmarks are the test command's.
tools/build.sh craftmark-server craftmark craftmark-sandbox craftmark-terminal craftmark-proctor
data="${CRAFTMARK_DATA:-data/demo}"
port="${CRAFTMARK_PORT:-8443}"
cli() { build/tools/craftmark --data "$data" "$@"; }

if [ ! -f "$data/craftmark.db" ]; then
  echo "== preparing the demo in $data"
  . tools/admin-account.sh build/tools/craftmark "$data"
  cli bank import question-banks/electrician-l4.json
  cli bank import question-banks/cnc-turning-l4.json
  cli bank import question-banks/elderly-care-l5.gift --id elderly-care-l5
  cli assessment add question-banks/demo/electrician-l4-theory.json
  cli sitting create --id demo --assessment electrician-l4-theory \
      --venue "市职业技能鉴定中心 City Skills Assessment Centre" --room 301 --start now
  cli sitting register demo question-banks/demo/candidates.csv
  # A practical sitting: CNC turning, with its WorldSkills-style marking scheme and a checker.
  cli scheme import question-banks/cnc-turning-worldskills-scheme.json
  cli assessment add question-banks/demo/cnc-turning-practical.json --checkers question-banks/checkers
  # The workshop does not check candidates in: their codes are issued at registration.
  cli sitting create --id demo-practical --assessment cnc-turning-l4-practical \
      --venue "市职业技能鉴定中心 City Skills Assessment Centre" --room "Workshop 1" --start now \
      --checkin not_required
  cli sitting register demo-practical question-banks/demo/practical-candidates.csv
  echo "demo-proctor-2026" > "$data/demo-proctor.password"
  cli staff add proctor --role proctor --name "监考 Demo proctor" --scope sitting:demo \
      --password-file "$data/demo-proctor.password"
  echo "demo-examiner-2026" > "$data/demo-examiner.password"
  cli staff add examiner --role examiner --name "考评 Demo chief examiner" \
      --scope sitting:demo-practical --scope chief --password-file "$data/demo-examiner.password"
  # Judgement aspects take three judges: two more, with the same password.
  for judge in judge2 judge3; do
    cli staff add "$judge" --role examiner --name "考评 Demo judge $judge" \
        --scope sitting:demo-practical --password-file "$data/demo-examiner.password"
  done
  # A skills competition over the practical sitting, its two draws made.
  cli event add question-banks/demo/competition.json
  cli event draw city-2026 cnc-turning --round numbers
  cli event draw city-2026 cnc-turning --round workstations
  # A development certificate PKI, so that passing candidates get real signed certificates.
  cli pki init --name "市职业技能鉴定中心 City Skills Assessment Centre" \
      --base-url "https://localhost:$port" --slug demo-centre
fi

# The administrator's commands below act as the demo's administrator account.
export CRAFTMARK_DATA="$data" CRAFTMARK_AS=admin CRAFTMARK_AS_PASSWORD_FILE="$data/admin.password"
ticket=$(cli sitting codes demo 2>/dev/null | sed -n 2p | cut -f2)
cat <<TXT

== administration: build/tools/craftmark, as the demo's administrator "admin" once you have run
   export CRAFTMARK_DATA=$data CRAFTMARK_AS=admin CRAFTMARK_AS_PASSWORD_FILE=$data/admin.password

== demo sitting "demo": electrician level 4 theory, 90 minutes, 8 candidates
$(cli sitting codes demo 2>/dev/null)
   Access codes are issued at check-in: in the proctor console (below) move to a seat and press
   C, check the ID, and read the code out. (To skip check-in in a demo:
   build/tools/craftmark sitting codes demo --release — recorded in the audit log.)

== join as a candidate from another terminal (UTF-8, at least 80x24), with the code from check-in:
   build/client/craftmark-terminal --port $port --ca $data/pki/ca.pem --ticket $ticket
   (or leave out --ticket and type it on the sign-in screen)
   or in a browser: https://localhost:$port/exam (the development CA: $data/pki/ca.pem)
== the practical sitting "demo-practical" (CNC turning; save work in ~/handin/T1/, U uploads it):
$(cli sitting codes demo-practical 2>/dev/null)
   build/client/craftmark-terminal --port $port --ca $data/pki/ca.pem --hand-in ~/handin
== mark the practical work as its chief examiner (password in $data/demo-examiner.password;
   works are listed by code once candidates have handed in; judgement aspects also need the
   judges judge2 and judge3, same password and command with --user; see docs/practical.md):
   build/client/craftmark-proctor --port $port --ca $data/pki/ca.pem --user examiner --sitting demo-practical --marking --password-file $data/demo-examiner.password
== the competition "city-2026" (the practical sitting as its CNC turning module):
   public board: https://localhost:$port/events/city-2026   staff: build/tools/craftmark event board city-2026
   once the work is locked, the chief examiner reveals it (see docs/competitions.md):
   build/tools/craftmark event reveal city-2026 cnc-turning P --chief examiner --password-file $data/demo-examiner.password
== watch the room as its proctor (password in $data/demo-proctor.password):
   build/client/craftmark-proctor --port $port --ca $data/pki/ca.pem --user proctor --sitting demo --password-file $data/demo-proctor.password
== afterwards:
   build/tools/craftmark results export demo --format csv
   build/tools/craftmark cert issue --sitting demo     (signed certificates for those who passed)
   then open the printed https://localhost:$port/c/... link (the demo's TLS certificate is
   self-signed: accept it once), or check offline: see docs/certificates.md
   build/tools/craftmark audit verify

== starting craftmark-server on https://127.0.0.1:$port (Ctrl-C stops it; answers are kept)
TXT
exec build/server/craftmark-server --data "$data" --listen "127.0.0.1:$port"
