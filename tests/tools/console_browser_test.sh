#!/usr/bin/env bash
# The staff console in headless Chromium: see tests/web/console_test.mjs. The data folder holds
# two rooms of a sitting day that opens now: room A with two candidates (one whose roster name is
# hostile HTML with a bidirectional override, one with a photo) and room B with one, and a
# proctor for each room.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
cat > "$work/bank.json" <<'JSON'
{"kind": "qbank", "bank": {"id": "room"}, "items": [
 {"id": "R1", "type": "true_false", "points": 1, "correct": true,
  "stem": {"format": "plain", "text": "保护接地线为黄绿双色。"}},
 {"id": "R2", "type": "short_answer", "points": 1,
  "stem": {"format": "plain", "text": "电阻的单位是____。"}, "answers": [{"text": "欧姆", "fraction": 1}]}]}
JSON
printf '{"kind": "assessment", "id": "room", "title": "电工理论 Electrician theory", "durationMinutes": 60, "reviewPolicy": "none", "sections": [{"id": "S", "title": "S", "draw": [{"bank": "room", "count": 2}]}]}' > "$work/assessment.json"
c bank import "$work/bank.json"
c assessment add "$work/assessment.json"
c sitting create --id a --assessment room --venue "东莞技师学院" --room 301 --start now
c sitting create --id b --assessment room --venue "东莞技师学院" --room 302 --start now
# A roster name as a hostile clerk might type it: markup and a right-to-left override (U+202E).
printf '准考证号,姓名,身份证号,座位号\nA1,"<script>window.hacked=1</script>""><img src=x onerror=""window.hacked=2"">\xe2\x80\xaeevil",9001,A01\nA2,王芳 Wang Fang,9002,A02\n' > "$work/a.csv"
printf '准考证号,姓名,身份证号,座位号\nB1,赵强 Zhao Qiang,9003,B01\n' > "$work/b.csv"
c sitting register a "$work/a.csv"
c sitting register b "$work/b.csv"
mkdir "$work/photos"
python3 - "$work/photos/A2.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
width, height = 60, 80
rows = b''.join(b'\0' + bytes((40, 90, 160)) * width for _ in range(height))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
PY
c sitting photos a "$work/photos"
echo "proctor-a-secret" > "$work/pa"
echo "proctor-b-secret" > "$work/pb"
c staff add li --role proctor --name "李老师" --scope sitting:a --password-file "$work/pa"
c staff add wang --role proctor --name "王老师" --scope sitting:b --password-file "$work/pb"
node "$repo/tests/web/console_test.mjs" "$server" "$data"
