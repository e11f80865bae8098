// The staff console's item statistics: a scored sitting's facility, discrimination, distractors
// and reliability (stats.sitting, computed by the server as `craftmark stats` does), as plots a
// person would rather look at than read, with the tables under them. Plots are SVG built element
// by element; item ids and option texts come from banks and are set as text only.

const svgNS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes, holding other elements or text. */
function svg(tag, attributes = {}, ...children) {
  const e = document.createElementNS(svgNS, tag);
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, String(value));
  for (const child of children) e.append(child);
  return e;
}

const percent = (x) => (x === null || x === undefined ? "—" : `${Math.round(x * 100)} %`);
const decimal = (x) => (x === null || x === undefined ? "—" : x.toFixed(2));

/** The item statistics room over the console's connection (`ui`: $, el, call, problem, show). */
export function statisticsRoom(ui) {
  const { $, el, call, problem } = ui;

  async function open(sittingId, title) {
    $("stats-title").textContent = title;
    for (const id of ["stats-summary", "stats-problem"]) $(id).textContent = "";
    for (const id of ["stats-distribution", "stats-scatter", "stats-rows", "stats-options", "stats-groups"])
      $(id).replaceChildren();
    $("stats-body").hidden = true;
    ui.show("stats");
    const reply = await call("stats.sitting", { sitting_id: sittingId });
    if (!reply.ok) {
      $("stats-problem").textContent = reply.error.code === "result_not_available"
        ? "还没有成绩：试卷评分后才有试题分析。No results yet: statistics come once the papers are scored."
        : problem(reply);
      return;
    }
    render(reply.body);
    $("stats-body").hidden = false;
  }

  function render(t) {
    const flagged = t.items.filter((i) => i.flags.length).length;
    $("stats-summary").textContent = [
      `${t.candidates} 人 candidates`,
      `平均 mean ${t.meanPercent.toFixed(1)} %`,
      `标准差 SD ${t.sdPercent.toFixed(1)} %`,
      `α ${decimal(t.alpha)} (${t.commonItems} 道共同题 common items)`,
      `测量标准误 SEM ${t.semPercent === null ? "—" : t.semPercent.toFixed(1) + " %"}`,
      `${flagged} / ${t.items.length} 题需关注 items flagged`,
    ].join(" · ");
    $("stats-distribution").replaceChildren(...distribution(t.distribution));
    $("stats-scatter").replaceChildren(...scatter(t.items));
    $("stats-rows").replaceChildren(...t.items.map(itemRow));
    $("stats-options").replaceChildren(...t.items.filter((i) => i.options.length).map(optionChart));
    $("stats-groups").replaceChildren(
      ...groupTable("知识点 Knowledge point", t.byKnowledgePoint),
      ...groupTable("难度 Difficulty", t.byDifficulty));
  }

  // ---- plots ----

  /** Candidates per 10 % band of the paper score, as bars with their counts. */
  function distribution(bands) {
    const most = Math.max(1, ...bands);
    const out = [svg("line", { x1: 30, y1: 170, x2: 430, y2: 170, stroke: "#333" })];
    bands.forEach((n, i) => {
      const h = (150 * n) / most;
      const bar = svg("rect", { x: 34 + 40 * i, y: 170 - h, width: 32, height: h, fill: "#0969da", "data-band": i },
        svg("title", {}, `${i * 10}–${i === 9 ? 100 : i * 10 + 9} %: ${n}`));
      out.push(bar,
        svg("text", { x: 50 + 40 * i, y: 185, "text-anchor": "middle", "font-size": 11 }, `${i * 10}`),
        svg("text", { x: 50 + 40 * i, y: 165 - h, "text-anchor": "middle", "font-size": 11 }, n ? String(n) : ""));
    });
    out.push(svg("text", { x: 230, y: 200, "text-anchor": "middle", "font-size": 12 }, "成绩 score %"));
    return out;
  }

  /** Each item at (facility, discrimination): green when nothing is flagged, red otherwise;
   *  the shaded band is where discrimination is weak (< 0.15). */
  function scatter(items) {
    const x = (f) => 40 + 360 * f;
    const y = (d) => 160 - 140 * ((Math.max(-0.5, Math.min(1, d)) + 0.5) / 1.5);
    const out = [
      svg("rect", { x: 40, y: y(0.15), width: 360, height: y(-0.5) - y(0.15), fill: "#fff5f5" }),
      svg("line", { x1: 40, y1: y(0), x2: 400, y2: y(0), stroke: "#8c959f", "stroke-dasharray": "4 3" }),
      svg("line", { x1: 40, y1: 160, x2: 400, y2: 160, stroke: "#333" }),
      svg("line", { x1: 40, y1: 20, x2: 40, y2: 160, stroke: "#333" }),
      svg("text", { x: 220, y: 190, "text-anchor": "middle", "font-size": 12 }, "通过率 facility"),
      svg("text", { x: 12, y: 90, "font-size": 12, transform: "rotate(-90 12 90)", "text-anchor": "middle" }, "区分度 discrimination"),
    ];
    for (const [value, label] of [[0, "0"], [0.5, "0.5"], [1, "1"]])
      out.push(svg("text", { x: x(value), y: 175, "text-anchor": "middle", "font-size": 11 }, label));
    for (const [value, label] of [[-0.5, "−0.5"], [0, "0"], [0.5, "0.5"], [1, "1"]])
      out.push(svg("text", { x: 36, y: y(value) + 4, "text-anchor": "end", "font-size": 11 }, label));
    for (const item of items) {
      if (item.discrimination === null) continue;
      out.push(svg("circle", {
        cx: x(item.facility), cy: y(item.discrimination), r: 5,
        fill: item.flags.length ? "#cf222e" : "#1a7f37", "data-item": item.id,
      }, svg("title", {}, `${item.id}: ${percent(item.facility)}, ${decimal(item.discrimination)}`)));
    }
    return out;
  }

  /** A choice item's options: the share choosing each, overall and in the top and bottom 27 %. */
  function optionChart(item) {
    const rows = item.options.length;
    const chart = svg("svg", { viewBox: `0 0 420 ${24 * rows + 10}`, role: "img", "aria-label": `${item.id} 选项 options` });
    item.options.forEach((o, i) => {
      const top = 5 + 24 * i;
      chart.append(
        svg("text", { x: 0, y: top + 14, "font-size": 12 }, `${o.key ? "✔ " : ""}${o.id}`),
        svg("rect", { x: 60, y: top, width: 300 * o.share, height: 8, fill: o.key ? "#1a7f37" : "#8c959f" },
          svg("title", {}, `${percent(o.share)}`)),
        svg("rect", { x: 60, y: top + 9, width: 300 * o.upperShare, height: 5, fill: "#0969da" },
          svg("title", {}, `top 27 %: ${percent(o.upperShare)}`)),
        svg("rect", { x: 60, y: top + 15, width: 300 * o.lowerShare, height: 5, fill: "#bf8700" },
          svg("title", {}, `bottom 27 %: ${percent(o.lowerShare)}`)),
        svg("text", { x: 365, y: top + 12, "font-size": 11 }, percent(o.share)));
    });
    const texts = el("ul", { class: "option-texts" },
      ...item.options.map((o) => el("li", {}, `${o.id}${o.key ? " ✔" : ""}: ${o.text}`)));
    return el("figure", { class: "options", "data-item": item.id }, chart,
      el("figcaption", {}, `${item.id} · 选项 options (灰/绿 all, 蓝 top 27 %, 黄 bottom 27 %)`), texts);
  }

  // ---- tables ----

  function itemRow(item) {
    return el("tr", { "data-item": item.id, class: item.flags.length ? "flagged" : null },
      el("th", { scope: "row" }, item.id), el("td", {}, item.type), el("td", {}, item.knowledgePoint),
      el("td", {}, item.difficulty), el("td", { class: "number" }, String(item.candidates)),
      el("td", { class: "number" }, percent(item.facility)), el("td", { class: "number" }, decimal(item.discrimination)),
      el("td", { class: "number" }, decimal(item.upperLower)), el("td", { class: "number" }, percent(item.omitRate)),
      el("td", {}, item.flags.join("; ")));
  }

  function groupTable(title, groups) {
    if (!groups.length) return [];
    return [el("table", {},
      el("caption", {}, title),
      el("thead", {}, el("tr", {}, ...["", "题数 Items", "通过率 Facility", "区分度 Discrimination"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...groups.map((g) => el("tr", {},
        el("th", { scope: "row" }, g.name || "—"), el("td", { class: "number" }, String(g.items)),
        el("td", { class: "number" }, percent(g.facility)), el("td", { class: "number" }, decimal(g.discrimination))))))];
  }

  return { open };
}
