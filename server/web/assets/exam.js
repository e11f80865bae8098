// The candidate's exam in a browser, over the same WebSocket protocol as craftmark-terminal
// (docs/protocol.md). Nothing is lost: every save is written to this browser's IndexedDB journal
// before it is sent and removed only when the server acknowledges it; after a dropped network, a
// reload or a reopened browser the journal is sent again. The page says "saved" only then.
"use strict";

const $ = (id) => document.getElementById(id);
const stored = { terminal: "craftmark.exam.terminal", token: "craftmark.exam.token" };

// ---- the connection: requests by id, pushes by type, reconnecting until the exam is over ----

let socket = null;
let nextId = 0;
const waiting = new Map(); // request id -> {resolve}
let onOpen = null;
let finished = false;

function connect() {
  if (!navigator.onLine) return; // the "online" event connects again
  socket = new WebSocket(`wss://${location.host}/ws`);
  socket.onopen = () => { setLink("online"); if (onOpen) onOpen(); };
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    if (frame.id != null && waiting.has(frame.id)) {
      waiting.get(frame.id)(frame);
      waiting.delete(frame.id);
    } else if (frame.type) {
      pushed(frame.type, frame.body || {});
    }
  };
  socket.onclose = () => {
    for (const resolve of waiting.values()) resolve({ ok: false, error: { code: "offline" } });
    waiting.clear();
    if (finished) return;
    setLink("offline");
    setTimeout(connect, 1000);
  };
}
// The computer's network gone (a cable pulled, Wi-Fi lost) closes the connection at once, rather
// than when the server's pings stop coming: answers are then kept here, and the page says so.
window.addEventListener("offline", () => { if (socket) socket.close(); setLink("offline"); });
window.addEventListener("online", () => {
  if (!finished && (!socket || socket.readyState === WebSocket.CLOSED)) connect();
});

function call(type, body = {}) {
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      resolve({ ok: false, error: { code: "offline" } });
      return;
    }
    const id = ++nextId;
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ v: 1, id, type, body }));
  });
}

// An upload chunk: a binary frame of a 28-byte header (CMU1, request id, upload, offset) and the
// bytes; the reply comes as JSON with the request's id.
function callChunk(upload, offset, bytes) {
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      resolve({ ok: false, error: { code: "offline" } });
      return;
    }
    const id = ++nextId;
    const frame = new Uint8Array(28 + bytes.length);
    const header = new DataView(frame.buffer);
    frame.set([0x43, 0x4d, 0x55, 0x31]); // "CMU1"
    header.setBigUint64(4, BigInt(id));
    header.setBigUint64(12, BigInt(upload));
    header.setBigUint64(20, BigInt(offset));
    frame.set(bytes, 28);
    waiting.set(id, resolve);
    socket.send(frame);
  });
}

function setLink(state) {
  const link = $("link");
  link.className = "link " + state;
  link.textContent = state === "online" ? "已连接 Online" : "离线，正在重连 Offline, reconnecting…";
}

function show(section) {
  for (const id of ["signin", "lobby", "paper", "practical", "confirm", "done"]) $(id).hidden = id !== section;
}

function notice(text) {
  const n = $("notice");
  n.textContent = text;
  n.hidden = false;
  setTimeout(() => { n.hidden = true; }, 20000);
}

// ---- the journal (IndexedDB): saves not yet acknowledged and files not yet received (in
// exam-practical.js), kept across reloads ----

let journal = null;

