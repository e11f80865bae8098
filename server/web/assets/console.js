// The staff console in a browser: the proctor's room over the same WebSocket protocol as
// craftmark-proctor (docs/protocol.md, section 5). Everything the server sends is put on the
// page as text (textContent, attributes), never as HTML: names and comments come from rosters
// and people, and are shown as they were typed.
"use strict";
import { markingRoom } from "./console-marking.js";
import { statisticsRoom } from "./console-stats.js";
import { eventRoom } from "./console-event.js";
import { bankRoom } from "./console-banks.js";
import { centreRoom } from "./console-centre.js";
import { staffRoom } from "./console-staff.js";
import { blueprintRoom } from "./console-blueprint.js";

const $ = (id) => document.getElementById(id);

/** An element with attributes (and `class`), holding text and other elements. */
function el(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined && value !== null && value !== false) e.setAttribute(name, value === true ? "" : value);
  for (const child of children) if (child !== null && child !== undefined) e.append(child);
  return e;
}

// ---- the connection: requests by id, pushes by type ----

let socket = null;
let nextId = 0;
const waiting = new Map();
let staff = null; // the signed-in account (auth.staff_sign_in's reply)
// The staff session's token, held only in this page's memory: a dropped connection resumes
// with it (auth.staff_resume); a reload, sign-out or the server's word asks for the password.
let sessionToken = null;
let lastRequest = 0; // when this page last sent a request: the server ends idle sessions

function connect() {
  socket = new WebSocket(`wss://${location.host}/ws`);
  socket.onopen = () => { setLink("online"); sessionToken ? resumeSession() : showSignIn(); };
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
    for (const resolve of waiting.values()) resolve({ ok: false, error: { code: "offline", message: "连接已断开 The connection dropped" } });
    waiting.clear();
    // The staff session outlives the connection: the next one resumes it with the token.
    staff = null;
    setLink("offline");
    setTimeout(connect, 1000);
  };
}

function call(type, body = {}) {
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      resolve({ ok: false, error: { code: "offline", message: "未连接 Not connected" } });
      return;
    }
    const id = ++nextId;
    waiting.set(id, resolve);
    lastRequest = Date.now();
    socket.send(JSON.stringify({ v: 1, id, type, body }));
  });
}

const problem = (reply) => `${reply.error.message || reply.error.code} (${reply.error.code})`;

function setLink(state) {
  $("link").className = "link " + state;
  $("link").textContent = state === "online" ? "已连接 Online" : "离线，正在重连 Offline, reconnecting…";
}

function show(section) {
  for (const { id } of document.querySelectorAll("main > section")) $(id).hidden = id !== section;
  $("sign-out").hidden = !staff;
  $("sign-out-everywhere").hidden = !staff;
  if (!staff) $("idle-warning").hidden = true;
  $("who").textContent = staff ? `${staff.display_name || staff.username} · ${staff.role}` : "";
}

function notice(text) {
  $("signin-error").textContent = text;
}

// ---- signing in and out ----

function showSignIn() {
  show("signin");
  $("username").focus();
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").textContent = "";
  const reply = await call("auth.staff_sign_in", { username: $("username").value, password: $("password").value });
  $("password").value = "";
  if (!reply.ok) {
    $("signin-error").textContent = reply.error.code === "bad_credentials"
      ? "用户名或密码不对。Wrong user name or password."
      : reply.error.code === "rate_limited"
        ? "失败次数太多，请 5 分钟后再试。Too many failed attempts: try again in 5 minutes."
        : problem(reply);
    return;
  }
  signedIn(reply.body);
  await showRooms({ openTheOnlyOne: true });
});

function signedIn(session) {
  staff = session;
  sessionToken = session.session_token;
}

// After a dropped connection: the same session, and the room that was open.
async function resumeSession() {
  const reply = await call("auth.staff_resume", { token: sessionToken });
  if (!reply.ok) {
    endSession("登录已过期，请重新登录。The session has ended: sign in again.");
    return;
  }
  signedIn(reply.body);
  if (room) await openRoom(room.id);
  else await showRooms({ openTheOnlyOne: true });
}

function endSession(message) {
  staff = null;
  sessionToken = null;
  room = null;
  showSignIn();
  notice(message);
}

const endedBecause = {
  inactive: "长时间无操作，已自动退出，请重新登录。Signed out after a time without activity: sign in again.",
  signed_out_everywhere: "此账号已在所有设备上退出，请重新登录。This account was signed out everywhere: sign in again.",
  account_changed: "管理员更改了此账号，请重新登录。An administrator changed this account: sign in again.",
};

