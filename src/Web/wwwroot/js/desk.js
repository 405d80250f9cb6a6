// The juror's desk and the selection board; every page works without this file.

// Review form: the weighted total follows the scores, and the draft saves itself a moment after each change.
(function () {
  "use strict";
  var form = document.querySelector("form[data-review-autosave]");
  if (!form) return;
  var total = document.getElementById("weighted-total");
  var status = document.getElementById("autosave-status");
  var lang = document.documentElement.lang || "fr";
  var timer = null;
  function recompute() {
    var sum = 0;
    form.querySelectorAll("[data-criterion]").forEach(function (fieldset) {
      var checked = fieldset.querySelector("input[type=radio]:checked");
      var scale = Number(fieldset.dataset.scale);
      if (checked && scale > 0) sum += Number(fieldset.dataset.weight) * Number(checked.value) / scale;
    });
    // Rounded to two decimals as the server rounds it (half away from zero).
    var rounded = Math.round((sum + Number.EPSILON) * 100) / 100;
    if (total) total.textContent = rounded.toLocaleString(lang, { maximumFractionDigits: 2 });
  }
  function save() {
    if (!window.fetch) return;
    var data = new FormData(form);
    data.delete("submit");
    if (status) status.textContent = form.dataset.saving;
    fetch(form.dataset.reviewAutosave, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        if (!status) return;
        status.textContent = answer.ok ? form.dataset.saved.replace("{0}", answer.body.savedAt) : answer.body.message || form.dataset.failed;
      })
      .catch(function () { if (status) status.textContent = form.dataset.failed; });
  }
  function changed() {
    recompute();
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }
  form.addEventListener("change", changed);
  // A save or a submission posts the whole form: no autosave may follow it.
  form.addEventListener("submit", function () { clearTimeout(timer); });
  form.addEventListener("input", function (event) { if (event.target.tagName === "TEXTAREA") changed(); });
  recompute();
})();
