// Defining a theory assessment in the staff console (administrators of the whole centre): a
// bank's items counted by type × knowledge point × difficulty (bank.blueprint), a draw count
// typed into each cell and the points per item of each type, then the definition stored
// (assessment.put), which the server checks by drawing a paper. A practical, or any assessment
// written as a file, is saved from its JSON file the same way. Knowledge points and titles come
// from banks people wrote: text only.
import { jsonOf } from "./console-centre.js";

const typeNames = {
  single_choice: "单选 single choice", multiple_choice: "多选 multiple choice", true_false: "判断 true/false",
  short_answer: "填空 short answer", numerical: "计算 numerical", matching: "匹配 matching", essay: "问答 essay",
};
const difficultyNames = { easy: "易 easy", medium: "中 medium", hard: "难 hard" };
const defaultPoints = { true_false: 1, single_choice: 1, multiple_choice: 2, essay: 10 };

/** The blueprint view over the console's connection (`ui`: $, el, call, problem, show). */
export function blueprintRoom(ui) {
  const { $, el, call, problem } = ui;
  let sources = { banks: [], cells: [] };

  async function open() {
    $("blueprint-form").reset();
    $("assessment-file-form").reset();
    $("blueprint-problem").textContent = $("blueprint-result").textContent = "";
    ui.show("blueprint");
    const reply = await call("bank.blueprint");
    if (!reply.ok) { $("blueprint-problem").textContent = problem(reply); return; }
    sources = reply.body;
    $("blueprint-bank").replaceChildren(...sources.banks.map((b) =>
      el("option", { value: b.id }, `${b.title ? `${b.title} · ` : ""}${b.id} · ${b.items} 题 items`)));
    if (sources.banks.length === 0) $("blueprint-problem").textContent = "还没有题库 No bank is stored yet.";
    drawCells();
  }

  const cellsOfBank = () => sources.cells.filter((c) => c.bank === $("blueprint-bank").value);

  function drawCells() {
    const cells = cellsOfBank().sort((a, b) => a.knowledge_point.localeCompare(b.knowledge_point) ||
      a.type.localeCompare(b.type) || a.difficulty.localeCompare(b.difficulty));
    $("blueprint-cells").replaceChildren(...cells.map((c, n) => {
      const label = `${c.knowledge_point || "无知识点 none"} · ${typeNames[c.type] || c.type} · ${difficultyNames[c.difficulty] || c.difficulty}`;
      const count = el("input", { type: "number", min: "0", max: String(c.items), value: "0", "data-cell": String(n), "aria-label": `抽取 Draw: ${label}` });
      count.cell = c;
      count.addEventListener("input", total);
      return el("tr", {}, el("td", {}, c.knowledge_point || "无 none"), el("td", {}, typeNames[c.type] || c.type),
        el("td", {}, difficultyNames[c.difficulty] || c.difficulty), el("td", { class: "number" }, String(c.items)),
        el("td", {}, count));
    }));
    const types = [...new Set(cells.map((c) => c.type))];
    $("blueprint-points").replaceChildren(el("span", {}, "每题分值 Points per item:"), ...types.map((t) =>
      el("label", { class: "inline" }, typeNames[t] || t,
        el("input", { type: "number", min: "0", step: "0.5", value: String(defaultPoints[t] || 1), "data-points": t, class: "points" }))));
    for (const input of document.querySelectorAll("#blueprint-points input")) input.addEventListener("input", total);
    total();
  }

  function draws() {
    return [...document.querySelectorAll("#blueprint-cells input")]
      .map((input) => ({ cell: input.cell, count: Number(input.value || 0) })).filter((d) => d.count > 0);
  }
  const pointsOf = (type) => Number(document.querySelector(`#blueprint-points input[data-points="${type}"]`)?.value || 0);

  function total() {
    const chosen = draws();
    const items = chosen.reduce((sum, d) => sum + d.count, 0);
    const points = chosen.reduce((sum, d) => sum + d.count * pointsOf(d.cell.type), 0);
    const over = chosen.filter((d) => d.count > d.cell.items).length;
    $("blueprint-total").textContent = `每份试卷 Each paper: ${items} 题 items, ${points} 分 points` +
      (over ? ` · ${over} 格超出可抽题数 cell(s) ask for more than they have` : "");
  }

  $("blueprint-bank").addEventListener("change", drawCells);

  $("blueprint-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("blueprint-problem").textContent = $("blueprint-result").textContent = "";
    const bySection = new Map(); // one section per item type, in the order of the table
    for (const { cell, count } of draws()) {
      if (!bySection.has(cell.type)) bySection.set(cell.type, []);
      const rule = { bank: cell.bank, type: cell.type, difficulty: cell.difficulty, count };
      if (cell.knowledge_point) rule.knowledgePoint = cell.knowledge_point;
      bySection.get(cell.type).push(rule);
    }
    if (bySection.size === 0) { $("blueprint-problem").textContent = "请至少抽一题 Draw at least one item."; return; }
    // A knowledge point is matched as a prefix, and none matches any: the server draws the
    // rules in order, never an item twice, so the most specific go first and a broader rule takes
    // what they leave (it always has its own cell's items left).
    const breadth = (rule) => (rule.knowledgePoint ? -rule.knowledgePoint.length : 1);
    for (const rules of bySection.values()) rules.sort((a, b) => breadth(a) - breadth(b));
    const assessment = {
      kind: "assessment", id: $("blueprint-id").value.trim(), title: $("blueprint-title").value.trim(),
      occupation: { code: $("blueprint-occupation").value.trim(), name: $("blueprint-occupation-name").value.trim() },
      level: $("blueprint-level").value, durationMinutes: Number($("blueprint-minutes").value),
      passPercent: Number($("blueprint-pass").value), reviewPolicy: $("blueprint-review").value,
      sections: [...bySection].map(([type, draw]) => ({ id: type, title: typeNames[type] || type, pointsPerItem: pointsOf(type), draw })),
    };
    const reply = await call("assessment.put", { assessment });
    if (!reply.ok) { $("blueprint-problem").textContent = problem(reply); return; }
    $("blueprint-result").textContent = `已保存 Saved ${reply.body.id}: 每份试卷 ${reply.body.items} 题 items per paper.`;
  });

  $("assessment-file-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("blueprint-problem").textContent = $("blueprint-result").textContent = "";
    const file = $("assessment-file").files[0];
    if (!file) return;
    let assessment;
    try {
      assessment = await jsonOf(file);
    } catch (e) {
      $("blueprint-problem").textContent = e.message;
      return;
    }
    const reply = await call("assessment.put", { assessment });
    if (!reply.ok) { $("blueprint-problem").textContent = problem(reply); return; }
    $("blueprint-result").textContent = reply.body.tasks > 0
      ? `已保存 Saved ${reply.body.id}: 实操 ${reply.body.tasks} 项任务 practical tasks.`
      : `已保存 Saved ${reply.body.id}: 每份试卷 ${reply.body.items} 题 items per paper.`;
  });

  return { open };
}