// Signing out ends the session on the server, which then closes the connection.
async function signOut(everywhere) {
  await call("auth.sign_out", { everywhere });
  endSession(everywhere ? endedBecause.signed_out_everywhere : "");
}
$("sign-out").addEventListener("click", () => signOut(false));
$("sign-out-everywhere").addEventListener("click", () => signOut(true));

// A warning two minutes before the server would end an idle session; any request renews it.
setInterval(() => {
  if (!staff || !staff.idle_seconds) return;
  const left = staff.idle_seconds * 1000 - (Date.now() - lastRequest);
  const warn = left < 120_000;
  $("idle-warning").hidden = !warn;
  if (warn) $("idle-text").textContent =
    `${Math.max(0, Math.ceil(left / 1000))} 秒后因无操作退出。Signing out in ${Math.max(0, Math.ceil(left / 1000))} s without activity.`;
}, 1000);
$("stay").addEventListener("click", async () => { await call("ping"); $("idle-warning").hidden = true; });

// ---- the rooms of this account ----

// Right after sign-in an account with one sitting goes straight to it; coming back from it, the
// list stays (it holds the competition form too).
async function showRooms({ openTheOnlyOne = false } = {}) {
  room = null;
  const reply = await call("room.list");
  if (!reply.ok) { notice(problem(reply)); return showSignIn(); }
  const list = $("room-list");
  list.replaceChildren();
  // Proctors open a sitting's room, examiners its marking; administrators choose.
  const proctoring = staff.role !== "examiner";
  const open = (s) => (proctoring ? openRoom(s.id) : marking.open(s.id, s.title));
  for (const s of reply.body.sittings) {
    const first = el("button", { "data-sitting": s.id }, s.title, " ",
      el("small", {}, `${s.venue} ${s.room} · ${new Date(s.starts_at).toLocaleString()} · ${s.id}`));
    first.addEventListener("click", () => open(s));
    const item = el("li", {}, first);
    if (staff.role === "admin") {
      const marks = el("button", { "data-marking": s.id, class: "quiet" }, "评分 Marking");
      marks.addEventListener("click", () => marking.open(s.id, s.title));
      item.append(marks);
    }
    if (staff.role === "admin") {
      const manage = el("button", { "data-manage": s.id, class: "quiet" }, "考生·成绩·证书 Candidates, results, certificates");
      manage.addEventListener("click", () => centre.openSitting(s.id, s.title));
      item.append(manage);
    }
    if (staff.role !== "proctor") {
      const analyse = el("button", { "data-stats": s.id, class: "quiet" }, "试题分析 Item statistics");
      analyse.addEventListener("click", () => statistics.open(s.id, s.title));
      item.append(analyse);
    }
    list.append(item);
  }
  $("rooms-empty").hidden = reply.body.sittings.length > 0;
  $("event-form").hidden = staff.role === "proctor";
  $("open-banks").hidden = $("open-new-sitting").hidden = staff.role !== "admin";
  $("open-staff").hidden = $("open-blueprint").hidden = $("event-file-form").hidden =
    staff.role !== "admin" || !staff.scopes?.includes("*");
  show("rooms");
  if (openTheOnlyOne && reply.body.sittings.length === 1) await open(reply.body.sittings[0]);
}

const marking = markingRoom({ $, el, call, problem, show, staff: () => staff });
$("marking-back").addEventListener("click", () => showRooms());
const statistics = statisticsRoom({ $, el, call, problem, show });
$("stats-back").addEventListener("click", () => showRooms());
const competition = eventRoom({ $, el, call, problem, show, staff: () => staff });
$("event-back").addEventListener("click", () => showRooms());
const banks = bankRoom({ $, el, call, problem, show });
$("open-banks").addEventListener("click", () => banks.open());
$("banks-back").addEventListener("click", () => showRooms());
const centre = centreRoom({ $, el, call, problem, show });
$("open-new-sitting").addEventListener("click", () => centre.openNew());
$("new-sitting-back").addEventListener("click", () => showRooms());
$("sitting-admin-back").addEventListener("click", () => showRooms());
const records = staffRoom({ $, el, call, problem, show });
$("open-staff").addEventListener("click", () => records.open());
$("staff-back").addEventListener("click", () => showRooms());
const blueprint = blueprintRoom({ $, el, call, problem, show });
$("open-blueprint").addEventListener("click", () => blueprint.open());
$("blueprint-back").addEventListener("click", () => showRooms());
$("event-form").addEventListener("submit", (event) => {
  event.preventDefault();
  competition.open($("event-id").value.trim());
});

