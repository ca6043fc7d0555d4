// Boundline workbench: keyboard use of the queue and the item page. No inline script
// anywhere (the Content-Security-Policy forbids it); everything works without this file.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.item")); }
  function current() { return document.querySelector("tr.item.current"); }
  function select(row) {
    var old = current();
    if (old) { old.classList.remove("current"); }
    if (row) { row.classList.add("current"); row.querySelector("a.open").focus(); }
  }
  function step(by) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.indexOf(current());
    select(all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + by))]);
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) { return; }
    var link;
    if (rows().length) {
      if (e.key === "j") { step(1); e.preventDefault(); }
      else if (e.key === "k") { step(-1); e.preventDefault(); }
      else if (e.key === "o" || (e.key === "Enter" && current())) {
        var row = current() || rows()[0];
        window.location.href = row.querySelector("a.open").getAttribute("href");
        e.preventDefault();
      } else if (e.key === "d") {
        var r = current() || rows()[0];
        window.location.href = r.querySelector("a.open").getAttribute("href") + "#dismiss-reason";
        e.preventDefault();
      }
      return;
    }
    if (e.key === "d" && document.getElementById("dismiss-reason")) {
      document.getElementById("dismiss-reason").focus(); e.preventDefault();
    } else if (e.key === "j" && (link = document.getElementById("next-item"))) {
      window.location.href = link.getAttribute("href"); e.preventDefault();
    } else if (e.key === "k" && (link = document.getElementById("prev-item"))) {
      window.location.href = link.getAttribute("href"); e.preventDefault();
    } else if (e.key === "o" && (link = document.getElementById("open-pair"))) {
      window.location.href = link.getAttribute("href"); e.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (window.location.hash === "#dismiss-reason" && document.getElementById("dismiss-reason")) {
      document.getElementById("dismiss-reason").focus();
    }
  });
})();
