// The practical component in the browser (loaded before exam.js, whose connection, journal and
// clock it uses): each task's sheet, its attachments and its hand-in rules, and the files the
// candidate hands in, uploaded in chunks that resume where the server's copy ends (docs/protocol.md,
// "Uploads"). A chosen file is kept in IndexedDB with the unsent answers until its receipt
// arrives, so a dropped network, a reload or a reopened browser carries on with it.
"use strict";

let tasks = []; // the paper's tasks
let currentTask = 0;
const uploads = new Map(); // "task/name" -> {task, name, size, sha256, blob, received, state, message, receipt}

function openPractical(paper) {
  tasks = paper.tasks;
  uploads.clear();
  for (const r of paper.receipts || [])
    uploads.set(`${r.task}/${r.name}`, { ...r, received: r.size, state: "received", receipt: r });
  show("practical");
  renderTask();
  journalDo("readonly", (s) => s.getAll(), "uploads").then((kept) => {
    for (const u of kept) {
      if (u.ticket !== session.candidate.ticket) continue;
      const known = uploads.get(`${u.task}/${u.name}`);
      if (known && known.sha256 === u.sha256 && known.state === "received") {
        forgetUpload(u); // received before the page learnt it
        continue;
      }
      uploads.set(`${u.task}/${u.name}`, { ...u, received: 0, state: "waiting" });
    }
    renderTask();
    pumpUploads();
  });
}

const megabytes = (bytes) => (bytes / (1 << 20)).toFixed(bytes < (1 << 20) ? 2 : 1);

function renderTask() {
  const tabs = $("task-tabs");
  tabs.replaceChildren(...tasks.map((t, index) => {
    const b = document.createElement("button");
    b.textContent = `${index + 1}. ${t.title}`;
    b.className = index === currentTask ? "current" : "";
    b.onclick = () => { currentTask = index; renderTask(); };
    return b;
  }));
  const task = tasks[currentTask];
  const box = $("task");
  box.replaceChildren();
  box.dataset.task = task.id;
  const head = document.createElement("h2");
  head.textContent = `${task.title}（限时 ${task.durationMinutes} 分钟 minutes）`;
  const sheet = document.createElement("div");
  sheet.className = "stem plain";
  sheet.append(...typeset(task.sheet || ""));
  box.append(head, sheet);
  if (task.attachments && task.attachments.length) {
    const p = document.createElement("p");
    p.className = "attachments";
    p.textContent = `附件 Attachments: ${task.attachments.join(", ")}（由考场发放 handed out in the room）`;
    box.append(p);
  }
  const rules = task.handIn || {};
  const handIn = document.createElement("div");
  handIn.className = "hand-in";
  if (!rules.files) {
    handIn.textContent = "本任务为现场操作，无需上传文件 Observed work: nothing to upload";
    box.append(handIn);
    return;
  }
  const limits = document.createElement("p");
  limits.textContent = `上交 Hand in: ${(rules.types || []).join(" ") || "任意类型 any type"} · ` +
    `每个不超过 ${rules.maxMegabytes} MB each · 最多 ${rules.maxFiles} 个文件 files at most`;
  const picker = document.createElement("label");
  picker.className = "picker";
  const input = document.createElement("input");
  input.type = "file";
  input.multiple = true;
  if (rules.types && rules.types.length) input.accept = rules.types.join(",");
  input.onchange = () => { for (const file of input.files) choose(task, file); input.value = ""; };
  picker.append("选择文件上传 Choose files to hand in ", input);
  const list = document.createElement("ul");
  list.id = "files";
  for (const u of uploads.values()) if (u.task === task.id) list.append(fileRow(u));
  handIn.append(limits, picker, list);
  box.append(handIn);
}

function fileRow(u) {
  const li = document.createElement("li");
  li.dataset.name = u.name;
  li.dataset.state = u.state;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = `${u.name} (${megabytes(u.size)} MB)`;
  const state = document.createElement("span");
  state.className = "state";
  if (u.state === "received") {
    state.textContent = `已收到 Received · SHA-256 ${u.receipt.sha256.slice(0, 16)}… · ` +
      new Date(u.receipt.received_at).toLocaleTimeString();
  } else if (u.state === "refused") {
    state.textContent = `未能上传 Not accepted: ${u.message}`;
  } else {
    const bar = document.createElement("progress");
    bar.max = u.size || 1;
    bar.value = u.received;
    state.append(bar, u.state === "sending" ? " 上传中 Uploading…" : " 等待上传 Waiting to upload" +
      (u.message ? ` (${u.message})` : ""));
  }
  li.append(name, state);
  return li;
}

