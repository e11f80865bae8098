#!/usr/bin/env bash
# The browser exam in headless Chromium: see tests/web/exam_test.mjs. The data folder holds a
# sitting that opens now, of a bank with an item of every type, the first showing a figure and a
# formula and carrying hostile HTML, the essay in Markdown with a formula and hostile links, two
# candidates and the room's proctor.
set -eu
cli="$1"; server="$2"; repo="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
c() { "$cli" --data "$data" "$@" >/dev/null; }
. "$repo/tools/admin-account.sh" "$cli" "$data"
mkdir -p "$work/bank"
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="400" height="200" onload="window.hacked=1"><script>window.hacked=2</script><rect x="2" y="2" width="36" height="16" fill="none" stroke="black"/></svg>' > "$work/bank/circuit.svg"
cat > "$work/bank/exam.json" <<'JSON'
{"kind": "qbank", "bank": {"id": "exam"}, "items": [
 {"id": "E1", "type": "single_choice", "points": 2,
  "stem": {"format": "html", "text": "<p onclick=\"window.hacked=3\">图中 R<sub>1</sub> 是什么元件？其阻值 \\(R_1 = \\frac{U}{I}\\)。<script>window.hacked=4</script> <a href=\"javascript:window.hacked=6\">点此 click</a></p><p><img src=\"circuit.svg\" alt=\"电路图\"><img src=\"https://evil.example/x.png\" onerror=\"window.hacked=5\"></p><iframe src=\"https://evil.example/\"></iframe>"},
  "choices": [{"id": "A", "text": "电阻", "fraction": 1}, {"id": "B", "text": "电容", "fraction": 0}]},
 {"id": "E2", "type": "true_false", "points": 1, "correct": true,
  "stem": {"format": "plain", "text": "保护接地线为黄绿双色。"}},
 {"id": "E3", "type": "short_answer", "points": 1,
  "stem": {"format": "plain", "text": "电阻的单位是____。"}, "answers": [{"text": "欧姆", "fraction": 1}]},
 {"id": "E4", "type": "multiple_choice", "points": 2, "scoring": "partial",
  "stem": {"format": "plain", "text": "下列属于导体的是（ ）。"},
  "choices": [{"id": "A", "text": "铜", "fraction": 0.5}, {"id": "B", "text": "铝", "fraction": 0.5},
              {"id": "C", "text": "橡胶", "fraction": -0.5}]},
 {"id": "E5", "type": "numerical", "points": 2,
  "stem": {"format": "plain", "text": "我国居民用电的额定电压是多少伏？"}, "numeric": [{"value": 220, "tolerance": 11}]},
 {"id": "E6", "type": "matching", "points": 2,
  "stem": {"format": "plain", "text": "把物理量和单位配对。"},
  "pairs": [{"premise": "电压", "response": "伏特"}, {"premise": "电流", "response": "安培"}], "distractors": ["瓦特"]},
 {"id": "E7", "type": "essay", "points": 5,
  "stem": {"format": "markdown", "text": "简述发现有人**触电**时的处理步骤。\n\n- 功率 $$P = \\frac{U^2}{R_1}$$\n- [链接 link](javascript:window.hacked=7) ![远程 remote](https://evil.example/m.png) <img src=x onerror=\"window.hacked=8\">"}}]}
JSON
printf '{"kind": "assessment", "id": "exam", "title": "浏览器考试 Browser exam", "durationMinutes": 30, "reviewPolicy": "score", "sections": [{"id": "S", "title": "一、试题", "draw": [{"bank": "exam", "count": 7}]}]}' > "$work/bank/assessment.json"
c bank import "$work/bank/exam.json"
c assessment add "$work/bank/assessment.json"
# The bank shows a figure: creating a sitting that a terminal may sit says so; the exam's own
# sitting is sat only in the browser and says nothing more.
created=$("$cli" --data "$data" sitting create --id t --assessment exam --room 302 --start now)
echo "$created" | grep -q "banks show 1 figure(s)" || { echo "no note of the figure: $created"; exit 1; }
created=$("$cli" --data "$data" sitting create --id s --assessment exam --room 301 --start now --delivery browser)
echo "$created" | grep -q "browser only" || { echo "$created"; exit 1; }
if echo "$created" | grep -q "figure(s)"; then echo "a note for a browser sitting: $created"; exit 1; fi
printf '准考证号,姓名,身份证号,座位号,合理便利\nB1,王芳 Wang Fang,1,A01,大字\nB2,赵强 Zhao Qiang,2,A02,\n' > "$work/c.csv"
c sitting register s "$work/c.csv"
codes=$("$cli" --data "$data" sitting codes s --release)
code=$(echo "$codes" | sed -n 2p | cut -f3)
code2=$(echo "$codes" | sed -n 3p | cut -f3)
echo "proctor-secret" > "$work/pw"
c staff add li --role proctor --name "李老师" --scope sitting:s --password-file "$work/pw"
"$cli" --data "$data" sitting admission s -o "$work/admission.html"
if "$cli" --data "$data" sitting admission nope -o "$work/none.html" 2>"$work/err"; then exit 1; fi
grep -q "no sitting nope" "$work/err" && test ! -e "$work/none.html"
if "$cli" --data "$data" sitting admission t 2>"$work/err"; then exit 1; fi # nobody registered
grep -q "no candidates registered for t" "$work/err"
node "$repo/tests/web/exam_test.mjs" "$server" "$data" B1 "$code" li proctor-secret B2 "$code2" "$work/admission.html"
