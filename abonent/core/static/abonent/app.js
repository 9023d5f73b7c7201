// Abonent staff UI behaviour: keyboard shortcuts, quick-search navigation, small helpers.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function go(el) { if (el) { if (el.tagName === "A") { window.location = el.href; } else { el.click(); } } }

  // Auto-submitting selects (organization, language).
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) { e.target.form.submit(); }
  });
  // Mobile menu.
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-menu-toggle]");
    if (t) {
      var nav = document.getElementById("sidenav");
      var open = nav.classList.toggle("open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
    }
    var tab = e.target.closest("[data-tab]");
    if (tab) {
      tab.parentElement.querySelectorAll("[role=tab]").forEach(function (b) {
        var on = b === tab;
        b.setAttribute("aria-selected", on ? "true" : "false");
        document.getElementById(b.getAttribute("aria-controls")).hidden = !on;
      });
    }
  });

  // Quick search: arrows move through results, Enter opens, Escape closes.
  function results() { return document.getElementById("quick-search-results"); }
  function options() { var r = results(); return r ? Array.from(r.querySelectorAll("a[role=option]")) : []; }
  function select(i) {
    var opts = options(), input = document.getElementById("quick-search");
    opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
    if (opts[i]) { opts[i].scrollIntoView({ block: "nearest" }); }
    // Screen readers follow the highlighted result while focus stays in the box.
    if (input && opts[i] && opts[i].id) { input.setAttribute("aria-activedescendant", opts[i].id); }
    else if (input) { input.removeAttribute("aria-activedescendant"); }
  }
  function selectedIndex() { return options().findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; }); }
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target.id === "quick-search-results") {
      var input = document.getElementById("quick-search");
      input.setAttribute("aria-expanded", options().length ? "true" : "false");
      select(0);
    }
  });
  document.addEventListener("keydown", function (e) {
    var input = document.getElementById("quick-search");
    if (input && e.target === input) {
      var i = selectedIndex(), n = options().length;
      if (e.key === "ArrowDown" && n) { e.preventDefault(); select((i + 1) % n); }
      else if (e.key === "ArrowUp" && n) { e.preventDefault(); select((i - 1 + n) % n); }
      else if (e.key === "Enter" && n) { e.preventDefault(); go(options()[Math.max(i, 0)]); }
      else if (e.key === "Escape") { results().innerHTML = ""; input.setAttribute("aria-expanded", "false"); }
      return;
    }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    shortcut(e);
  });

  // Page shortcuts: elements carry data-shortcut="n" or "g a".
  var pending = "";
  var pendingTimer = null;
  function shortcut(e) {
    var key = e.key;
    var dialog = document.getElementById("shortcuts");
    if (key === "?") { e.preventDefault(); if (dialog) { dialog.showModal(); } return; }
    if (key === "/") { e.preventDefault(); var s = document.getElementById("quick-search"); if (s) { s.focus(); s.select(); } return; }
    var combo = pending ? pending + " " + key : key;
    var target = document.querySelector('[data-shortcut="' + combo + '"]');
    if (target) { e.preventDefault(); pending = ""; go(target); return; }
    if (!pending && document.querySelector('[data-shortcut^="' + key + ' "]')) {
      pending = key; clearTimeout(pendingTimer);
      pendingTimer = setTimeout(function () { pending = ""; }, 1200);
      return;
    }
    pending = "";
  }
})();
