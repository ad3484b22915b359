/* wagescope report pages: draws charts from their inline options, filters
   the occupation list, and turns data tables into CSV downloads. Everything
   runs from file:// with no network. */
"use strict";

function wagescopeUSD(v) {
  return typeof v === "number" && isFinite(v) ? "$" + Math.round(v).toLocaleString("en-US") : "\u2014";
}

/* wagescopeChart draws one chart. option.wagescopeTooltip picks a tooltip
   for chart kinds whose points are not plain dollar values. */
function wagescopeChart(id, option) {
  var el = document.getElementById(id);
  if (!el || typeof echarts === "undefined") { return; }
  if (option.tooltip) {
    switch (option.wagescopeTooltip) {
      case "tile":
        option.tooltip.formatter = function (p) {
          var d = p.data || {};
          return (d.title || p.name) + ": " + (d.text || wagescopeUSD(p.value[2]));
        };
        break;
      case "range":
        option.tooltip.formatter = function (p) {
          var d = p.data || {};
          if (p.seriesType === "boxplot") {
            var v = d.value || [];
            return d.title + "<br>90th: " + wagescopeUSD(v[4]) + "<br>75th: " + wagescopeUSD(v[3]) +
              "<br>median: " + wagescopeUSD(v[2]) + "<br>25th: " + wagescopeUSD(v[1]) + "<br>10th: " + wagescopeUSD(v[0]);
          }
          return (d.title || p.name) + ": " + wagescopeUSD(Array.isArray(p.value) ? p.value[0] : p.value);
        };
        break;
      default:
        option.tooltip.valueFormatter = wagescopeUSD;
    }
  }
  delete option.wagescopeTooltip;
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

function wagescopeDownload(button) {
  var table = document.getElementById(button.getAttribute("data-table"));
  if (!table) { return; }
  var lines = [];
  table.querySelectorAll("tr").forEach(function (tr) {
    var fields = [];
    tr.querySelectorAll("th, td").forEach(function (cell) {
      var raw = cell.hasAttribute("data-v");
      var v = raw ? cell.getAttribute("data-v") : cell.textContent.trim();
      var span = parseInt(cell.getAttribute("colspan") || "1", 10);
      for (var k = 0; k < span; k++) { fields.push(wagescopeCSVField(v, raw)); }
    });
    lines.push(fields.join(","));
  });
  var blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
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
