// Call editor: a form field shows only the settings of its type, an eligibility rule those of its kind (the server renders the
// same choice; see FieldOptions and RuleSettings).
(function () {
  "use strict";
  var CHOOSER = "select[name$='.Type'], select[name$='.Kind']";
  function sync(field) {
    var select = field.querySelector(CHOOSER);
    if (!select) return;
    field.querySelectorAll(".field-options[data-for-types]").forEach(function (group) {
      group.hidden = group.dataset.forTypes.split(" ").indexOf(select.value) < 0;
    });
  }
  document.querySelectorAll(".form-field, .rule-row").forEach(function (field) {
    sync(field);
    field.addEventListener("change", function (event) {
      if (event.target.matches(CHOOSER)) sync(field);
    });
  });
})();
