// The public competition board: watches the event over the server's WebSocket and redraws on
// every push. It receives only what the server releases to the public.
"use strict";

const medals = {
  gold: "金牌 Gold", silver: "银牌 Silver", bronze: "铜牌 Bronze",
  medallion: "优胜奖 Medallion",
};

function cell(row, text, tag = "td", className = "") {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  row.appendChild(c);
  return c;
}

function skillTable(skill) {
  const section = document.createElement("section");
  const h = document.createElement("h2");
  h.textContent = skill.name;
  section.appendChild(h);
  const released = skill.modules.filter((m) => m.released);
  if (!skill.released || skill.rows.length === 0) {
    const p = document.createElement("p");
    p.textContent = "尚未公布 No results released yet";
    section.appendChild(p);
    return section;
  }
  if (!skill.final) {
    const p = document.createElement("p");
    p.textContent = "部分模块已公布 Some modules released; medals follow the final results";
    section.appendChild(p);
  }
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  cell(head, "名次 Rank", "th");
  cell(head, "参赛号 No.", "th");
  cell(head, "姓名 Name", "th");
  cell(head, "单位 Organisation", "th", "org");
  for (const m of released) cell(head, m.name, "th");
  for (const t of ["得分 Score", "奖项 Medal"]) cell(head, t, "th");
  const body = table.createTBody();
  for (const r of skill.rows) {
    const row = body.insertRow();
    row.dataset.number = r.number;
    cell(row, r.rank);
    cell(row, r.number);
    cell(row, r.name || "");
    cell(row, r.organisation || "", "td", "org");
    for (const m of released) cell(row, r.modules[m.id] ?? "");
    cell(row, r.score);
    cell(row, (medals[r.medal] || "") + (r.brokenBy ? " (" + r.brokenBy + ")" : ""));
  }
  const scroll = document.createElement("div");
  scroll.className = "scroll";
  scroll.appendChild(table);
  section.appendChild(scroll);
  return section;
}

function show(board) {
  document.getElementById("title").textContent = board.name;
  const state = document.getElementById("state");
  state.className = "status " + (board.frozen ? "suspended" : "valid");
  state.textContent = board.frozen ? "已封榜 Board frozen" : "实时 Live";
  const skills = document.getElementById("skills");
  skills.replaceChildren(...board.skills.map(skillTable));
}

let unknown = false;

function connect(eventId) {
  const ws = new WebSocket("wss://" + location.host + "/ws");
  ws.onopen = () => ws.send(JSON.stringify(
    { v: 1, id: 1, type: "scoreboard.watch", body: { event: eventId } }));
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data);
    if (frame.ok === false) {
      unknown = true;
      const state = document.getElementById("state");
      state.className = "status invalid";
      state.textContent = "没有这个赛事 No such event";
      return;
    }
    if (frame.body && frame.body.board) show(frame.body.board);
  };
  ws.onclose = () => { if (!unknown) setTimeout(() => connect(eventId), 3000); };
}

connect(decodeURIComponent(location.pathname.split("/")[2] || ""));
