// Fields that matter only for some values of another field (a service's charge method, a
// tariff's scope) are hidden for the other values. The server still checks everything, and a
// field with an error stays visible.
(function () {
  "use strict";
  function update(form) {
    form.querySelectorAll("[data-shown-by]").forEach(function (field) {
      var controller = form.elements[field.dataset.shownBy];
      var row = field.closest(".form-row");
      if (!controller || !row) { return; }
      var wanted = field.dataset.shownFor.split(" ").indexOf(controller.value) !== -1;
      row.style.display = wanted || row.classList.contains("has-error") ? "" : "none";
    });
  }
  document.querySelectorAll("form.object-form").forEach(function (form) {
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
})();