$("back").addEventListener("click", () => showRooms());

// ---- the room: seats by push ----

let room = null; // {id, seats: Map ticket -> seat, cards: Map ticket -> element, offset}
const selected = new Set();
let shown = null; // the ticket in the detail panel

const reasons = [
  ["illness", "身体不适 illness"], ["noise", "噪声 noise"], ["power_outage", "停电 power outage"],
  ["terminal_failure", "终端故障 terminal failure"], ["network", "网络故障 network"],
  ["misconduct", "违纪 misconduct"], ["identity", "身份问题 identity"],
  ["staff_error", "工作人员失误 staff error"], ["other", "其他 other"],
];
for (const [code, label] of reasons) $("reason").append(el("option", { value: code }, label));

const checkinLabel = { "": "未签到 not checked in", checked_in: "已签到 checked in", late: "迟到 late",
  no_show: "缺考 no-show", checked_out: "离场 checked out" };
const connectionLabel = { not_signed_in: "未登录 not signed in", connected: "在线 connected",
  missing: "掉线 missing", submitted: "已交卷 submitted" };
const stateLabel = { waiting: "未开始 waiting", running: "作答中 running", paused: "已暂停 paused", closed: "已结束 closed" };

async function openRoom(id) {
  const reply = await call("room.watch", { sitting_id: id });
  if (!reply.ok) { notice(problem(reply)); return; }
  const view = reply.body;
  room = { id, seats: new Map(), cards: new Map(), offset: view.server_time - Date.now() };
  pendingSeats.clear();
  selected.clear();
  shown = null;
  $("detail").hidden = true;
  $("room-title").textContent = view.sitting.title;
  $("room-facts").textContent =
    `${view.sitting.venue} · ${view.sitting.room} · ${new Date(view.sitting.starts_at).toLocaleString()} · ${view.sitting.id}`;
  $("seats").replaceChildren();
  for (const seat of view.seats) placeSeat(seat);
  counts();
  filter();
  show("room");
  await listIncidents();
}

function pushed(type, body) {
  if (type === "session.ended") endSession(endedBecause[body.reason] || `${body.reason}`);
  else if (type === "scoreboard") competition.pushed(body);
  else if (type === "certificate.progress") centre.pushed(body);
  // A room watched before still pushes its seats: only this room's are drawn.
  else if (type === "room.seat" && room && room.seats.has(body.ticket)) seatChanged(body);
}

// Seat changes are drawn together, four times a second at most: a room where every candidate
// saves every two seconds changes thirty seats a second, and each drawing costs the page a
// layout. A change still shows well within a second.
const pendingSeats = new Map();
let drawTimer = null;
let seatMarks = 0;
function seatChanged(seat) {
  pendingSeats.set(seat.ticket, seat);
  drawTimer ??= setTimeout(drawSeats, 250);
}
function drawSeats() {
  drawTimer = null;
  if (!room) return pendingSeats.clear();
  const words = filterWords();
  for (const seat of pendingSeats.values()) {
    placeSeat(seat);
    filterCard(seat.ticket, words);
    if (shown === seat.ticket) showDetail(seat.ticket);
    // How long after the change the seat shows it (read by tools/bench/console.sh); kept short.
    if (++seatMarks > 1000) { performance.clearMarks("craftmark:seat-shown"); seatMarks = 0; }
    performance.mark("craftmark:seat-shown", { detail: Date.now() + room.offset - seat.server_time });
  }
  pendingSeats.clear();
  counts();
}

function remainingOf(seat) {
  if (seat.state !== "running") return seat.remaining_ms;
  return Math.max(0, seat.deadline - (Date.now() + room.offset));
}

