// Call editor: a form field shows only the settings of its type (the server renders the same choice; see FieldOptions).
(function () {
  "use strict";
  function sync(field) {
    var select = field.querySelector("select[name$='.Type']");
    if (!select) return;
    field.querySelectorAll(".field-options[data-for-types]").forEach(function (group) {
      group.hidden = group.dataset.forTypes.split(" ").indexOf(select.value) < 0;
    });
  }
  document.querySelectorAll(".form-field").forEach(function (field) {
    sync(field);
    field.addEventListener("change", function (event) {
      if (event.target.matches("select[name$='.Type']")) sync(field);
    });
  });
})();
