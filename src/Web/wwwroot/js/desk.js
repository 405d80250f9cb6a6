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

// Selection board: the running total, the funding line and the budget figures follow the decisions as they are changed.
(function () {
  "use strict";
  var form = document.getElementById("board-form");
  if (!form) return;
  var budget = Number(form.dataset.budget);
  var lang = document.documentElement.lang || "fr";
  var euros = new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 2, minimumFractionDigits: 0 });
  var text = document.getElementById("budget-text");
  var meter = document.getElementById("budget-bar");
  function amountOf(row) {
    var select = row.querySelector("[data-outcome-input]");
    var fixed = row.querySelector("[data-outcome]");
    var outcome = select ? select.value : fixed ? fixed.dataset.outcome : "";
    if (outcome !== "Selected") return 0;
    var input = row.querySelector("[data-amount-input]");
    var raw = input ? input.value : fixed ? fixed.dataset.amount : "0";
    // "45 000", "45 000,50" (French) or "45,000.50" (English): the last separator followed by one or two digits is the decimal one.
    var compact = String(raw || "").replace(/[\s\u00a0\u202f€]/g, "");
    var match = compact.match(/^(.*?)[.,](\d{1,2})$/);
    var number = match ? Number(match[1].replace(/[.,]/g, "") + "." + match[2]) : Number(compact.replace(/[.,]/g, ""));
    return isFinite(number) ? number : 0;
  }
  function recompute() {
    var running = 0, lastInside = null;
    form.querySelectorAll("tr[data-row]").forEach(function (row) {
      var amount = amountOf(row);
      running += amount;
      var over = amount > 0 && running > budget;
      row.querySelector("[data-running]").textContent = euros.format(running);
      row.querySelector("[data-over]").hidden = !over;
      row.classList.toggle("board__over", over);
      if (amount > 0 && !over) lastInside = row;
    });
    form.querySelectorAll("tr[data-row]").forEach(function (row) {
      row.classList.toggle("board__line", row === lastInside);
      row.querySelector("[data-line]").hidden = row !== lastInside;
    });
    var selected = 0;
    form.querySelectorAll("tr[data-row]").forEach(function (row) { selected += amountOf(row); });
    if (text && text.dataset.template) {
      text.textContent = text.dataset.template.replace("{0}", euros.format(selected)).replace("{1}", euros.format(budget)).replace("{2}", euros.format(budget - selected));
    }
    if (meter) meter.value = selected;
  }
  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
})();
