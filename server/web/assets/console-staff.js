// The centre's own records in the staff console (administrators of the whole centre): staff
// accounts with their roles and scopes (staff.list, staff.put; a changed account signs in
// again), and the audit log's verdict (audit.verify).

const roleNames = { admin: "管理员 admin", proctor: "监考 proctor", examiner: "考评员 examiner" };

/** The staff and audit view over the console's connection (`ui`: $, el, call, problem, show). */
export function staffRoom(ui) {
  const { $, el, call, problem } = ui;

  async function open() {
    for (const id of ["staff-problem", "staff-result", "audit-verdict"]) $(id).textContent = "";
    $("audit-verdict").className = "";
    $("staff-form").reset();
    ui.show("staff");
    await list();
  }

  async function list() {
    const reply = await call("staff.list");
    if (!reply.ok) { $("staff-problem").textContent = problem(reply); return; }
    $("staff-rows").replaceChildren(...reply.body.staff.map((s) => {
      const edit = el("button", { type: "button", class: "quiet", "data-staff": s.username }, "编辑 Edit");
      edit.addEventListener("click", () => {
        $("staff-username").value = s.username;
        $("staff-name").value = s.display_name;
        $("staff-role").value = s.role;
        $("staff-scopes").value = s.scopes.join(" ");
        $("staff-organisation").value = s.organisation;
        $("staff-password").value = "";
        $("staff-name").focus();
      });
      return el("tr", { "data-staff": s.username }, el("td", {}, s.username), el("td", {}, s.display_name),
        el("td", {}, roleNames[s.role] || s.role), el("td", {}, s.scopes.join(" ")),
        el("td", {}, s.organisation), el("td", {}, edit));
    }));
  }

  $("staff-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("staff-problem").textContent = $("staff-result").textContent = "";
    const username = $("staff-username").value.trim();
    const reply = await call("staff.put", {
      username, display_name: $("staff-name").value.trim(), role: $("staff-role").value,
      scopes: $("staff-scopes").value.split(/[\s,，]+/).filter(Boolean),
      organisation: $("staff-organisation").value.trim(), password: $("staff-password").value,
    });
    $("staff-password").value = "";
    if (!reply.ok) { $("staff-problem").textContent = problem(reply); return; }
    await list(); // the table first: what "Saved" announces is already in it
    $("staff-result").textContent = `已保存 Saved ${username}; 该账号需重新登录 it signs in again.`;
  });

  $("audit-verify").addEventListener("click", async () => {
    $("audit-verdict").textContent = "核验中 Verifying…";
    $("audit-verdict").className = "";
    const reply = await call("audit.verify");
    if (!reply.ok) { $("audit-verdict").textContent = problem(reply); $("audit-verdict").className = "problem"; return; }
    const v = reply.body;
    $("audit-verdict").textContent = v.intact
      ? `完好 Intact: ${v.entries} 条日志 entries, 链条完整 the chain holds; ${v.answers} 个答案与日志一致 answers match their entries.`
      : `已损坏 BROKEN${v.first_broken != null ? ` at entry ${v.first_broken}` : ""}: ${v.reason}`;
    $("audit-verdict").className = v.intact ? "verdict-good" : "problem";
  });

  return { open };
}