function renderFiles() {
  if (!$("practical").hidden && tasks.length) renderTask();
}

// A chosen file: checked against the task's rules here (so a wrong or huge file is not read),
// fingerprinted, journalled with its bytes, then sent.
async function choose(task, file) {
  const rules = task.handIn;
  const type = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".")).toLowerCase() : "";
  if (rules.types && rules.types.length && !rules.types.includes(type))
    return notice(`${file.name}: 本任务不接受此类型 this task does not take ${type || "files without a type"}`);
  if (file.size > rules.maxMegabytes * (1 << 20))
    return notice(`${file.name}: 文件过大 larger than ${rules.maxMegabytes} MB`);
  const blob = new Blob([await file.arrayBuffer()]); // a copy: the original may change on disk
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  const u = {
    key: `${session.candidate.ticket}/${task.id}/${file.name}`, ticket: session.candidate.ticket,
    task: task.id, name: file.name, size: blob.size, blob,
    sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
  };
  await journalDo("readwrite", (s) => s.put(u), "uploads"); // kept here before it leaves
  uploads.set(`${u.task}/${u.name}`, { ...u, received: 0, state: "waiting" });
  renderFiles();
  pumpUploads();
}

const forgetUpload = (u) =>
  journalDo("readwrite", (s) => s.delete(`${session.candidate.ticket}/${u.task}/${u.name}`), "uploads");

let pumping = false;
// Sends the waiting files one after another; stops at the first that cannot go now (offline,
// paused): the next connection or the resume starts it again.
async function pumpUploads() {
  if (pumping) return;
  pumping = true;
  try {
    for (const u of uploads.values())
      if (u.state === "waiting" && !(await sendFile(u))) break;
  } finally {
    pumping = false;
  }
}

// One file, from where the server's copy ends. Returns false if it must wait to be sent again.
async function sendFile(u, tries = 3) {
  u.state = "sending";
  u.message = "";
  renderFiles();
  const begun = await call("upload.begin", { task: u.task, name: u.name, size: u.size, sha256: u.sha256 });
  if (!begun.ok) return uploadProblem(u, begun.error);
  if (begun.body.complete) return uploadDone(u, begun.body.receipt);
  const { upload, chunk } = begun.body;
  let received = begun.body.received;
  while (received < u.size) {
    u.received = received;
    renderFiles();
    const bytes = new Uint8Array(await u.blob.slice(received, received + chunk).arrayBuffer());
    const reply = await callChunk(upload, received, bytes);
    if (!reply.ok && reply.error.code === "upload_offset" && tries > 0) return sendFile(u, tries - 1);
    if (!reply.ok) return uploadProblem(u, reply.error);
    received = reply.body.received;
  }
  u.received = received;
  const done = await call("upload.finish", { upload });
  if (!done.ok) return uploadProblem(u, done.error);
  return uploadDone(u, done.body.receipt);
}

async function uploadDone(u, receipt) {
  await forgetUpload(u);
  Object.assign(u, { state: "received", receipt, received: u.size, blob: null });
  renderFiles();
  return true;
}

async function uploadProblem(u, error) {
  if (["offline", "attempt_paused", "storage_failed"].includes(error.code)) {
    u.state = "waiting"; // kept in the journal: tried again on the next connection or resume
    u.message = error.code === "attempt_paused" ? "考试暂停 paused" : "离线 offline";
    renderFiles();
    return false;
  }
  await forgetUpload(u); // refused for good: sending it again would be refused again
  Object.assign(u, { state: "refused", message: error.message || error.code, blob: null });
  renderFiles();
  return true;
}

// What handing in leaves behind: files chosen whose receipt has not come.
const filesNotReceived = () => [...uploads.values()].filter((u) => u.state === "waiting" || u.state === "sending");
