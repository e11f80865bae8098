// The staff console's bank import: an administrator picks a bank file — JSON, GIFT, the text
// layout, Moodle XML, an Excel workbook or a QTI package — and, when its items show figures, a
// zip of them; sees what the server reads in it — the questions by type and every problem with
// its line, or a workbook's row and column — before anything is stored, then imports it
// (bank.import). Stems and messages come from the file: text only.
import { base64Of } from "./console-centre.js";

/** The bank import view over the console's connection (`ui`: $, el, call, problem, show). */
export function bankRoom(ui) {
  const { $, el, call, problem } = ui;
  let report = null; // the last preview

  function open() {
    report = null;
    $("bank-form").reset();
    $("bank-skip").checked = false; // a new file: its items in error are not left out unasked
    for (const id of ["bank-summary", "bank-problem", "bank-result"]) $(id).textContent = "";
    $("bank-diagnostics").hidden = $("bank-items").hidden = true;
    $("bank-import").disabled = true;
    ui.show("banks");
  }

  async function send(dryRun) {
    const file = $("bank-file").files[0];
    if (!file) return null;
    const figures = $("bank-figures").files[0];
    return call("bank.import", {
      name: file.name, data: await base64Of(file), id: $("bank-id").value.trim(),
      ...(figures ? { figures: await base64Of(figures) } : {}),
      dry_run: dryRun, skip_bad_rows: $("bank-skip").checked,
    });
  }

  /** Where a problem is: its line; a workbook's row and column; a package's file and line. */
  const where = (d) => d.column ? `第 ${d.line} 行 row ${d.line}, ${d.column}`
    : d.file ? `${d.file}:${d.line}` : String(d.line);

  const errors = () => report.diagnostics.filter((d) => d.severity === "error").length;
  function importable() {
    $("bank-import").disabled = !report || report.problems.length > 0 || report.items === 0 ||
      (errors() > 0 && !$("bank-skip").checked);
  }

  $("bank-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const id of ["bank-summary", "bank-problem", "bank-result"]) $(id).textContent = "";
    const reply = await send(true);
    if (!reply) return;
    if (!reply.ok) {
      report = null;
      $("bank-problem").textContent = problem(reply);
      $("bank-diagnostics").hidden = $("bank-items").hidden = true;
      importable();
      return;
    }
    report = reply.body;
    const types = Object.entries(report.by_type).map(([type, n]) => `${type} ${n}`).join(", ");
    $("bank-summary").textContent = `题库 Bank ${report.bank} (${report.format}): ${report.items} 题 questions` +
      (types ? ` (${types})` : "") + ` · ${errors()} 个错误 errors · ` +
      `${report.diagnostics.length - errors()} 个警告 warnings`;
    $("bank-problem").textContent = report.problems.join("; ");
    $("bank-diagnostic-rows").replaceChildren(...report.diagnostics.map((d) => el("tr", { class: d.severity },
      el("td", { class: "number" }, where(d)), el("td", {}, d.severity === "error" ? "错误 error" : "警告 warning"),
      el("td", {}, d.message))));
    $("bank-diagnostics").hidden = report.diagnostics.length === 0;
    $("bank-item-rows").replaceChildren(...report.preview.map((it) => el("tr", {},
      el("td", {}, it.id), el("td", {}, it.type), el("td", { class: "stem" }, it.stem))));
    $("bank-items").hidden = report.preview.length === 0;
    importable();
  });

  $("bank-skip").addEventListener("change", importable);

  $("bank-import").addEventListener("click", async () => {
    $("bank-import").disabled = true;
    const reply = await send(false);
    if (!reply) return;
    if (!reply.ok) { $("bank-problem").textContent = problem(reply); importable(); return; }
    $("bank-result").textContent =
      `已导入 Imported: ${reply.body.items} 题 questions into bank ${reply.body.bank}.`;
  });

  return { open };
}
