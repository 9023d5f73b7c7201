// The readings grid (metering/grid.html): Enter or ↓ go to the next meter, ↑ back; a value is
// saved (htmx POST, event "save") when the operator leaves its input, once per typed value.
(function () {
  "use strict";
  var SELECTOR = "[data-grid-input]";

  function inputs() { return Array.from(document.querySelectorAll(SELECTOR)); }

  function save(input) {
    if (input.readOnly || !input.name || !window.htmx) { return; }
    var value = input.value.trim();
    if (value === "" || value === input.dataset.sent) { return; }
    input.dataset.sent = value;
    window.htmx.trigger(input, "save");
  }

  function move(input, step, editableOnly) {
    var all = inputs();
    for (var j = all.indexOf(input) + step; j >= 0 && j < all.length; j += step) {
      if (!editableOnly || !all[j].readOnly) { all[j].focus(); all[j].select(); return; }
    }
  }

  document.addEventListener("keydown", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches(SELECTOR)) { return; }
    if (e.key === "Enter") { e.preventDefault(); save(input); move(input, 1, true); }
    else if (e.key === "ArrowDown") { e.preventDefault(); move(input, 1, false); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(input, -1, false); }
  });
  document.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches(SELECTOR)) { save(e.target); }
  });
})();
