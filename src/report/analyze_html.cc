#include "report/analyze_html.h"

#include <nlohmann/json.hpp>

#include "report/budget_report.h"

namespace kiln::report {

namespace {

constexpr const char* kStyle = R"KILN(
:root { --fg: #1d2125; --muted: #5f6b76; --line: #d9dee3; --bg: #fff; --head: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
p.totals { margin: 0; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; word-break: break-all; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0; }
th.sortable { cursor: pointer; user-select: none; }
th.sortable::after { content: " \2195"; color: var(--muted); }
tr.pick { cursor: pointer; } tr.pick:hover, tr.picked { background: #eef4fb; }
.controls { display: flex; gap: 18px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; border: 1px solid #0002; }
#treemap { position: relative; width: 100%; height: 560px; border: 1px solid var(--line); overflow: hidden; background: #fafbfc; }
#treemap div { position: absolute; overflow: hidden; font-size: 11px; line-height: 14px; }
#treemap .dir { border: 1px solid #0000002e; background: #ffffff66; }
#treemap .dir > span { display: block; padding: 1px 4px; font-weight: 600; color: #333; white-space: nowrap; }
#treemap .leaf { border: 1px solid #ffffffcc; }
#treemap .leaf > span { display: block; padding: 1px 3px; white-space: nowrap; color: #1b1b1b; }
#treemap .lazy { background-image: repeating-linear-gradient(135deg, #ffffff73 0 4px, transparent 4px 9px); }
.t-script { background-color: #f3c054; } .t-stylesheet { background-color: #7fb2f0; } .t-image { background-color: #86cf9b; }
.t-font { background-color: #c9a0e6; } .t-document { background-color: #ef8f8f; } .t-media { background-color: #6cc7bd; }
.t-other { background-color: #c4c9ce; }
#hover { min-height: 1.5em; color: var(--muted); margin: 6px 0 0; }
ul { padding-left: 20px; } li { word-break: break-all; }
.warning { color: #8a5a00; } .error { color: #b3261e; }
.empty { color: var(--muted); }
tr.budget-fail td:first-child { color: #b3261e; font-weight: 600; } tr.budget-warn td:first-child { color: #8a5a00; font-weight: 600; }
tr.budget-pass td:first-child { color: #2e7d32; }
#treemap .dim { opacity: .25; }
#treemap .hit { outline: 2px solid #d9480f; outline-offset: -2px; }
#packages td:nth-child(4), #packages td:nth-child(5) { text-align: left; white-space: normal; font-size: 12px; }
#search { width: 16em; }
#budgets td:nth-child(2), #budgets th:nth-child(2), #budgets td:last-child, #budgets th:last-child { text-align: left; }
)KILN";

constexpr const char* kScript = R"KILN(
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("kiln-report").textContent);
  const $ = (id) => document.getElementById(id);
  const fmt = (b) => b < 1000 ? b + " B" : b < 1e6 ? (b / 1000).toFixed(1) + " kB" : (b / 1e6).toFixed(2) + " MB";
  const el = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    e.append(...kids);
    return e;
  };
  const TYPES = ["script", "stylesheet", "image", "font", "document", "media", "other"];
  const typeClass = (t) => "t-" + (TYPES.includes(t) ? t : "other");
  const files = new Map(data.files.map((f) => [f.path, f]));

  // Totals and the entry table (largest initial brotli first, as in the text report).
  const t = data.totals;
  $("totals").textContent = `${t.files} files, ${fmt(t.raw)} raw, ${fmt(t.gzip)} gzip, ${fmt(t.brotli)} brotli; ` +
    `${data.entries.length} ${data.entries.length === 1 ? "entry" : "entries"}`;
  const entries = [...data.entries].sort((a, b) => b.initial.brotli - a.initial.brotli || (a.path < b.path ? -1 : 1));
  const entryRows = new Map();
  if (!entries.length) $("entries").replaceWith(el("p", { className: "empty", textContent: "No entries: no HTML page, no --entry, nothing named by package.json." }));
  for (const e of entries) {
    const row = el("tr", { className: "pick", title: "Show this entry in the treemap" },
      el("td", { textContent: e.path }), el("td", { textContent: fmt(e.initial.brotli) }),
      el("td", { textContent: fmt(e.initial.gzip) }), el("td", { textContent: fmt(e.initial.raw) }),
      el("td", { textContent: fmt(e.onUse ? e.onUse.brotli : 0) }),
      el("td", { textContent: fmt(e.lazy.brotli) }), el("td", { textContent: String(e.initial.files) }),
      el("td", { textContent: String(e.onUse ? e.onUse.files : 0) }), el("td", { textContent: String(e.lazy.files) }));
    row.addEventListener("click", () => { $("view").value = e.path; render(); });
    entryRows.set(e.path, row);
    $("entries").tBodies[0].append(row);
  }

  // Budgets (the `kiln build` report has them): worst first, as the text report.
  if (Array.isArray(data.budgets) && data.budgets.length) {
    const rank = { fail: 0, warn: 1, pass: 2 };
    const value = (b, v) => v == null ? "" : b.measure === "bytes" ? fmt(v) : String(v);
    const table = el("table", {}, el("thead", {}, el("tr", {}, ...["status", "budget", "actual", "limit", "margin", "defined in"].map((h) => el("th", { textContent: h })))));
    const body = el("tbody");
    for (const b of [...data.budgets].sort((x, y) => (rank[x.status] ?? 3) - (rank[y.status] ?? 3)))
      body.append(el("tr", { className: "budget-" + b.status },
        el("td", { textContent: b.status }), el("td", { textContent: b.name }), el("td", { textContent: value(b, b.actual) }),
        el("td", { textContent: value(b, b.limit) }), el("td", { textContent: value(b, b.margin) }),
        el("td", { textContent: `${b.source} ${b.jsonPath || ""}`.trim() })));
    table.append(body);
    $("budgets").append(el("h2", { textContent: "Budgets" }), table);
  }

  // Treemap: the files of the view nested by folder, squarified.
  const view = $("view");
  view.append(el("option", { value: "", textContent: "every file in the folder" }));
  for (const e of entries) view.append(el("option", { value: e.path, textContent: "entry " + e.path }));
  view.value = entries.length ? entries[0].path : "";

  // A file with a source map is a box of its packages and app folders, each a box of its
  // original sources nested by folder: the treemap drills down page > file > package >
  // folder > source. Compressed metrics need the measured shares (compressedAlone is there).
  const maps = new Map(((data.sourceMaps || {}).files || []).map((m) => [m.path, m]));
  const sizes = (f) => `${fmt(f.raw)} raw, ${fmt(f.gzip)} gzip, ${fmt(f.brotli)} brotli`;
  const isLeaf = (n) => !!(n.file || n.src);
  function insideFile(leaf, m, metric) {
    if (metric !== "raw" && !m.compressedAlone) return leaf;
    const box = { name: leaf.name, dirs: new Map(), kids: [], size: 0, fixed: true,
                  title: `${m.path}: ${sizes(leaf.file)} (source map: ${m.sources.length} sources)` };
    const groups = new Map();
    for (const s of m.sources) {
      if (!(s[metric] > 0)) continue;
      let g = groups.get(s.group);
      if (!g) {
        g = { name: s.group, dirs: new Map(), kids: [], size: 0, fixed: true };
        groups.set(s.group, g);
        box.kids.push(g);
      }
      const at = s.package ? s.path.lastIndexOf("node_modules/" + s.package + "/") : -1;
      const rel = at >= 0 ? s.path.slice(at + 14 + s.package.length)
        : s.path.startsWith(s.group + "/") ? s.path.slice(s.group.length + 1) : s.path;
      const parts = rel.split("/");
      const node = folderOf(g, parts);
      node.kids.push({ name: parts[parts.length - 1], src: s, type: leaf.file.type, lazy: leaf.lazy, size: s[metric],
                       title: `${s.path}\n${s.group} in ${m.path}${s.ignored ? " (ignore-listed)" : ""}: ${sizes(s)}` });
    }
    const rest = ["unmapped", "eol", "sourceMappingURL"].reduce((t, k) => t + m[k][metric], 0);
    if (rest > 0)
      box.kids.push({ name: "[unmapped]", src: { path: "[unmapped]" }, type: "other", lazy: leaf.lazy, size: rest,
                      title: `[unmapped] in ${m.path}\nunmapped, EOLs and the map comment: ${fmt(rest)} ${metric}` });
    return box;
  }

  // The folder node for a path's parts (all but the last), made on the way down.
  function folderOf(top, parts) {
    let node = top;
    for (const d of parts.slice(0, -1)) {
      if (!node.dirs.has(d)) {
        const dir = { name: d, dirs: new Map(), kids: [], size: 0 };
        node.dirs.set(d, dir);
        node.kids.push(dir);
      }
      node = node.dirs.get(d);
    }
    return node;
  }

  function buildTree(metric) {
    let paths = data.files.map((f) => f.path), lazy = new Set();
    const entry = entries.find((e) => e.path === view.value);
    if (entry) {
      const onUse = entry.onUse ? entry.onUse.paths : [];  // fonts: hatched, as they load later
      paths = [...entry.initial.paths, ...onUse, ...entry.lazy.paths];
      lazy = new Set([...onUse, ...entry.lazy.paths]);
    }
    const root = { name: "", dirs: new Map(), kids: [], size: 0 };
    for (const p of paths) {
      const f = files.get(p);
      if (!f || !(f[metric] > 0)) continue;
      const parts = p.split("/");
      const node = folderOf(root, parts);
      const leaf = { name: parts[parts.length - 1], file: f, lazy: lazy.has(p), size: f[metric] };
      node.kids.push(maps.has(p) ? insideFile(leaf, maps.get(p), metric) : leaf);
    }
    const finish = (n) => {
      if (isLeaf(n)) return n.size;
      n.size = n.kids.reduce((s, k) => s + finish(k), 0);
      while (n.kids.length === 1 && !isLeaf(n.kids[0]) && !n.fixed && !n.kids[0].fixed && n !== root) {  // a/b/c with nothing else: one box
        const only = n.kids[0];
        n.name += "/" + only.name;
        n.kids = only.kids;
      }
      n.kids.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
      return n.size;
    };
    finish(root);
    return root;
  }

  // Squarified layout (Bruls, Huizing, van Wijk): rows along the shorter side, each row kept
  // while adding the next node does not worsen its worst aspect ratio. `nodes` largest first.
  function squarify(nodes, x, y, w, h, place) {
    const total = nodes.reduce((s, n) => s + n.size, 0);
    if (total <= 0 || w < 1 || h < 1) return;
    const scale = (w * h) / total;
    let i = 0;
    while (i < nodes.length) {
      const side = Math.min(w, h);
      const row = [];
      let sum = 0, worst = Infinity;
      while (i < nodes.length) {
        const a = nodes[i].size * scale, s = sum + a;
        const big = row.length ? row[0].size * scale : a;
        const ratio = Math.max((side * side * big) / (s * s), (s * s) / (side * side * a));
        if (row.length && ratio > worst) break;
        row.push(nodes[i]);
        sum = s;
        worst = ratio;
        i++;
      }
      const thick = sum / side;
      let off = 0;
      for (const n of row) {
        const len = (n.size * scale) / thick;
        if (w >= h) place(n, x, y + off, thick, len);
        else place(n, x + off, y, len, thick);
        off += len;
      }
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    }
  }

  function render() {
    const metric = $("metric").value;
    const box = $("treemap");
    box.textContent = "";
    for (const [path, row] of entryRows) row.classList.toggle("picked", path === view.value);
    const root = buildTree(metric);
    let count = 0, hits = 0;
    const query = $("search").value.trim().toLowerCase();
    const mark = (d) => {
      if (!query) return;
      const hit = d.title.toLowerCase().includes(query);
      d.classList.add(hit ? "hit" : "dim");
      hits += hit;
    };
    const place = (n, x, y, w, h) => {
      const d = el("div");
      d.style.cssText = `left:${x.toFixed(1)}px;top:${y.toFixed(1)}px;width:${w.toFixed(1)}px;height:${h.toFixed(1)}px`;
      box.append(d);
      count++;
      if (n.file) {
        d.className = "leaf " + typeClass(n.file.type) + (n.lazy ? " lazy" : "");
        d.title = `${n.file.path}\n${n.file.type}${n.lazy ? ", lazy" : ""}: ${sizes(n.file)}`;
        if (w > 36 && h > 14) d.append(el("span", { textContent: n.name }));
        d.addEventListener("mouseenter", () => { $("hover").textContent = d.title.replace("\n", ": "); });
        mark(d);
        return;
      }
      if (n.src) {
        d.className = "leaf " + typeClass(n.type) + (n.lazy ? " lazy" : "");
        d.title = n.title;
        if (w > 36 && h > 14) d.append(el("span", { textContent: n.name }));
        d.addEventListener("mouseenter", () => { $("hover").textContent = d.title.replace("\n", ": "); });
        mark(d);
        return;
      }
      d.className = "dir";
      d.title = n.title || `${n.name}/: ${fmt(n.size)} ${metric}`;
      const head = w > 60 && h > 34 ? 16 : 0;
      if (head) d.append(el("span", { textContent: `${n.name}/ ${fmt(n.size)}` }));
      const pad = w > 10 && h > 10 ? 2 : 0;
      squarify(n.kids, x + pad, y + head + pad, w - 2 * pad, h - head - 2 * pad, place);
    };
    squarify(root.kids, 0, 0, box.clientWidth, box.clientHeight, place);
    box.dataset.boxes = String(count);
    if (!count) box.append(el("p", { className: "empty", textContent: "Nothing to draw: no file of this view has " + metric + " bytes." }));
    const shown = entries.find((e) => e.path === view.value);
    $("hover").textContent = (shown
      ? `${shown.path}: initial ${fmt(shown.initial[metric])}, on use ${fmt(shown.onUse ? shown.onUse[metric] : 0)} and lazy ${fmt(shown.lazy[metric])} (hatched) ${metric}`
      : `every file: ${fmt(root.size)} ${metric}`) + (query ? `; ${hits} boxes match "${query}"` : "");
    fillPackages();
  }

  // Packages of the entry shown: bytes (maps), why each is there (page > chunk, import
  // chain from bundler stats), and the duplicates.
  function fillPackages() {
    const out = $("packages");
    out.textContent = "";
    const why = (data.why || []).find((w) => w.path === view.value);
    const mapEntry = ((data.sourceMaps || {}).entries || []).find((e) => e.path === view.value);
    if (!why || !why.packages.length) {
      out.append(el("p", { className: "empty", textContent: view.value
        ? "No package known in this entry's load (no source map or bundler stats names one)." : "Pick an entry above." }));
      return;
    }
    const bytes = new Map();
    for (const g of mapEntry ? [...mapEntry.initial, ...mapEntry.lazy] : []) {
      const b = bytes.get(g.name) || { raw: 0, gzip: 0, brotli: 0 };
      for (const k of ["raw", "gzip", "brotli"]) b[k] += g[k];
      bytes.set(g.name, b);
    }
    const table = el("table", {}, el("thead", {}, el("tr", {}, ...["package", "load", "brotli / raw", "page > chunk", "import chain"].map((h) => el("th", { textContent: h })))));
    const body = el("tbody");
    for (const p of why.packages) {
      const b = bytes.get(p.package);
      body.append(el("tr", {}, el("td", { textContent: p.package }), el("td", { textContent: p.load }),
        el("td", { textContent: b ? `${fmt(b.brotli)} / ${fmt(b.raw)}` : "" }),
        el("td", { textContent: p.via.join(" > ") + (p.files.length > 1 ? ` (+${p.files.length - 1} files)` : "") }),
        el("td", { textContent: p.importChain ? p.importChain.join(" > ") : "" })));
    }
    table.append(body);
    out.append(table);
    const dups = el("ul", { id: "duplicates" });
    for (const d of mapEntry ? mapEntry.duplicatePackages : [])
      dups.append(el("li", { textContent: `${d.package} at ${d.versions.length} versions: ` +
        d.versions.map((v) => `${v.version} (${v.files.join(", ")})`).join(", ") }));
    for (const d of mapEntry ? mapEntry.duplicateModules : [])
      dups.append(el("li", { textContent: `${d.source} in ${d.files.length} files (${d.files.join(", ")}): ${fmt(d.wasted.raw)} raw wasted` }));
    out.append(el("h3", { textContent: "Duplicates" }),
      dups.children.length ? dups : el("p", { className: "empty", textContent: "None in this entry's load." }));
  }
  const legend = $("legend");
  for (const type of TYPES)
    if (data.files.some((f) => typeClass(f.type) === "t-" + type))
      legend.append(el("span", {}, el("i", { className: "t-" + type }), type));
  legend.append(el("span", {}, el("i", { className: "t-other lazy" }), "lazy"));
  view.addEventListener("change", render);
  $("metric").addEventListener("change", render);
  $("search").addEventListener("input", render);
  let pending = false;
  addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(); });
  });
  render();

  // Every file, sortable by any column; unreferenced files; warnings.
  const cols = [["path", (f) => f.path], ["type", (f) => f.type], ["raw", (f) => f.raw], ["gzip", (f) => f.gzip], ["brotli", (f) => f.brotli]];
  let sortBy = 4, desc = true;
  function fillFiles() {
    const key = cols[sortBy][1];
    const rows = [...data.files].sort((a, b) => {
      const x = key(a), y = key(b);
      const c = x < y ? -1 : x > y ? 1 : a.path < b.path ? -1 : 1;
      return desc ? -c : c;
    });
    const body = $("files").tBodies[0];
    body.textContent = "";
    for (const f of rows)
      body.append(el("tr", {}, el("td", { textContent: f.path }), el("td", { textContent: f.type }),
        el("td", { textContent: fmt(f.raw) }), el("td", { textContent: fmt(f.gzip) }), el("td", { textContent: fmt(f.brotli) })));
  }
  [...$("files").tHead.rows[0].cells].forEach((th, i) => {
    th.className = "sortable";
    th.addEventListener("click", () => { desc = sortBy === i ? !desc : i >= 2; sortBy = i; fillFiles(); });
  });
  fillFiles();
  const unref = $("unreferenced");
  for (const p of data.unreferenced || []) {  // null when there is no entry
    const f = files.get(p);
    unref.append(el("li", { textContent: f ? `${p} (${fmt(f.raw)} raw)` : p }));
  }
  if (!data.unreferenced) unref.replaceWith(el("p", { className: "empty", textContent: "Not known without an entry." }));
  else if (!data.unreferenced.length) unref.replaceWith(el("p", { className: "empty", textContent: "None: every file is reachable from an entry or used by convention." }));
  const diags = $("diagnostics");
  for (const d of data.diagnostics) {
    const where = d.path + (d.line ? `:${d.line}:${d.column}` : "");
    diags.append(el("li", { className: d.severity, textContent: `${d.severity}: ${where}: ${d.message}` }));
  }
  if (!data.diagnostics.length) diags.replaceWith(el("p", { className: "empty", textContent: "None." }));
})();
)KILN";

}  // namespace

