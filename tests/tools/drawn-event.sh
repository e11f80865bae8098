# Sourced by the browser tests of a competition, with `c` (the craftmark CLI on the data folder),
# `repo`, `work` and `data` set: the demo's CNC practical sitting p1 with its three candidates;
# the chief judge "chief" and the judge "judge2" (password in $work/chief.pw); the event
# city-2026 with numbers and workstations drawn; and its module's works locked (written
# directly: these tests are about the board, not marking). Nothing is revealed yet.
c scheme import "$repo/question-banks/cnc-turning-worldskills-scheme.json"
c assessment add "$repo/question-banks/demo/cnc-turning-practical.json" --checkers "$repo/question-banks/checkers"
c sitting create --id p1 --assessment cnc-turning-l4-practical --start now
c sitting register p1 "$repo/question-banks/demo/practical-candidates.csv"
echo "chief-secret" > "$work/chief.pw"
c staff add chief --role examiner --name "裁判长" --scope sitting:p1 --scope chief --password-file "$work/chief.pw"
c staff add judge2 --role examiner --name "裁判" --scope sitting:p1 --password-file "$work/chief.pw"
sed 's/"demo-practical"/"p1"/; s/"examiner"/"chief"/; s/, "judge3"//' "$repo/question-banks/demo/competition.json" > "$work/event.json"
c event add "$work/event.json"
c event draw city-2026 cnc-turning
c event draw city-2026 cnc-turning --round workstations
# Locked works: 李明 90 %, 周强 80 %, 吴静 70 % on both tasks.
sqlite3 "$data/craftmark.db" "UPDATE attempts SET state = 'closed';
  INSERT INTO works (sitting_id, attempt_id, task, code, state, score)
    SELECT 'p1', a.id, t.task, a.ticket || t.task, 'locked',
           json_object('total', CASE a.ticket WHEN 'CNC2026110001' THEN 90
                                              WHEN 'CNC2026110002' THEN 80 ELSE 70 END)
    FROM attempts a, (SELECT 'T1' AS task UNION SELECT 'T2') t"