function openJournal() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("craftmark-exam", 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("saves")) db.createObjectStore("saves", { keyPath: "seq" });
      if (!db.objectStoreNames.contains("uploads")) db.createObjectStore("uploads", { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function journalDo(mode, work, store = "saves") {
  return new Promise((resolve, reject) => {
    const tx = journal.transaction(store, mode);
    const result = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(result.result);
    tx.onerror = () => reject(tx.error);
  });
}
const journalPut = (save) => journalDo("readwrite", (s) => s.put(save));
const journalDelete = (seq) => journalDo("readwrite", (s) => s.delete(seq));
const journalAll = () => journalDo("readonly", (s) => s.getAll());

// ---- signing in, the lobby and the clock ----

let session = null; // the session view
let clockOffset = 0; // server time − local time
let time = null; // the latest time status

function terminalId() {
  let id = localStorage.getItem(stored.terminal);
  if (!id) {
    id = "browser-" + crypto.randomUUID().slice(0, 18);
    localStorage.setItem(stored.terminal, id);
  }
  return id;
}

function setTime(status) {
  time = status;
  clockOffset = status.server_time - Date.now();
  tick();
}

function remaining() {
  if (!time) return 0;
  if (time.state !== "running") return time.remaining_ms;
  return Math.max(0, time.deadline - (Date.now() + clockOffset));
}

function tick() {
  const clock = $("clock");
  if (!time || time.state === "waiting" || time.state === "closed") {
    clock.textContent = "";
    return;
  }
  const ms = remaining();
  const s = Math.floor(ms / 1000);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  clock.textContent = (time.state === "paused" ? "⏸ 暂停 Paused " : "剩余 Left ") +
    (hms[0] ? hms[0] + ":" : "") + hms.slice(1).map((n) => String(n).padStart(2, "0")).join(":");
  clock.classList.toggle("low", ms < 5 * 60000);
}
setInterval(tick, 500);

async function signedIn(view) {
  session = view;
  setTime(view.time);
  $("who").textContent = `${view.candidate.name} · ${view.candidate.ticket} · 座位 Seat ${view.candidate.seat}`;
  // The accommodations the roster gives this candidate: larger text, higher contrast.
  const accommodations = view.candidate.accommodations || [];
  document.body.classList.toggle("large-text", accommodations.includes("large_text"));
  document.body.classList.toggle("high-contrast", accommodations.includes("high_contrast"));
  if (view.time.state === "closed") return finish(null);
  if (view.time.state === "waiting") return lobby();
  return openPaper();
}

function lobby() {
  show("lobby");
  const s = session.sitting;
  $("lobby-title").textContent = s.title;
  const facts = $("lobby-facts");
  facts.replaceChildren();
  const rows = [["考点 Venue", `${s.venue} ${s.room}`],
    ["开考 Starts", new Date(s.starts_at).toLocaleString()],
    ["时长 Duration", `${Math.round(s.duration_ms / 60000)} 分钟 minutes`]];
  for (const [label, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    facts.append(dt, dd);
  }
  $("lobby-wait").textContent = "开考后点击“开始答题”。Open the paper once the sitting has started.";
}

async function signIn(event) {
  event.preventDefault();
  const reply = await call("auth.sign_in", {
    ticket: $("ticket").value.trim(), access_code: $("code").value.trim(), terminal_id: terminalId(),
    client: "browser",
  });
  if (!reply.ok) {
    $("signin-error").textContent = reply.error.message || reply.error.code;
    return;
  }
  localStorage.setItem(stored.token, reply.body.resume_token);
  $("signin-error").textContent = "";
  await signedIn(reply.body);
}

async function resume() {
  const token = localStorage.getItem(stored.token);
  if (!token) return show("signin");
  const reply = await call("auth.resume", { resume_token: token, terminal_id: terminalId(), client: "browser" });
  if (reply.ok) return signedIn(reply.body);
  if (reply.error.code === "offline") return; // the next connection tries again
  localStorage.removeItem(stored.token);
  show("signin");
}

// ---- the paper ----

let paperOpen = false;
let items = []; // in paper order: {item, number, section}
let answers = {}; // item id -> response
let flags = new Set();
let current = 0;
let nextSeq = 1;
const pending = new Map(); // seq -> item id, sent or waiting to be
const figures = new Map(); // "item/name" -> promise of an object URL (one per drawing's sha256)
const figureUrls = new Map(); // sha256 -> object URL

async function openPaper() {
  performance.mark("craftmark:paper-asked");
  const reply = await call("paper.get");
  if (!reply.ok) {
    if (reply.error.code === "sitting_not_open") {
      lobby();
      $("lobby-error").textContent = reply.error.message || "考试尚未开始 The sitting has not started";
    }
    return;
  }
  const paper = reply.body;
  setTime(paper.time);
  paperOpen = true;
  if (paper.tasks && paper.tasks.length) return openPractical(paper);
  items = [];
  for (const section of paper.sections)
    for (const item of section.items) items.push({ item, number: items.length + 1, section: section.title });
  answers = {};
  for (const [id, a] of Object.entries(paper.answers)) answers[id] = a.response;
  flags = new Set(paper.flags);
  const saved = await journalAll();
  nextSeq = Math.max(paper.last_seq, ...saved.map((s) => s.seq), 0) + 1;
  for (const s of saved.sort((a, b) => a.seq - b.seq)) {
    if (s.ticket !== session.candidate.ticket) continue;
    answers[s.item_id] = s.response; // the candidate's latest answer, not yet acknowledged
    pending.set(s.seq, s.item_id);
  }
  show("paper");
  render();
  performance.mark("craftmark:paper-shown");
  replay(saved);
  prefetchFigures();
}

// Sends every journalled save again, in order: after a reconnect, a reload or a restart.
async function replay(saved) {
  for (const s of saved.sort((a, b) => a.seq - b.seq))
    if (s.ticket === session.candidate.ticket) await send(s);
}

async function send(save) {
  showSaveState();
  const reply = await call("answer.save", { item_id: save.item_id, seq: save.seq, response: save.response });
  if (reply.ok || ["sequence_conflict", "invalid_response", "unknown_item", "attempt_closed"].includes(reply.error.code)) {
    // Stored, or refused for good: keeping it would not change the answer the server holds.
    await journalDelete(save.seq);
    pending.delete(save.seq);
    if (!reply.ok) notice(`第 ${numberOf(save.item_id)} 题未保存 Question not saved: ${reply.error.message || reply.error.code}`);
  }
  showSaveState();
}

async function answer(itemId, response) {
  answers[itemId] = response;
  const save = { seq: nextSeq++, item_id: itemId, response, ticket: session.candidate.ticket };
  pending.set(save.seq, itemId);
  await journalPut(save); // durable here before it leaves
  renderNavigator();
  await send(save);
}

function showSaveState() {
  const state = $("save-state");
  const id = items[current] && items[current].item.id;
  const waitingHere = [...pending.values()].includes(id);
  if (waitingHere) {
    state.className = "pending";
    state.textContent = socket.readyState === WebSocket.OPEN
      ? "保存中… Saving…" : "已存本机，联网后自动提交 Kept on this computer; sent when back online";
  } else if (answers[id] && Object.keys(answers[id]).length) {
    state.className = "saved";
    state.textContent = "已保存 Saved";
  } else {
    state.className = "";
    state.textContent = "";
  }
}

function numberOf(itemId) {
  const found = items.find((i) => i.item.id === itemId);
  return found ? found.number : "?";
}

function answered(itemId) {
  const r = answers[itemId];
  if (!r) return false;
  return Object.values(r).some((v) => v !== "" && v !== null &&
    !(Array.isArray(v) && v.length === 0) && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0));
}

function renderNavigator() {
  const nav = $("navigator");
  nav.replaceChildren();
  items.forEach((entry, index) => {
    const b = document.createElement("button");
    b.textContent = entry.number;
    b.className = [answered(entry.item.id) ? "answered" : "", flags.has(entry.item.id) ? "flagged" : "",
      index === current ? "current" : ""].join(" ");
    b.setAttribute("aria-label", `第 ${entry.number} 题 Question ${entry.number}`);
    b.onclick = () => { current = index; render(); };
    nav.append(b);
  });
}

// Bank text rendered safely: HTML through an allow-list (no script, no handlers, no links to
// anywhere, figures only from the paper), Markdown through marked into the same allow-list, and
// formulas typeset by KaTeX; plain text stays text. Both libraries are compiled into the server.
const keptElements = new Set(["p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol",
  "li", "table", "thead", "tbody", "tr", "td", "th", "span", "div", "pre", "code", "blockquote",
  "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "caption"]);
const droppedWhole = new Set(["script", "style", "iframe", "object", "embed", "template", "svg",
  "math", "form", "input", "button", "textarea", "select", "link", "meta", "base", "title"]);

// TeX between \( \) (inline), \[ \] or $$ $$ (display), as Moodle's filters write it.
const formulaPattern = /\$\$([\s\S]+?)\$\$|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g;

// Text with its formulas typeset: KaTeX builds DOM nodes itself (trust off, so no \href or
// \includegraphics), and a formula it cannot read is shown as written.
function typeset(text) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(formulaPattern)) {
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    const formula = document.createElement("span");
    formula.className = "formula";
    try {
      katex.render(m[1] ?? m[2] ?? m[3], formula,
        { displayMode: m[2] === undefined, throwOnError: false, trust: false, maxSize: 20, maxExpand: 500 });
    } catch {
      formula.textContent = m[0];
    }
    out.push(formula);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

// source: parsed (inert) nodes; context: {itemId, media, formulas} where formulas holds the TeX
// a Markdown text had set aside before marked saw it.
function safeNodes(source, context) {
  const out = [];
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(...typeset(node.textContent.replace(/\uE000(\d+)\uE001/g, (_, n) => context.formulas[n])));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const name = node.localName;
    if (droppedWhole.has(name)) continue;
    if (!keptElements.has(name)) { // an unknown wrapper: keep what it says
      out.push(...safeNodes(node, context));
      continue;
    }
    let src = "";
    try { src = decodeURIComponent(node.getAttribute("src") || ""); } catch { /* malformed */ }
    if (name === "img" && !context.media.includes(src)) { // not one of the paper's figures: never fetched
      const missing = document.createElement("span");
      missing.className = "missing-figure";
      missing.textContent = "[图片不可用 Figure not available]";
      out.push(missing);
      continue;
    }
    const copy = document.createElement(name);
    if (name === "img") {
      copy.alt = node.getAttribute("alt") || src;
      for (const size of ["width", "height"])
        if (/^\d+$/.test(node.getAttribute(size) || "")) copy.setAttribute(size, node.getAttribute(size));
      loadFigure(copy, context.itemId, src);
    }
    if ((name === "td" || name === "th"))
      for (const span of ["colspan", "rowspan"])
        if (/^\d+$/.test(node.getAttribute(span) || "")) copy.setAttribute(span, node.getAttribute(span));
    copy.append(...safeNodes(node, context));
    out.push(copy);
  }
  return out;
}

function richText(text, format, itemId, media) {
  const box = document.createElement("div");
  box.className = "stem " + format;
  const context = { itemId, media, formulas: [] };
  let html = null;
  if (format === "html" || format === "moodle") html = text;
  if (format === "markdown") {
    // Formulas step aside first, or Markdown would read their _ and \ as its own.
    const kept = text.replace(formulaPattern, (m) => `\uE000${context.formulas.push(m) - 1}\uE001`);
    html = marked.parse(kept, { async: false, gfm: true });
  }
  if (html === null) box.append(...typeset(text));
  else box.append(...safeNodes(new DOMParser().parseFromString(html, "text/html").body, context)); // inert: nothing runs
  return box;
}

// A figure, fetched once per item and name and kept as a blob URL for the rest of the attempt;
// a failed fetch (offline) is forgotten so the next showing tries again.
function figureUrl(itemId, name) {
  const key = `${itemId}/${name}`;
  if (!figures.has(key)) {
    figures.set(key, call("figure.get", { item_id: itemId, name }).then((reply) => {
      if (!reply.ok) {
        figures.delete(key);
        return null;
      }
      const body = reply.body;
      if (!figureUrls.has(body.sha256)) {
        const bytes = fromBase64url(body.data);
        figureUrls.set(body.sha256, URL.createObjectURL(new Blob([bytes], { type: body.media_type })));
      }
      return figureUrls.get(body.sha256);
    }));
  }
  return figures.get(key);
}

function fromBase64url(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text, { alphabet: "base64url" });
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/")); // browsers before 2025
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function loadFigure(img, itemId, name) {
  const url = await figureUrl(itemId, name);
  if (url) img.src = url;
}

// Every figure of the paper, fetched once the first item shows: moving to another item then
// never waits on the network, and a network that drops later does not take the drawings with it.
// (A figure that could not come now is fetched again when the paper is opened after a reconnect.)
async function prefetchFigures() {
  const all = items.flatMap(({ item }) => (item.media || []).map((name) => figureUrl(item.id, name)));
  const urls = await Promise.all(all);
  if (!urls.every(Boolean)) return;
  document.body.dataset.figures = "ready"; // for the tests
  performance.mark("craftmark:figures-ready"); // for tools/bench/exam_page.sh
}

function option(type, name, text, checked, onChange) {
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = type;
  input.name = name;
  input.checked = checked;
  input.onchange = onChange;
  const span = document.createElement("span");
  span.append(text);
  label.append(input, span);
  return label;
}

function render() {
  renderNavigator();
  const { item, number, section } = items[current];
  const box = $("item");
  box.replaceChildren();
  box.dataset.item = item.id;
  box.dataset.type = item.type;
  const head = document.createElement("h2");
  head.textContent = `${section} · 第 ${number} 题 / 共 ${items.length} 题 (${item.points} 分 points)`;
  box.append(head, richText(item.stem.text, item.stem.format, item.id, item.media || []));
  const response = answers[item.id] || {};
  const options = document.createElement("div");
  options.className = "options";
  const format = item.stem.format;
  if (item.type === "single_choice" || item.type === "multiple_choice") {
    const multi = item.type === "multiple_choice";
    for (const c of item.choices) {
      const picked = multi ? (response.choices || []).includes(c.id) : response.choice === c.id;
      const text = richText(c.text, format, item.id, item.media || []);
      options.append(option(multi ? "checkbox" : "radio", item.id, text, picked, () => {
        if (!multi) return answer(item.id, { choice: c.id });
        const now = new Set(answers[item.id] ? answers[item.id].choices || [] : []);
        now.has(c.id) ? now.delete(c.id) : now.add(c.id);
        answer(item.id, { choices: item.choices.map((x) => x.id).filter((id) => now.has(id)) });
      }));
    }
  } else if (item.type === "true_false") {
    for (const [value, text] of [[true, "正确 True"], [false, "错误 False"]])
      options.append(option("radio", item.id, text, response.value === value, () => answer(item.id, { value })));
  } else if (item.type === "short_answer" || item.type === "numerical" || item.type === "essay") {
    const field = document.createElement(item.type === "essay" ? "textarea" : "input");
    if (item.type === "numerical") { field.inputMode = "decimal"; field.value = response.value ?? ""; }
    else field.value = response.text ?? "";
    field.setAttribute("aria-label", "答案 Answer");
    field.onchange = () => {
      if (item.type !== "numerical") return answer(item.id, field.value ? { text: field.value } : {});
      const value = Number(field.value.replace(",", "."));
      if (field.value.trim() === "") return answer(item.id, {});
      if (Number.isFinite(value)) return answer(item.id, { value });
      notice("请输入数字 Please enter a number");
    };
    options.append(field);
  } else if (item.type === "matching") {
    const pairs = response.pairs || {};
    for (const premise of item.premises) {
      const row = document.createElement("label");
      const select = document.createElement("select");
      select.append(new Option("—", ""));
      for (const r of item.responses) select.append(new Option(r.text, r.id, false, pairs[premise.id] === r.id));
      select.onchange = () => {
        const now = { ...((answers[item.id] || {}).pairs || {}) };
        if (select.value) now[premise.id] = select.value; else delete now[premise.id];
        answer(item.id, Object.keys(now).length ? { pairs: now } : {});
      };
      row.append(premise.text + " → ", select);
      options.append(row);
    }
  }
  box.append(options);
  $("flag").textContent = flags.has(item.id) ? "取消标记 Unflag" : "标记 Flag";
  $("previous").disabled = current === 0;
  $("next").disabled = current === items.length - 1;
  showSaveState();
}

async function toggleFlag() {
  const id = items[current].item.id;
  const flagged = !flags.has(id);
  const reply = await call("item.flag", { item_id: id, flagged });
  if (!reply.ok) return notice(reply.error.message || reply.error.code);
  flagged ? flags.add(id) : flags.delete(id);
  render();
}

function askToSubmit() {
  if (tasks.length) {
    const left = filesNotReceived().map((u) => u.name);
    $("confirm-unanswered").textContent = left.length
      ? `${left.length} 个文件尚未收到 file(s) not yet received: ${left.join(", ")}`
      : "所有文件均已收到 Every file is received.";
    return show("confirm");
  }
  const open = items.filter((e) => e.item.type !== "description" && !answered(e.item.id)).map((e) => e.number);
  $("confirm-unanswered").textContent = open.length
    ? `${open.length} 题未答 unanswered: ${open.join(", ")}`
    : "全部已答 Every question is answered.";
  if (pending.size) $("confirm-unanswered").textContent += " 仍有答案在保存中 Some answers are still being saved.";
  show("confirm");
}

async function submit() {
  if (pending.size || (tasks.length && filesNotReceived().some((u) => u.state === "sending")))
    return notice("答案仍在保存，请稍候 Answers are still being saved; wait a moment");
  const reply = await call("attempt.submit");
  if (!reply.ok && reply.error.code !== "attempt_closed") return notice(reply.error.message || reply.error.code);
  finish(reply.ok ? reply.body.result : null);
}

// Called by the hand-in, by the attempt.closed push and at sign-in to a closed attempt, in any
// order: the first shows the final screen, a result (from wherever it comes) fills it in.
let resultShown = false;
async function finish(result) {
  if (!finished) {
    finished = true;
    time = null;
    tick();
    localStorage.removeItem(stored.token);
    show("done");
  }
  if (!result && !resultShown) {
    const r = await call("result.get");
    result = r.ok ? r.body.result : null;
  }
  if (resultShown) return;
  if (result && !result.pendingItems) {
    resultShown = true;
    $("done-result").textContent =
      `成绩 Score: ${result.total} / ${result.max}，${result.passed ? "合格 Passed" : "不合格 Not passed"}`;
  } else {
    $("done-result").textContent = "答卷已交，成绩待评阅后公布 Handed in: results after marking.";
  }
}

function pushed(type, body) {
  if (type === "time.changed") {
    setTime(body);
    if (body.reason === "resume") { // saves and files held while paused
      journalAll().then(replay);
      if (tasks.length) pumpUploads();
    }
  }
  else if (type === "attempt.closed") finish(null);
  else if (type === "announcement") notice("【公告 Announcement】 " + body.text);
  else if (type === "message") notice("【监考老师 Proctor】 " + body.text);
  else if (type === "session.ended") {
    localStorage.removeItem(stored.token);
    notice("本机已不能继续作答（已在其他终端登录）This computer no longer sits the exam (another terminal took over)");
  }
}

// ---- wiring ----

$("signin-form").onsubmit = signIn;
// A hand scanner types the admission ticket's QR code and Enter: go on to the access code
// instead of signing in without one.
$("ticket").addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || $("code").value) return;
  e.preventDefault();
  $("code").focus();
});
$("open-paper").onclick = () => openPaper();
$("previous").onclick = () => { current = Math.max(0, current - 1); render(); };
$("next").onclick = () => { current = Math.min(items.length - 1, current + 1); render(); };
$("flag").onclick = toggleFlag;
$("submit").onclick = askToSubmit;
$("confirm-no").onclick = () => { if (tasks.length) show("practical"); else { show("paper"); render(); } };
$("confirm-yes").onclick = submit;
$("hand").onclick = $("practical-hand").onclick = async () => {
  const reply = await call("hand.raise");
  notice(reply.ok ? "已举手，监考老师会过来 Hand raised: the proctor is coming"
    : reply.error.message || reply.error.code);
};
$("practical-submit").onclick = askToSubmit;
// Leaving the exam's window shows on the proctor's seat map, as the terminal reports it.
let focused = true;
function reportFocus(now) {
  if (now === focused || !paperOpen || finished) return;
  focused = now;
  call("terminal.focus", { focused: now });
}
window.addEventListener("blur", () => reportFocus(false));
window.addEventListener("focus", () => reportFocus(true));
document.addEventListener("visibilitychange", () => reportFocus(!document.hidden));

openJournal().then((db) => {
  journal = db;
  // Each (re)connection resumes the session and, with the paper open, sends the journal again.
  onOpen = resume;
  connect();
});
