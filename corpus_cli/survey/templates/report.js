// corpus report: filter and sort the tables, open what a link points at. The page reads
// the same without it; nothing here fetches anything, and the page's Content-Security-
// Policy lets this script (by its hash) and no other run.
(function () {
  "use strict";
  function cellKey(row, column, numeric) {
    var cell = row.cells[column];
    var key = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    if (!numeric) return key.toLowerCase();
    var value = parseFloat(key);
    return isNaN(value) ? -Infinity : value;
  }
  function sortBy(table, header, column, numeric) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, column, numeric), y = cellKey(b, column, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.hasAttribute("aria-sort")) th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.grid"), function (table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        sortBy(table, th, column, th.classList.contains("num"));
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var status = document.getElementById(input.getAttribute("data-filter") + "-status");
    if (!table) return;
    var rows = table.tBodies[0].rows;
    input.parentNode.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      if (status) {
        status.textContent = words.length ? shown + " of " + rows.length + " rows shown"
                                          : rows.length + " rows";
      }
    });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var node = id && document.getElementById(id);
    for (var at = node; at; at = at.parentElement) {
      if (at.tagName === "DETAILS") at.open = true;
    }
    if (node) node.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (location.hash) openTarget();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
      d.open = true;
    });
  });
})();
