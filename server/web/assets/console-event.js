// The staff console's competition view: the live board as staff see it (scoreboard.watch); the
// chief judge's reveal of a module (event.reveal), confirmed with the chief's password as
// `craftmark event reveal` asks for it; and for administrators of the whole centre the
// competition's definition from its file, the draws, the public board's freeze and the award
// certificates (event.put, event.draw, event.freeze, event.awards). Names and organisations
// come from rosters: text only.
import { jsonOf } from "./console-centre.js";

/** The competition view over the console's connection (`ui`: $, el, call, problem, show,
 *  staff: the signed-in account). */
export function eventRoom(ui) {
  const { $, el, call, problem } = ui;
  let shownEvent = null;
  let drawnBoard = null; // the board on the page, as JSON
  const runsEvents = () => ui.staff()?.role === "admin" && ui.staff().scopes.includes("*");

  /** An administrator's step: `type` with `body`, then the board again with what it did. */
  function step(label, type, body, said) {
    const button = el("button", { type: "button", "data-step": `${type}:${body.skill ?? body.frozen}` }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      const reply = await call(type, { event: shownEvent, ...body });
      button.disabled = false;
      if (reply.ok) await open(shownEvent, said(reply.body));
      else $("event-result").textContent = `${label}: ${problem(reply)}`;
    });
    return button;
  }

  /** Shows the event's board; `said` is the line under the title (what the last reveal did). */
  async function open(eventId, said = "") {
    shownEvent = eventId;
    $("event-problem").textContent = "";
    $("event-result").textContent = said;
    $("event-board").replaceChildren();
    ui.show("event");
    const reply = await call("scoreboard.watch", { event: eventId });
    if (!reply.ok) { $("event-problem").textContent = problem(reply); return; }
    render(reply.body.board);
  }

  /** A `scoreboard` push: the board changed (a reveal, a lock, a freeze). A password being
   *  typed is not wiped by it: the board is drawn again after the reveal. Nor is a board that
   *  did not change drawn again: the first push after watching repeats the watch's reply, and
   *  drawing it would swap the password field under the chief judge's hand. */
  function pushed(body) {
    if (!shownEvent || !body.board || body.board.event !== shownEvent) return;
    if (JSON.stringify(body.board) === drawnBoard) return;
    if ([...$("event-board").querySelectorAll("form.reveal input")].some((i) => i.value)) return;
    render(body.board);
  }

  function render(board) {
    drawnBoard = JSON.stringify(board);
    $("event-title").textContent = board.name || board.event;
    $("event-facts").replaceChildren(`${board.event} · ${board.frozen ? "公开榜已冻结 public board frozen" : "公开榜实时 public board live"}`);
    if (runsEvents())
      $("event-facts").append(" ", board.frozen
        ? step("解冻公开榜 Unfreeze the public board", "event.freeze", { frozen: false }, () => "公开榜已恢复实时 The public board is live again.")
        : step("冻结公开榜 Freeze the public board", "event.freeze", { frozen: true }, () => "公开榜已冻结 The public board is frozen as it stands."));
    $("event-board").replaceChildren(...board.skills.map(skillView));
  }

  function skillView(skill) {
    const modules = el("ul", { class: "modules" }, ...skill.modules.map((m) => moduleLine(skill, m)));
    const head = el("tr", {}, ...["名次 Rank", "号 No.", "选手 Competitor", ...skill.modules.map((m) => m.id), "总分 Total", "奖牌 Medal"]
      .map((h) => el("th", { scope: "col" }, h)));
    const rows = skill.rows.map((r) => el("tr", {},
      el("td", { class: "number" }, String(r.rank ?? "")), el("td", {}, r.number ?? ""),
      el("td", { class: "name" }, r.name ? `${r.name} · ${r.organisation ?? ""}` : "—"),
      ...skill.modules.map((m) => el("td", { class: "number" }, r.modules?.[m.id] === undefined ? "" : String(r.modules[m.id]))),
      el("td", { class: "number" }, r.total === undefined ? "" : String(r.total)), el("td", {}, r.medal ?? "")));
    const steps = runsEvents() ? el("p", { class: "toolbar" },
      step("抽选手号 Draw numbers", "event.draw", { skill: skill.id, round: "numbers" }, () => `${skill.id}: 选手号已抽定 numbers drawn (audited).`),
      step("抽工位 Draw workstations", "event.draw", { skill: skill.id, round: "workstations" }, () => `${skill.id}: 工位已抽定 workstations drawn (audited).`),
      step("签发获奖证书 Award certificates", "event.awards", { skill: skill.id }, (r) =>
        `${skill.id}: 已签发 issued ${r.issued}` + (r.already_issued ? ` · 此前已签发 already ${r.already_issued}` : "") +
        (r.refused.length ? ` · 未签发 not issued: ${r.refused.join("; ")}` : ""))) : null;
    return el("section", { class: "skill", "data-skill": skill.id },
      el("h2", {}, skill.name || skill.id), steps, modules,
      el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  function moduleLine(skill, m) {
    const line = el("li", { "data-module": m.id }, `${m.id} ${m.name} (${m.weight} %) · `,
      m.released ? "已揭晓 revealed" : "未揭晓 not revealed");
    if (m.released) return line;
    const password = el("input", { type: "password", autocomplete: "current-password", required: true, maxlength: "256",
      "aria-label": `${m.id} 裁判长密码 Chief judge's password` });
    const form = el("form", { class: "reveal" }, password, el("button", { type: "submit" }, "揭晓 Reveal"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reply = await call("event.reveal", { event: shownEvent, skill: skill.id, module: m.id, password: password.value });
      password.value = "";
      if (reply.ok) await open(shownEvent, `${skill.id} ${m.id} 已揭晓，结果已上公开榜。Revealed: the results are on the board.`);
      else $("event-result").textContent = `不能揭晓 Not revealed: ${problem(reply)}`;
    });
    line.append(" ", form);
    return line;
  }

  /** An administrator adds a competition from its file (event.put), then sees its board. */
  $("event-file-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("event-file-problem").textContent = "";
    const file = $("event-file").files[0];
    if (!file) return;
    let definition;
    try {
      definition = await jsonOf(file);
    } catch (e) {
      $("event-file-problem").textContent = e.message;
      return;
    }
    const reply = await call("event.put", { event: definition });
    if (!reply.ok) { $("event-file-problem").textContent = problem(reply); return; }
    $("event-file-form").reset();
    await open(reply.body.id, `已添加 Added ${reply.body.id}: ${reply.body.skills} 个项目 skill(s).`);
  });

  return { open, pushed };
}
