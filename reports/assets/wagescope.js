/* wagescope report pages: draws charts from their inline options, filters
   the occupation list, and turns data tables into CSV downloads. Everything
   runs from file:// with no network. */
"use strict";

/* wagescopeUSD formats dollars: whole ones for annual pay, with cents for
   hourly wages ("$20.50"). */
function wagescopeUSD(v, cents) {
  if (typeof v !== "number" || !isFinite(v)) { return "\u2014"; }
  if (cents) { return "$" + v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  return "$" + Math.round(v).toLocaleString("en-US");
}

/* wagescopeAmount is a tooltip's dollar figure (with cents for hourly
   wages); a top-coded one is a bound, as the tables print it. */
function wagescopeAmount(v, topCoded, cents) {
  var s = wagescopeUSD(v, cents);
  return topCoded && s !== "\u2014" ? "\u2265 " + s + " (top-coded)" : s;
}

/* Tooltip text is HTML: names from the data are escaped. */
function wagescopeEscape(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

/* wagescopeChart draws one chart. option.wagescopeTooltip picks a tooltip
   for chart kinds whose points are not plain dollar values;
   option.wagescopeCents marks a chart of hourly wages; data items flagged
   topCoded, and the points option.wagescopeTopCoded lists per series, are
   top-code bounds. */
function wagescopeChart(id, option) {
  var el = document.getElementById(id);
  if (!el || typeof echarts === "undefined") { return; }
  var bounds = option.wagescopeTopCoded;
  var cents = option.wagescopeCents === true;
  var usd = function (v) { return wagescopeUSD(v, cents); };
  var amount = function (v, topCoded) { return wagescopeAmount(v, topCoded, cents); };
  if (option.tooltip) {
    switch (option.wagescopeTooltip) {
      case "tile":
        option.tooltip.formatter = function (p) {
          var d = p.data || {};
          return wagescopeEscape(d.title || p.name) + ": " +
            (d.text ? wagescopeEscape(d.text) : amount(p.value[2], d.topCoded === true));
        };
        break;
      case "range":
        option.tooltip.formatter = function (p) {
          var d = p.data || {};
          if (p.seriesType === "boxplot") {
            // p.value leads with the category index ECharts adds
            var v = (Array.isArray(p.value) ? p.value : d.value || []).slice(-5), tc = d.topCoded || [];
            var line = function (name, k) { return "<br>" + name + ": " + amount(v[k], tc[k] === true); };
            return wagescopeEscape(d.title) + line("90th", 4) + line("75th", 3) + line("median", 2) + line("25th", 1) + line("10th", 0);
          }
          return wagescopeEscape(d.title || p.name) + ": " +
            amount(Array.isArray(p.value) ? p.value[0] : p.value, d.topCoded === true);
        };
        break;
      default:
        if (!bounds) {
          option.tooltip.valueFormatter = usd;
          break;
        }
        // axis tooltips of line and bar charts: ECharts' own layout, with
        // the bound marked
        option.tooltip.formatter = function (params) {
          var ps = Array.isArray(params) ? params : [params];
          if (ps.length === 0) { return ""; }
          var head = ps[0].axisValueLabel !== undefined ? ps[0].axisValueLabel : ps[0].name;
          return wagescopeEscape(head) + ps.map(function (p) {
            var tc = (bounds[p.seriesIndex] || []).indexOf(p.dataIndex) >= 0;
            return "<br>" + p.marker + wagescopeEscape(p.seriesName) + ": " + amount(p.value, tc);
          }).join("");
        };
    }
  }
  delete option.wagescopeTooltip;
  delete option.wagescopeTopCoded;
  delete option.wagescopeCents;
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(option);
  window.addEventListener("resize", function () { chart.resize(); });
}

/* The index's search box: a row stays visible when its data-search text
   holds every word typed. */
function wagescopeSearch() {
  var input = document.getElementById("occupation-search");
  var table = document.getElementById("occupation-table");
  if (!input || !table) { return; }
  var rows = table.querySelectorAll("tbody tr");
  var counter = document.getElementById("occupation-count");
  var apply = function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w !== ""; });
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].getAttribute("data-search") || "";
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      rows[i].hidden = !match;
      if (match) { shown++; }
    }
    if (counter) { counter.textContent = shown + " of " + rows.length + " occupations"; }
  };
  input.addEventListener("input", apply);
  apply();
}

/* csvField quotes a field; text that a spreadsheet would run as a formula
   gets a leading apostrophe. */
function wagescopeCSVField(v, raw) {
  if (!raw && /^[=+\-@\t\r]/.test(v)) { v = "'" + v; }
  return "\"" + v.replace(/"/g, "\"\"") + "\"";
}

/* wagescopeTableCSV is a table as CSV: raw numbers (data-v) where a cell
   has them. A top-coded value stays a number; when the table holds any, a
   last column top_coded names, per row, the columns whose value is a
   bound, separated by ";" as in rates --format csv. */
function wagescopeTableCSV(table) {
  var bounds = table.querySelector("td[data-top-coded]") !== null;
  var names = [];
  var lines = [];
  table.querySelectorAll("tr").forEach(function (tr) {
    var fields = [];
    var flagged = [];
    var col = 0;
    var head = tr.parentNode && tr.parentNode.tagName === "THEAD";
    tr.querySelectorAll("th, td").forEach(function (cell) {
      var raw = cell.hasAttribute("data-v");
      var v = raw ? cell.getAttribute("data-v") : cell.textContent.trim();
      var span = parseInt(cell.getAttribute("colspan") || "1", 10);
      for (var k = 0; k < span; k++, col++) {
        fields.push(wagescopeCSVField(v, raw));
        if (head) { names[col] = v; }
        if (cell.hasAttribute("data-top-coded")) { flagged.push(names[col] || String(col + 1)); }
      }
    });
    if (bounds) { fields.push(wagescopeCSVField(head ? "top_coded" : flagged.join(";"), false)); }
    lines.push(fields.join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

function wagescopeDownload(button) {
  var table = document.getElementById(button.getAttribute("data-table"));
  if (!table) { return; }
  var blob = new Blob([wagescopeTableCSV(table)], { type: "text/csv;charset=utf-8" });
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = button.getAttribute("data-file") || "data.csv";
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}

document.addEventListener("click", function (e) {
  var b = e.target && e.target.closest ? e.target.closest("button.csv-download") : null;
  if (b) { wagescopeDownload(b); }
});
document.addEventListener("DOMContentLoaded", wagescopeSearch);