function clockText(ms) {
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}`;
}

/** The seat's card, made again from the seat (cheap: a card is a dozen elements). */
function placeSeat(seat) {
  room.seats.set(seat.ticket, seat);
  const marks = [];
  if (seat.hand_raised) marks.push(el("span", { class: "mark hand" }, "✋ 举手 hand"));
  if (seat.terminal_request) marks.push(el("span", { class: "mark request" }, "⇄ 换机 new terminal"));
  if (seat.focus_lost > 0) marks.push(el("span", { class: "mark focus" }, `⚠ 离开 focus lost ×${seat.focus_lost}`));
  if (seat.incidents_open > 0) marks.push(el("span", { class: "mark incident" }, `! 事件 incidents ${seat.incidents_open}`));
  if (seat.locked_until > Date.now() + room.offset) marks.push(el("span", { class: "mark locked" }, "🔒 已锁 locked"));
  const pick = el("input", { type: "checkbox", "aria-label": `选择 Select ${seat.seat} ${seat.name}`, checked: selected.has(seat.ticket) });
  pick.addEventListener("change", () => {
    if (pick.checked) selected.add(seat.ticket); else selected.delete(seat.ticket);
    selectionText();
  });
  const open = el("button", { class: "open" },
    el("span", { class: "seat-no" }, seat.seat || "—"), " ", el("span", { class: "name" }, seat.name));
  open.addEventListener("click", () => showDetail(seat.ticket));
  const left = el("span", { class: "left" }, seat.state === "waiting" ? "" : clockText(remainingOf(seat)));
  const card = el("div", {
    class: "card", role: "listitem", "data-ticket": seat.ticket,
    "data-connection": seat.connection, "data-state": seat.state, "data-checkin": seat.checkin,
    "data-alert": marks.length > 0 || seat.connection === "missing",
  },
  el("div", { class: "top" }, pick, open),
  el("div", { class: "ticket" }, seat.ticket),
  el("div", { class: "line" }, connectionLabel[seat.connection] || seat.connection, " · ",
    seat.state === "closed" ? (seat.close_reason || stateLabel.closed) : stateLabel[seat.state] || seat.state),
  el("div", { class: "checkin" }, checkinLabel[seat.checkin] ?? seat.checkin),
  el("div", { class: "progress" }, `${seat.answered}/${seat.total} `, left),
  ...marks);
  const old = room.cards.get(seat.ticket);
  if (old) old.replaceWith(card); else $("seats").append(card);
  room.cards.set(seat.ticket, card);
}

function counts() {
  const all = [...room.seats.values()];
  const n = (test) => all.filter(test).length;
  $("room-counts").textContent =
    `${all.length} 人 candidates · 签到 checked in ${n((s) => s.checkin === "checked_in" || s.checkin === "late")} · ` +
    `在线 connected ${n((s) => s.connection === "connected")} · 掉线 missing ${n((s) => s.connection === "missing")} · ` +
    `交卷 submitted ${n((s) => s.connection === "submitted")} · 举手 hands ${n((s) => s.hand_raised)}`;
}

// The countdowns move between pushes; only their text changes.
setInterval(() => {
  if (!room) return;
  for (const [ticket, seat] of room.seats)
    if (seat.state === "running") room.cards.get(ticket).querySelector(".left").textContent = clockText(remainingOf(seat));
}, 1000);

const filterWords = () => $("filter").value.trim().toLowerCase();
function filterCard(ticket, words) {
  const seat = room.seats.get(ticket);
  room.cards.get(ticket).hidden = words !== "" && !`${seat.ticket} ${seat.name} ${seat.seat}`.toLowerCase().includes(words);
}
function filter() {
  const words = filterWords();
  for (const ticket of room.cards.keys()) filterCard(ticket, words);
}
$("filter").addEventListener("input", filter);

function selectionText() {
  $("selection").textContent = selected.size ? `已选 ${selected.size} 人 selected` : "未选：对全场 none selected: the whole room";
}
$("select-all").addEventListener("change", () => {
  for (const [ticket, card] of room.cards) if (!card.hidden) {
    if ($("select-all").checked) selected.add(ticket); else selected.delete(ticket);
    card.querySelector("input[type=checkbox]").checked = $("select-all").checked;
  }
  selectionText();
});

// ---- clock controls on the selection or the room ----

for (const button of document.querySelectorAll("[data-control]")) {
  button.addEventListener("click", async () => {
    const type = button.dataset.control;
    const tickets = [...selected];
    const whom = tickets.length ? `${tickets.length} 人 candidates` : "全场 the whole room";
    if (!tickets.length && !confirm(`${button.textContent}: ${whom}?`)) return;
    const body = { sitting_id: room.id, reason: $("reason").value, comment: $("comment").value };
    if (tickets.length) body.tickets = tickets;
    if (type === "attempt.extra_time" || type === "attempt.reopen") body.minutes = Number($("minutes").value);
    const reply = await call(type, body);
    $("control-result").textContent = reply.ok
      ? `${button.textContent}: 已执行 applied ${reply.body.applied.length}` +
        (reply.body.skipped.length ? ` · 未执行 skipped ${reply.body.skipped.map((s) => `${s.ticket} (${s.why})`).join(", ")}` : "") +
        (reply.body.unknown.length ? ` · 不在本场 unknown ${reply.body.unknown.join(", ")}` : "")
      : problem(reply);
  });
}
$("controls").addEventListener("submit", (event) => event.preventDefault());

$("announce-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const reply = await call("room.announce", { sitting_id: room.id, text: $("announce-text").value });
  $("control-result").textContent = reply.ok ? "通知已发布 Announced" : problem(reply);
  if (reply.ok) $("announce-text").value = "";
});

// ---- one candidate ----

function showDetail(ticket) {
  const seat = room.seats.get(ticket);
  if (shown !== ticket) {
    $("checkin-result").hidden = true;
    $("detail-result").textContent = "";
  }
  shown = ticket;
  $("detail").hidden = false;
  $("detail-name").textContent = `${seat.seat} ${seat.name}`;
  const facts = [["准考证号 Ticket", seat.ticket], ["签到 Check-in", checkinLabel[seat.checkin] ?? seat.checkin],
    ["连接 Connection", connectionLabel[seat.connection] || seat.connection],
    ["作答 Answered", `${seat.answered}/${seat.total}`],
    ["剩余 Time left", seat.state === "waiting" ? "—" : clockText(remainingOf(seat))]];
  $("detail-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("approve").hidden = !seat.terminal_request;
}
$("detail-close").addEventListener("click", () => { shown = null; $("detail").hidden = true; });

const result = (reply, done) => { $("detail-result").textContent = reply.ok ? done : problem(reply); };

for (const button of document.querySelectorAll("[data-checkin]")) {
  button.addEventListener("click", async () => {
    const reply = await call("candidate.check_in", { ticket: shown, state: button.dataset.checkin });
    result(reply, `${button.textContent} ✓`);
    if (!reply.ok) return;
    $("checkin-result").hidden = false;
    $("checkin-id").textContent = `${reply.body.name} · ${reply.body.national_id}`;
    $("access-code").textContent = reply.body.access_code || "—";
    const photo = $("checkin-photo");
    photo.hidden = true;
    if (photo.src) URL.revokeObjectURL(photo.src);
    photo.removeAttribute("src");
    if (!reply.body.photo) return;
    const got = await call("candidate.photo", { ticket: reply.body.ticket });
    if (!got.ok || !got.body.data) return;
    const bytes = Uint8Array.from(atob(got.body.data.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    photo.src = URL.createObjectURL(new Blob([bytes], { type: got.body.media_type }));
    photo.hidden = false;
  });
}

$("unlock").addEventListener("click", async () => {
  const reply = await call("candidate.unlock", { ticket: shown, reason: $("reason").value });
  result(reply, reply.ok && reply.body.was_locked ? "已解锁 Unlocked" : "未被锁定 It was not locked");
});

$("approve").addEventListener("click", async () => {
  const reply = await call("terminal.approve", { ticket: shown, reason: $("reason").value });
  result(reply, reply.ok ? `已批准 Approved: ${reply.body.terminal || "下一台 the next terminal"}` : "");
});

$("message-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const reply = await call("candidate.message", { ticket: shown, text: $("message-text").value });
  result(reply, "私信已发送 Message sent");
  if (reply.ok) $("message-text").value = "";
});

// ---- incidents ----

$("incident-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const reply = await call("incident.open", { sitting_id: room.id, category: $("incident-category").value,
    tickets: [shown], description: $("incident-text").value });
  result(reply, "事件已记录 Incident recorded");
  if (reply.ok) { $("incident-text").value = ""; await listIncidents(); }
});

async function listIncidents() {
  const reply = await call("incident.list", { sitting_id: room.id });
  if (!reply.ok) return;
  const categories = $("incident-category");
  if (!categories.options.length)
    for (const c of reply.body.categories) categories.append(el("option", { value: c }, c));
  $("incidents").replaceChildren(...reply.body.incidents.map((i) => {
    const item = el("li", { "data-incident": i.id, "data-open": !i.closed_at },
      el("strong", {}, `#${i.id} ${i.category}`), ` ${i.tickets.join(", ")} · ${i.description} · ${i.opened_by} `,
      i.closed_at ? el("em", {}, `已处理 closed: ${i.resolution}`) : null);
    if (!i.closed_at) {
      const resolution = el("input", { maxlength: 2000, required: true, placeholder: "处理结果 Resolution", "aria-label": `处理结果 Resolution of #${i.id}` });
      const form = el("form", { class: "inline" }, resolution, el("button", { type: "submit" }, "结案 Close"));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const closed = await call("incident.close", { sitting_id: room.id, id: i.id, resolution: resolution.value });
        if (closed.ok) await listIncidents(); else $("control-result").textContent = problem(closed);
      });
      item.append(form);
    }
    return item;
  }));
}

selectionText();
connect();
