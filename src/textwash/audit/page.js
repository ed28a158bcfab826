// The textwash audit page draws itself from the JSON block with id "data".
// No network: every chart is SVG built here, every text is set as text (never as HTML).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const report = data.report;
  const app = document.getElementById("app");
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const fmt = (n) => Number(n).toLocaleString("en-US");
  // characters a reader could not see, shown as signs (the filters often change just those)
  const INVISIBLE = { "\r": "␍", "\t": "⇥", "\u00a0": "⍽", "\u200b": "¦", "\u200c": "¦", "\u200d": "¦", "\ufeff": "¦", "\u00ad": "¦" };
  const shown = (text) => text.replace(/[\r\t\u00a0\u200b-\u200d\ufeff\u00ad]/g, (c) => INVISIBLE[c]);

  // -- summary ---------------------------------------------------------------------------
  const files = report.files || {};
  const docs = report.documents || {};
  app.append(
    el("h1", {}, "textwash audit"),
    el("p", { class: "sub" },
      `textwash ${report.textwash} · filters: ${(report.pipeline || data.filters).join(", ") || "none"}` +
      (report.configuration ? ` · configuration: ${report.configuration}` : "") +
      (report.interrupted ? " · interrupted" : "")),
  );
  function card(label, value, key, bad) {
    return el("div", { class: "card" + (bad && value ? " bad" : "") },
      el("b", { "data-count": key }, fmt(value)), el("span", {}, label));
  }
  app.append(el("div", { class: "cards", id: "summary" },
    card("files", files.seen || 0, "files.seen"),
    card(data.check ? "would change" : "changed", files.changed || 0, "files.changed"),
    card("unchanged", files.unchanged || 0, "files.unchanged"),
    card("failed", files.failed || 0, "files.failed", true),
    card("cached", files.cached || 0, "files.cached"),
    card("skipped", files.skipped || 0, "files.skipped"),
    card("documents", docs.seen || 0, "documents.seen"),
    card("documents changed", docs.changed || 0, "documents.changed"),
  ));

  const names = Object.keys(report.filters || {});
  const table = el("table", { id: "filters" },
    el("tr", {}, el("th", {}, "filter"), el("th", { class: "n" }, "documents seen"),
      el("th", { class: "n" }, "documents changed"), el("th", { class: "n" }, "lines changed"),
      el("th", { class: "n" }, "sampled")));
  const sampledBy = {};
  for (const s of data.samples) for (const g of s.groups) sampledBy[g] = (sampledBy[g] || 0) + 1;
  for (const name of names) {
    const c = report.filters[name];
    table.append(el("tr", { "data-filter": name }, el("td", {}, name),
      el("td", { class: "n", "data-count": `filters.${name}.documents` }, fmt(c.documents)),
      el("td", { class: "n", "data-count": `filters.${name}.changed` }, fmt(c.changed)),
      el("td", { class: "n", "data-count": `filters.${name}.lines` }, fmt(c.lines)),
      el("td", { class: "n" }, fmt(sampledBy[name] || 0))));
  }
  app.append(el("h2", {}, "Per filter"), names.length ? table : el("p", { class: "empty" }, "No documents were cleaned."));

  // -- charts ----------------------------------------------------------------------------
  function barChart(title, labels, values, opts) {
    const width = 560, left = opts.left || 40, bottom = opts.bottom || 34, top = 14;
    const height = opts.height || 200;
    const max = Math.max(1, ...values);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
    const plotH = height - top - bottom, plotW = width - left - 10;
    const step = plotW / Math.max(1, values.length), barW = Math.max(2, step * 0.72);
    chart.append(svg("line", { class: "axis", x1: left, y1: top + plotH, x2: width - 10, y2: top + plotH }));
    values.forEach((v, i) => {
      const h = plotH * v / max, x = left + i * step + (step - barW) / 2, y = top + plotH - h;
      const bar = svg("rect", { class: opts.classOf ? opts.classOf(i) : "bar", x, y, width: barW, height: Math.max(h, v ? 1 : 0) });
      bar.append(svg("title", {}, `${labels[i]}: ${fmt(v)}`));
      chart.append(bar);
      if (opts.showValues) chart.append(svg("text", { x: x + barW / 2, y: y - 3, "text-anchor": "middle" }, fmt(v)));
      if (!opts.labelEvery || i % opts.labelEvery === 0 || i === values.length - 1) {
        chart.append(svg("text", { x: x + barW / 2, y: top + plotH + 14, "text-anchor": "middle" }, labels[i]));
      }
    });
    chart.append(svg("text", { x: 4, y: top + 4 }, fmt(max)));
    return el("div", { class: "chart" }, el("h3", {}, title), chart);
  }
  const binLabels = data.histogram.map((_, i) => i === 0 ? "0" : `${Math.round(i * 100 / data.bins)}%`);
  app.append(el("h2", {}, "What was removed"), el("div", { class: "charts" },
    barChart("Lines changed per filter", names, names.map((n) => report.filters[n].lines), { showValues: true, left: 10 }),
    barChart("Documents by share of characters removed (first bar: nothing removed)", binLabels, data.histogram,
      { labelEvery: 4, classOf: (i) => i === 0 ? "none" : "bar", left: 10 }),
  ));

  // -- failures --------------------------------------------------------------------------
  if ((report.failed || []).length) {
    const list = el("ul", { id: "failures" });
    for (const f of report.failed) list.append(el("li", {}, `${f.path}: ${f.reason}`));
    app.append(el("h2", {}, `Failures (${fmt(data.failed_total)})`), list);
    if (data.failed_total > report.failed.length) {
      app.append(el("p", { class: "sub" }, `… and ${fmt(data.failed_total - report.failed.length)} more in the JSON report.`));
    }
  }

  // -- samples ---------------------------------------------------------------------------
  const groups = [...names.filter((n) => sampledBy[n]), ...(sampledBy[data.largest] ? [data.largest] : [])];
  const select = el("select", { id: "group", "aria-label": "show the samples of" },
    el("option", { value: "" }, `every filter (${data.samples.length} documents)`),
    ...groups.map((g) => el("option", { value: g }, `${g} (${sampledBy[g]})`)));
  const search = el("input", { id: "search", type: "search", placeholder: "search ids, paths, text, reasons  ( / )" });
  const count = el("span", { class: "hint", id: "shown" });
  app.append(el("h2", {}, "Samples"),
    el("p", { class: "sub" }, `Up to ${data.sample_size} documents per filter, chosen by a seeded hash of their path and id (the same every run), and the ${data.sample_size} that lost the largest share. Cut lines are struck through, changed characters highlighted; each change says which filter made it and why.`),
    el("div", { class: "controls" }, select, search, count,
      el("span", { class: "hint" }, "j / k: next / previous document")));
  if (data.left_out) {
    app.append(el("p", { class: "sub", id: "left-out" }, `${fmt(data.left_out)} sampled document${data.left_out === 1 ? " was" : "s were"} left out: explaining ${data.left_out === 1 ? "it" : "them"} would have cost more than 5% of the run.`));
  }
  const list = el("div", { id: "samples" });
  app.append(list);

  function textOf(pieces, cls) {
    const span = el("span", { class: "text" });
    for (const [changed, text] of pieces) span.append(changed ? el("mark", { class: cls }, shown(text)) : shown(text));
    return span;
  }
  function reasonsOf(sample, indexes) {
    if (!indexes || !indexes.length) return null;
    const reasons = [...new Set(indexes.map((i) => `${sample.changes[i][0]}: ${sample.changes[i][4]}`))];
    return el("span", { class: "why" }, reasons.join("; "));
  }
  function lineOf(text) {
    return text === "" ? el("span", { class: "text blank" }, "(blank line)") : el("span", { class: "text" }, shown(text));
  }
  const cards = data.samples.map((s) => {
    const rows = el("div", { class: "rows" });
    for (const r of s.rows) {
      if (r[0] === "=") rows.append(el("div", { class: "row" }, el("span", { class: "sign" }, " "), el("span", { class: "text" }, shown(r[1]))));
      else if (r[0] === "…") rows.append(el("div", { class: "row fold" }, el("span", { class: "sign" }, "⋮"), el("span", { class: "text" }, `${fmt(r[1])} unchanged line${r[1] === 1 ? "" : "s"}`)));
      else if (r[0] === "-") rows.append(el("div", { class: "row cut" }, el("span", { class: "sign" }, "−"), el("span", {}, lineOf(r[1]), reasonsOf(s, r[2]))));
      else if (r[0] === "+") rows.append(el("div", { class: "row new" }, el("span", { class: "sign" }, "+"), el("span", {}, lineOf(r[1]), reasonsOf(s, r[2]))));
      else if (r[0] === "~") {
        rows.append(el("div", { class: "row chg" }, el("span", { class: "sign" }, "−"), textOf(r[1], "gone")));
        rows.append(el("div", { class: "row chg" }, el("span", { class: "sign" }, "+"), el("span", {}, textOf(r[2], "came"), reasonsOf(s, r[3]))));
      }
    }
    const changes = el("ol", { class: "changes" });
    for (const [f, line, , , why] of s.changes) changes.append(el("li", {}, `${f}, line ${line}: ${why}`));
    const node = el("article", { class: "doc", "data-groups": s.groups.join("\n"), tabindex: "-1" },
      el("header", {}, el("span", { class: "id" }, s.id === s.path ? s.path : `${s.path} · ${s.id}`),
        ...s.groups.map((g) => el("span", { class: "tag" + (g === data.largest ? " largest" : "") }, g)),
        el("span", { class: "removed" }, `${(s.removed * 100).toFixed(1)}% of characters removed`)),
      rows, changes);
    const haystack = [s.id, s.path, ...s.rows.map((r) => JSON.stringify(r.slice(1))), ...s.changes.map((c) => c.join(" "))].join("\n").toLowerCase();
    return { node, sample: s, haystack };
  });
  for (const c of cards) list.append(c.node);
  if (!cards.length) list.append(el("p", { class: "empty" }, "No filter changed any document."));

  let visible = cards;
  let current = -1;
  function apply() {
    const group = select.value, words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    visible = [];
    for (const c of cards) {
      const show = (!group || c.sample.groups.includes(group)) && words.every((w) => c.haystack.includes(w));
      c.node.hidden = !show;
      if (show) visible.push(c);
    }
    count.textContent = `${visible.length} shown`;
    current = -1;
    for (const c of cards) c.node.classList.remove("current");
  }
  function move(delta) {
    if (!visible.length) return;
    if (current >= 0) visible[current].node.classList.remove("current");
    current = Math.min(visible.length - 1, Math.max(0, current + delta));
    const node = visible[current].node;
    node.classList.add("current");
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: "start" });
  }
  select.addEventListener("change", apply);
  search.addEventListener("input", apply);
  document.addEventListener("keydown", (event) => {
    if (event.target === search || event.target === select) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "/") { event.preventDefault(); search.focus(); }
  });
  apply();
})();
