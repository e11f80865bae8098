// The centre's daily work in the staff console (administrators): a sitting scheduled from the
// assessments defined (sitting.create); its candidates registered from the clerk's CSV or Excel
// file, every row in error shown by its number before anyone is registered (sitting.register);
// its results saved as Excel, CSV or JSON (results.export); its certificates issued with a
// progress bar, listed, revoked, suspended and reinstated (certificate.*). Names and messages
// come from files people made: text only.

/** Base64 of a file's bytes, for a message (the protocol carries files so). */
export async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The JSON document in a file the user picked; a bilingual Error naming the file when it is
 *  not JSON. */
export async function jsonOf(file) {
  try {
    return JSON.parse(await file.text());
  } catch (e) {
    throw new Error(`${file.name} 不是有效的 JSON is not valid JSON: ${e.message}`);
  }
}

/** Offers the browser's "save" for a file a reply carried. */
function save(file) {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** "2026-12-06T09:00" for a datetime-local input, in this machine's time. */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const statusNames = { active: "有效 active", revoked: "已撤销 revoked", suspended: "已暂停 suspended" };

/** The centre's views over the console's connection (`ui`: $, el, call, problem, show). */
export function centreRoom(ui) {
  const { $, el, call, problem } = ui;
  let sitting = null; // the sitting open in "sitting-admin"
  let roster = null; // its last previewed roster: {file, report}
  let changing = null; // the certificate whose state is being changed

  // ---- a new sitting ----

  async function openNew() {
    $("sitting-form").reset();
    $("sitting-problem").textContent = $("sitting-result").textContent = "";
    $("sitting-start").value = localInputValue(new Date(Date.now() + 15 * 60000));
    ui.show("new-sitting");
    const reply = await call("assessment.list");
    if (!reply.ok) { $("sitting-problem").textContent = problem(reply); return; }
    $("sitting-assessment").replaceChildren(...reply.body.assessments.map((a) => el("option", { value: a.id },
      `${a.title} · ${a.id} · ${a.component === "practical" ? "实操 practical" : "理论 theory"} · ${a.minutes} min`)));
    if (reply.body.assessments.length === 0)
      $("sitting-problem").textContent = "还没有考试定义 No assessment is defined yet (craftmark assessment add).";
  }

  $("sitting-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("sitting-problem").textContent = $("sitting-result").textContent = "";
    const body = {
      sitting_id: $("sitting-id").value.trim(), assessment: $("sitting-assessment").value,
      title: $("sitting-title").value.trim(), venue: $("sitting-venue").value.trim(),
      room: $("sitting-room").value.trim(), starts_at: new Date($("sitting-start").value).getTime(),
      duration_minutes: Number($("sitting-minutes").value || 0),
      checkin: $("sitting-checkin").value, delivery: $("sitting-delivery").value,
    };
    const reply = await call("sitting.create", body);
    if (!reply.ok) { $("sitting-problem").textContent = problem(reply); return; }
    const created = reply.body;
    $("sitting-result").textContent = `已创建 Created ${created.sitting_id}, ` +
      `${new Date(created.starts_at).toLocaleString()}; ` +
      (created.codes_at === "registration" ? "登记时发准入码 codes at registration" : "签到时发准入码 codes at check-in") +
      (created.figures > 0 && body.delivery !== "browser"
        ? `; 注意：题目含 ${created.figures} 幅图，终端只显示图名 note: ${created.figures} figure(s), which terminals only name`
        : "");
  });

  // ---- one sitting: candidates, results, certificates ----

  function openSitting(id, title) {
    sitting = id;
    roster = null;
    changing = null;
    $("sitting-admin-title").textContent = `${title} (${id})`;
    $("roster-form").reset();
    for (const id of ["roster-summary", "roster-problem", "export-result", "certificates-result",
      "certificates-problem"]) $(id).textContent = "";
    $("certificates-refused").replaceChildren();
    $("roster-problems").hidden = $("roster-preview").hidden = $("status-form").hidden = true;
    $("certificates-progress").hidden = true;
    $("roster-register").disabled = true;
    ui.show("sitting-admin");
    listCertificates();
  }

  async function sendRoster(dryRun) {
    const file = $("roster-file").files[0];
    if (!file) return null;
    return call("sitting.register", {
      sitting_id: sitting, name: file.name, data: await base64Of(file),
      sheet: $("roster-sheet").value.trim(), encoding: $("roster-encoding").value, dry_run: dryRun,
    });
  }

  function showRoster(report) {
    const unit = report.unit === "row" ? "行 row" : "行 line";
    $("roster-summary").textContent = `${report.candidates} 名考生 candidates · ` +
      `${report.problems.length} 行有问题 ${report.problems.length === 1 ? "row" : "rows"} in error` +
      (report.registered ? ` · 已登记 Registered ${report.candidates}` : "");
    $("roster-problem-rows").replaceChildren(...report.problems.map((p) => el("tr", { class: "error" },
      el("td", { class: "number", title: unit }, String(p.row)), el("td", {}, p.message))));
    $("roster-problems").hidden = report.problems.length === 0;
    $("roster-preview-rows").replaceChildren(...report.preview.map((c) => el("tr", {},
      el("td", { class: "number" }, String(c.row)), el("td", {}, c.ticket), el("td", {}, c.name),
      el("td", {}, c.seat), el("td", {}, c.organisation))));
    $("roster-preview").hidden = report.preview.length === 0;
  }

  $("roster-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("roster-problem").textContent = $("roster-summary").textContent = "";
    $("roster-register").disabled = true;
    const reply = await sendRoster(true);
    if (!reply) return;
    if (!reply.ok) {
      $("roster-problem").textContent = problem(reply);
      $("roster-problems").hidden = $("roster-preview").hidden = true;
      return;
    }
    roster = reply.body;
    showRoster(roster);
    // No one is registered until every row is right.
    $("roster-register").disabled = roster.problems.length > 0;
  });

  $("roster-file").addEventListener("change", () => { $("roster-register").disabled = true; });

  $("roster-register").addEventListener("click", async () => {
    $("roster-register").disabled = true;
    const reply = await sendRoster(false);
    if (!reply) return;
    if (!reply.ok) { $("roster-problem").textContent = problem(reply); return; }
    showRoster(reply.body);
    $("roster-problem").textContent = "";
    $("roster-summary").textContent += reply.body.codes_at === "registration"
      ? " · 准入码已发放 access codes issued (craftmark sitting codes)"
      : " · 准入码在签到时发放 access codes are issued at check-in";
  });

  $("export-results").addEventListener("click", async () => {
    $("export-result").textContent = "";
    const reply = await call("results.export", { sitting_id: sitting, format: $("export-format").value });
    if (!reply.ok) { $("export-result").textContent = problem(reply); return; }
    save(reply.body);
    $("export-result").textContent = `已导出 Exported ${reply.body.rows} 名考生 candidates: ${reply.body.name}`;
  });

  // Pushed while certificates are signed: the bar moves.
  function pushed(body) {
    if (body.sitting_id !== sitting) return;
    const bar = $("certificates-progress");
    bar.max = Math.max(1, body.total);
    bar.value = body.done;
    $("certificates-result").textContent = `签发中 Signing ${body.done}/${body.total}…`;
  }

  $("certificates-issue").addEventListener("click", async () => {
    const button = $("certificates-issue");
    button.disabled = true;
    $("certificates-problem").textContent = "";
    $("certificates-refused").replaceChildren();
    $("certificates-progress").hidden = false;
    $("certificates-progress").value = 0;
    const reply = await call("certificate.issue", { sitting_id: sitting });
    button.disabled = false;
    if (!reply.ok) {
      $("certificates-progress").hidden = true;
      $("certificates-result").textContent = "";
      $("certificates-problem").textContent = problem(reply);
      return;
    }
    const r = reply.body;
    $("certificates-progress").value = $("certificates-progress").max;
    $("certificates-result").textContent = `已签发 Issued ${r.issued}` +
      (r.already_issued ? ` · 此前已签发 already issued ${r.already_issued}` : "") +
      (r.refused.length ? ` · 未签发 not issued ${r.refused.length}` : "");
    $("certificates-refused").replaceChildren(...r.refused.map((why) => el("li", {}, why)));
    listCertificates();
  });

  async function listCertificates() {
    const reply = await call("certificate.list", { sitting_id: sitting });
    if (!reply.ok) { $("certificates-problem").textContent = problem(reply); return; }
    const rows = reply.body.certificates.map((c) => {
      const change = el("button", { type: "button", class: "quiet", "data-certificate": c.number },
        "更改 Change");
      change.addEventListener("click", () => {
        changing = c.number;
        $("status-certificate").textContent = `${c.number} · ${c.name}`;
        $("status-form").hidden = false;
        $("status-reason").focus();
      });
      return el("tr", { "data-certificate": c.number, "data-status": c.status },
        el("td", {}, c.number), el("td", {}, c.ticket), el("td", {}, c.name),
        el("td", {}, statusNames[c.status] || c.status),
        el("td", {}, el("a", { href: c.link, rel: "noopener noreferrer", target: "_blank" }, "核验页 page")),
        el("td", {}, c.status === "revoked" ? "—" : change));
    });
    $("certificate-rows").replaceChildren(...rows);
    $("certificates").hidden = rows.length === 0;
  }

  $("status-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const reply = await call("certificate.status", {
      certificate: changing, status: $("status-to").value, reason: $("status-reason").value.trim(),
    });
    if (!reply.ok) { $("certificates-problem").textContent = problem(reply); return; }
    $("certificates-problem").textContent = "";
    $("status-form").reset();
    $("status-form").hidden = true;
    $("certificates-result").textContent = `${reply.body.certificate}: ${statusNames[reply.body.status]}`;
    listCertificates();
  });

  return { openNew, openSitting, pushed };
}
