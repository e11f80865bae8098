// The staff console's marking room: an examiner's queue of works (by code, never by candidate),
// the marking form per aspect, and the chief examiner's lock, over the marking.* messages
// (docs/protocol.md, "Marking practical work"). Like the rest of the console it puts what the
// server sends on the page only as text: answers, comments and file names come from people.

/** The marking room over the console's connection: `ui` brings its helpers ($, el, call,
 *  problem, show) and the signed-in account (`staff()`). */
export function markingRoom(ui) {
  const { $, el, call, problem } = ui;
  let sitting = null; // the sitting whose works are shown
  let work = null; // the form of the work open (marking.work's reply)

  const stateNames = {
    open: "待评 open", marked: "已评完 marked", locked: "已锁定 locked",
  };
  const checkNames = {
    ok: "通过检查 ran", failed: "检查失败 failed", timed_out: "超时 timed out",
    bad_output: "输出无效 bad output", unavailable: "不可用 unavailable", none: "—",
  };

  async function open(sittingId, title) {
    sitting = sittingId;
    work = null;
    $("marking-title").textContent = title;
    $("work").hidden = true;
    ui.show("marking");
    await refreshQueue();
  }

  async function refreshQueue() {
    const reply = await call("marking.queue", { sitting_id: sitting });
    if (!reply.ok) { $("queue-problem").textContent = problem(reply); return; }
    $("queue-problem").textContent = "";
    const rows = reply.body.works.map((w) => {
      const openButton = el("button", { class: "quiet", "data-code": w.code }, w.code);
      openButton.addEventListener("click", () => openWork(w.code));
      const row = el("tr", { "data-code": w.code, "aria-current": work && work.code === w.code ? "true" : null },
        el("td", {}, openButton), el("td", {}, w.task),
        el("td", {}, (stateNames[w.state] || w.state) + (w.round > 1 ? ` · 第 ${w.round} 轮 round ${w.round}` : "")),
        el("td", {}, checkNames[w.checker] || w.checker),
        el("td", { class: "number" }, w.pending ?? "—"),
        el("td", { class: w.reconcile ? "number warn" : "number" }, w.reconcile ?? "—"));
      return row;
    });
    $("queue-rows").replaceChildren(...rows);
    $("queue-empty").hidden = rows.length > 0;
  }

  async function openWork(code) {
    const reply = await call("marking.work", { sitting_id: sitting, code });
    if (!reply.ok) { $("queue-problem").textContent = problem(reply); return; }
    work = reply.body;
    $("work-result").textContent = "";
    render();
    $("work").hidden = false;
    await refreshQueue();
  }

  // ---- the work's form ----

  function render() {
    $("work-title").textContent = `${work.code} · ${work.task.title || work.task.id}`;
    $("work-state").textContent = stateNames[work.state] || work.state;
    $("work-answer").hidden = work.task.answer === undefined;
    $("work-answer-text").textContent = work.task.answer ?? "";
    $("work-files").replaceChildren(...work.files.map(fileLine));
    $("work-check").replaceChildren(...checkReport(work.checker));
    const locked = work.state === "locked";
    $("work-form").replaceChildren(
      ...work.scheme.criteria.map((c) => el("fieldset", { class: "criterion" },
        el("legend", {}, `${c.code} ${c.name} (${c.maxMarks} 分 marks)`),
        ...c.aspects.map((a) => aspectForm(a, locked)))),
      ...work.scheme.veto.map((v) => vetoForm(v, locked)),
      ...(work.scheme.overtime ? [overtimeForm(locked)] : []));
    showScore();
    const staff = ui.staff();
    $("work-lock").hidden = locked || !(staff.role === "admin" || staff.scopes.includes("chief"));
  }

  function showScore() {
    const s = work.score;
    const parts = [`合计 Total ${s.total}${s.max !== undefined ? ` / ${s.max}` : ""}`];
    if (s.vetoed) parts.push("否决项 vetoed: 0");
    if (s.overtimeDeduction) parts.push(`超时扣分 overtime −${s.overtimeDeduction}`);
    const pending = Object.entries(s.aspects).filter(([, a]) => a.state === "pending").length;
    const reconcile = Object.entries(s.aspects).filter(([, a]) => a.state === "reconcile").map(([code]) => code);
    parts.push(s.complete ? "已评完 complete" : `待录入 pending ${pending}`);
    if (reconcile.length) parts.push(`待协调 to reconcile: ${reconcile.join(", ")}`);
    $("work-score").textContent = parts.join(" · ");
  }

  /** One aspect: what it is, its mark so far, the entries this examiner may see, and the input. */
  function aspectForm(a, locked) {
    const marks = work.marks[a.code] || { mine: null };
    const score = work.score.aspects[a.code] || { mark: 0, state: "pending" };
    const box = el("div", { class: `aspect ${score.state}`, "data-aspect": a.code });
    box.append(el("h3", {}, `${a.code} `, el("span", {}, a.description),
      el("small", {}, ` · ${score.mark} / ${a.maxMark} · ${aspectState(score.state)}`)));
    box.append(...seenEntries(a, marks));
    const form = el("form", { class: "entry" });
    const fields = entryFields(a, marks);
    form.append(...fields.elements);
    const comment = el("input", { name: "comment", maxlength: "500", placeholder: "备注 Comment", "aria-label": `${a.code} 备注 Comment` });
    const said = el("span", { class: "problem", role: "alert" });
    form.append(comment, el("button", { type: "submit", disabled: locked }, "记录 Enter"), said);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const entry = fields.entry();
      if (!entry) { said.textContent = "请先选择或填写。Choose or fill in first."; return; }
      enter(a.code, entry, comment.value, said);
    });
    box.append(form);
    return box;
  }

  function aspectState(state) {
    return { marked: "已评 marked", pending: "待录入 pending", reconcile: "待协调 reconcile" }[state] || state;
  }

  /** The entries this examiner is shown: their own, the judges' scores once all have entered,
   *  a measurement's latest entry and who made it. */
  function seenEntries(a, marks) {
    const out = [];
    if (a.type === "judgement") {
      out.push(el("p", { class: "seen" }, `评委 Judges: ${marks.entered ?? 0} / ${marks.of ?? a.judges ?? "?"} 已录入 entered` +
        (marks.mine !== null && marks.mine !== undefined ? ` · 我的 mine: ${marks.mine.score}` : "")));
      if (marks.scores)
        out.push(el("p", { class: "seen" }, "各评委 Scores: " +
          Object.entries(marks.scores).map(([judge, s]) => `${judge} ${s.score ?? JSON.stringify(s)}`).join(" · ")));
      else if ((marks.entered ?? 0) > 0)
        out.push(el("p", { class: "seen hint" }, "其他评委的分数在全部录入后显示。Other judges' scores show once all have entered."));
    } else if (marks.entry) {
      out.push(el("p", { class: "seen" }, `已录入 Entered: ${describeEntry(marks.entry)} · ${marks.by === "checker" ? "自动检查 the automatic check" : marks.by}`));
    }
    return out;
  }

  function describeEntry(entry) {
    if ("met" in entry) return entry.met ? "达到 met" : "未达到 not met";
    if ("value" in entry) return String(entry.value);
    if ("faults" in entry) return Object.entries(entry.faults).map(([id, n]) => `${id}×${n}`).join(" ") || "无扣分 no faults";
    if ("score" in entry) return String(entry.score);
    return JSON.stringify(entry);
  }

  /** The inputs for an aspect's entry, by its type and rule, and how to read them back. */
  function entryFields(a, marks) {
    const mine = marks.mine || marks.entry || null;
    const name = `entry-${a.code}`;
    if (a.type === "judgement") {
      const group = el("div", { role: "radiogroup", "aria-label": `${a.code} 评分 Score`, class: "scale" });
      for (let n = 0; n <= 3; ++n)
        group.append(el("label", {},
          el("input", { type: "radio", name, value: String(n), checked: mine && mine.score === n }),
          ` ${n} — ${a.scale[n] ?? ""}`));
      return { elements: [group], entry: () => picked(group, (v) => ({ score: Number(v) })) };
    }
    if (a.rule === "deductions") {
      const inputs = a.deductions.map((d) => el("input", {
        type: "number", min: "0", max: "99", step: "1", value: String(mine?.faults?.[d.id] ?? 0),
        "data-fault": d.id, "aria-label": `${d.text} (−${d.amount})`,
      }));
      const rows = a.deductions.map((d, i) => el("label", { class: "fault" }, inputs[i], ` ${d.text} (−${d.amount})`));
      return {
        elements: rows,
        entry: () => ({ faults: Object.fromEntries(inputs.map((i) => [i.dataset.fault, Number(i.value) || 0]).filter(([, n]) => n > 0)) }),
      };
    }
    if (a.rule === "bands") {
      const input = el("input", { type: "number", step: "any", value: mine?.value ?? "", "aria-label": `${a.code} 测量值 Measured (${a.unit})` });
      return {
        elements: [el("label", { class: "inline" }, `测量值 Measured (${a.nominal} ${a.unit})`, input)],
        entry: () => (input.value === "" ? null : { value: Number(input.value) }),
      };
    }
    const group = el("div", { role: "radiogroup", "aria-label": `${a.code} 是否达到 Met`, class: "scale" },
      el("label", {}, el("input", { type: "radio", name, value: "yes", checked: mine && mine.met === true }), " 达到 met"),
      el("label", {}, el("input", { type: "radio", name, value: "no", checked: mine && mine.met === false }), " 未达到 not met"));
    return { elements: [group], entry: () => picked(group, (v) => ({ met: v === "yes" })) };
  }

  function picked(group, entryOf) {
    const chosen = group.querySelector("input:checked");
    return chosen ? entryOf(chosen.value) : null;
  }

  function vetoForm(v, locked) {
    const marks = work.marks[`veto:${v.id}`];
    const happened = el("input", { type: "checkbox", checked: marks?.entry?.happened === true });
    const said = el("span", { class: "problem", role: "alert" });
    const form = el("form", { class: "entry veto", "data-aspect": `veto:${v.id}` },
      el("label", { class: "inline" }, happened, ` 否决项 Veto: ${v.text}`),
      el("button", { type: "submit", disabled: locked }, "记录 Enter"), said);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      enter(`veto:${v.id}`, { happened: happened.checked }, "", said);
    });
    return form;
  }

  function overtimeForm(locked) {
    const minutes = el("input", { type: "number", min: "0", step: "1", value: String(work.marks.overtime?.entry?.minutes ?? 0) });
    const said = el("span", { class: "problem", role: "alert" });
    const form = el("form", { class: "entry", "data-aspect": "overtime" },
      el("label", { class: "inline" }, "超时分钟 Overtime minutes", minutes),
      el("button", { type: "submit", disabled: locked }, "记录 Enter"), said);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      enter("overtime", { minutes: Number(minutes.value) || 0 }, "", said);
    });
    return form;
  }

  async function enter(aspect, entry, comment, said) {
    said.textContent = "";
    const body = { sitting_id: sitting, code: work.code, aspect, entry };
    if (comment) body.comment = comment;
    const reply = await call("marking.enter", body);
    if (!reply.ok) { said.textContent = problem(reply); return; }
    await openWork(work.code); // the judges' scores may show now, and the queue's counts move
  }

  $("work-lock").addEventListener("click", async () => {
    const reply = await call("marking.lock", { sitting_id: sitting, code: work.code });
    if (!reply.ok) {
      $("work-result").textContent = reply.error.code === "invalid_field"
        ? `不能锁定 Cannot lock: ${reply.error.message}` : problem(reply);
      return;
    }
    await openWork(work.code);
    $("work-result").textContent = "";
    $("work-state").textContent = `${stateNames.locked} · ${reply.body.score.total}`;
  });

  $("queue-refresh").addEventListener("click", () => refreshQueue());

  // ---- the work's files and its automatic check ----

  function fileLine(f) {
    const save = el("button", { class: "quiet" }, "下载 Download");
    const said = el("span", { role: "status" });
    save.addEventListener("click", () => download(f, said));
    return el("li", {}, el("span", { class: "file-name" }, f.name), ` · ${f.size} B · `, save, " ", said);
  }

  /** Fetches the file piece by piece, checks its SHA-256 and hands it to the browser to save. */
  async function download(f, said) {
    const pieces = [];
    let offset = 0;
    for (;;) {
      const reply = await call("marking.file", { sitting_id: sitting, code: work.code, name: f.name, offset });
      if (!reply.ok) { said.textContent = problem(reply); return; }
      const bytes = fromBase64url(reply.body.data);
      pieces.push(bytes);
      offset += bytes.length;
      said.textContent = `${Math.round((100 * offset) / Math.max(1, f.size))} %`;
      if (reply.body.last) break;
    }
    const blob = new Blob(pieces);
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()))]
      .map((b) => b.toString(16).padStart(2, "0")).join("");
    if (digest !== f.sha256) { said.textContent = "校验失败 SHA-256 does not match"; return; }
    const link = el("a", { href: URL.createObjectURL(blob), download: f.name });
    link.click();
    said.textContent = "已校验 SHA-256 ok";
  }

  function checkReport(check) {
    if (!check) return [];
    const out = [el("p", {}, `自动检查 Automatic check: ${checkNames[check.status] || check.status}`,
      check.message ? ` — ${check.message}` : "")];
    if (check.problems?.length) out.push(el("ul", {}, ...check.problems.map((p) => el("li", {}, p))));
    if (check.diagnostics) out.push(el("pre", { class: "diagnostics" }, check.diagnostics));
    return out;
  }

  return { open };
}

function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