std::string script_safe_json(const nlohmann::json& j) {
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string analyze_html(const nlohmann::json& report, const std::string& title) {
  std::string t = xml_escape(title);
  std::string page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>kiln " + t + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  page += "<h1>kiln " + t + "</h1>\n<p class=\"totals\" id=\"totals\"></p>\n<div id=\"budgets\"></div>\n";
  page += "<h2>Entries</h2>\n<table id=\"entries\"><thead><tr><th>entry</th><th>initial br</th>"
          "<th>initial gz</th><th>initial raw</th><th>on use br</th><th>lazy br</th><th>files</th><th>on use</th>"
          "<th>lazy</th></tr></thead>"
          "<tbody></tbody></table>\n";
  page += "<h2>Treemap</h2>\n<div class=\"controls\"><label>Show <select id=\"view\"></select></label>"
          "<label>Area <select id=\"metric\"><option value=\"brotli\">brotli bytes</option>"
          "<option value=\"gzip\">gzip bytes</option><option value=\"raw\">raw bytes</option></select></label>"
          "<label>Find <input id=\"search\" type=\"search\" placeholder=\"package or source\"></label>"
          "<span class=\"legend\" id=\"legend\"></span></div>\n"
          "<div id=\"treemap\" role=\"img\" aria-label=\"Treemap of the files, nested by folder\"></div>\n"
          "<p id=\"hover\"></p>\n";
  page += "<h2>Packages</h2>\n<div id=\"packages\"></div>\n";
  page += "<h2>Files</h2>\n<table id=\"files\"><thead><tr><th>path</th><th>type</th><th>raw</th><th>gzip</th>"
          "<th>brotli</th></tr></thead><tbody></tbody></table>\n";
  page += "<h2>Unreferenced files</h2>\n<ul id=\"unreferenced\"></ul>\n";
  page += "<h2>Warnings</h2>\n<ul id=\"diagnostics\"></ul>\n";
  page += "<noscript><p>The tables and the treemap are drawn by the script in this page; the data is the "
          "JSON report below.</p></noscript>\n";
  page += "<script type=\"application/json\" id=\"kiln-report\">" + script_safe_json(report) + "</script>\n";
  page += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace kiln::report
