// pindai workspace: keyboard navigation of the inbox and "select all". No inline script anywhere (CSP).
(function () {
  "use strict";
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.row")); }
  var current = -1;
  function focusRow(i) {
    var r = rows();
    if (!r.length) { return; }
    current = Math.max(0, Math.min(r.length - 1, i));
    r.forEach(function (row, j) { row.classList.toggle("focus", j === current); });
    r[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) { return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var r = rows();
    if (!r.length) { return; }
    if (ev.key === "j") { focusRow(current + 1); ev.preventDefault(); }
    else if (ev.key === "k") { focusRow(current - 1); ev.preventDefault(); }
    else if (ev.key === "x" && current >= 0) {
      var box = r[current].querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
    } else if (ev.key === "a" && current >= 0) {
      var accept = r[current].querySelector("button.accept");
      if (accept) { accept.click(); }
    } else if (ev.key === "Enter" && current >= 0) {
      window.location.href = r[current].getAttribute("data-href");
    }
  });
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "pilih-semua") {
      document.querySelectorAll("input[name=ids]").forEach(function (b) { b.checked = ev.target.checked; });
    }
  });
})();
// Redaction page (#17): drag over a page image to draw a box; its corners, converted from screen pixels
// to PDF points from the page's top-left corner (what redact.add_box expects), fill the "Kotak baru" form.
(function () {
  "use strict";
  var form = document.getElementById("kotak-baru");
  if (!form) { return; }
  var NS = "http://www.w3.org/2000/svg";
  function field(name) { return document.getElementById("kb-" + name); }
  document.querySelectorAll(".redact-page").forEach(function (pageEl) {
    var svg = pageEl.querySelector("svg");
    var w = parseFloat(pageEl.getAttribute("data-width"));
    var h = parseFloat(pageEl.getAttribute("data-height"));
    var start = null, rect = null;
    function point(ev) {
      var r = svg.getBoundingClientRect();
      var x = (ev.clientX - r.left) / r.width * w, y = (ev.clientY - r.top) / r.height * h;
      return { x: Math.max(0, Math.min(w, x)), y: Math.max(0, Math.min(h, y)) };
    }
    function place(a, b) {
      rect.setAttribute("x", Math.min(a.x, b.x)); rect.setAttribute("y", Math.min(a.y, b.y));
      rect.setAttribute("width", Math.abs(a.x - b.x)); rect.setAttribute("height", Math.abs(a.y - b.y));
    }
    svg.addEventListener("mousedown", function (ev) {
      if (ev.button !== 0) { return; }
      ev.preventDefault();
      document.querySelectorAll("rect.drawing").forEach(function (old) { old.remove(); });
      start = point(ev);
      rect = document.createElementNS(NS, "rect");
      rect.setAttribute("class", "drawing");
      svg.appendChild(rect);
      place(start, start);
    });
    svg.addEventListener("mousemove", function (ev) { if (start) { place(start, point(ev)); } });
    function finish(ev) {
      if (!start) { return; }
      var end = point(ev);
      place(start, end);
      field("halaman").value = pageEl.getAttribute("data-page");
      field("x0").value = Math.min(start.x, end.x).toFixed(1);
      field("y0").value = Math.min(start.y, end.y).toFixed(1);
      field("x1").value = Math.max(start.x, end.x).toFixed(1);
      field("y1").value = Math.max(start.y, end.y).toFixed(1);
      start = null;
      document.getElementById("simpan-kotak").focus();
    }
    svg.addEventListener("mouseup", finish);
    svg.addEventListener("mouseleave", finish);
  });
})();
