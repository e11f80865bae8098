#!/usr/bin/env bash
# How long the browser exam takes from a cold cache to a paper of 50 items whose 20 figures are
# all in the page, against the same paper without figures and the bare verification page (the
# floor: TLS, one HTML page and its style sheet), in the same run. Debian's Chromium via
# playwright-core; every load is a new browser context (empty cache, no IndexedDB).
# Usage: tools/bench/exam_page.sh [RUNS] [FIGURE_KIB]   (build and install-deps first)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-9}"; kib="${2:-100}"
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
c() { build/tools/craftmark --data "$work/data" "$@" >/dev/null; }
. tools/admin-account.sh build/tools/craftmark "$work/data"
# Two banks of 50 single-choice items; in the first, 20 of them show a PNG of about FIGURE_KIB
# (noise, so it does not compress: a scanned drawing's size).
python3 - "$work" "$kib" "$runs" <<'PY'
import json, os, sys
sys.path.insert(0, "tests/tools")
from images import noise_png
work, kib, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{work}/figures")
for bank, figures in (("page-figures", 20), ("page-plain", 0)):
    items = []
    for n in range(50):
        stem = f"第 {n + 1} 题：下列哪一项符合安全操作规程？"
        if n < figures:
            name = f"f{n}.png"
            open(f"{work}/figures/{name}", "wb").write(noise_png(kib * 1024))
            stem = f'<p>{stem}</p><p><img src="{name}" alt="图 {n + 1}"></p>'
        items.append({"id": f"{bank}-{n}", "type": "single_choice", "points": 2,
                      "stem": {"format": "html" if n < figures else "plain", "text": stem},
                      "choices": [{"id": k, "text": f"选项 {k}", "fraction": 1 if k == "A" else 0} for k in "ABCD"]})
    json.dump({"kind": "qbank", "bank": {"id": bank}, "items": items}, open(f"{work}/figures/{bank}.json", "w"))
    json.dump({"kind": "assessment", "id": bank, "title": bank, "durationMinutes": 60,
               "sections": [{"id": "S", "title": "单项选择题", "draw": [{"bank": bank, "count": 50}]}]},
              open(f"{work}/{bank}-assessment.json", "w"))
for bank, prefix in (("page-figures", "F"), ("page-plain", "P")):  # a ticket sits one sitting
    with open(f"{work}/{bank}.csv", "w") as out:
        print("ticket,name,national_id,seat", file=out)
        for n in range(runs):
            print(f"{prefix}{n},Candidate {prefix}{n},{n + 1},{n + 1}", file=out)
PY
for paper in page-figures page-plain; do
  c bank import "$work/figures/$paper.json" --media "$work/figures"
  c assessment add "$work/$paper-assessment.json"
  c sitting create --id "$paper" --assessment "$paper" --start now
  c sitting register "$paper" "$work/$paper.csv"
  build/tools/craftmark --data "$work/data" sitting codes "$paper" --release | tail -n +2 | cut -f2,3 > "$work/$paper.codes"
done
build/server/craftmark-server --data "$work/data" --listen 127.0.0.1:0 > "$work/server.out" 2>/dev/null &
for _ in $(seq 100); do grep -q "ready port=" "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/ready port=\([0-9]*\).*/\1/p' "$work/server.out")
node tools/bench/exam_page.mjs "https://127.0.0.1:$port" "$work/page-figures.codes" "$work/page-plain.codes"
