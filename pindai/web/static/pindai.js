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
