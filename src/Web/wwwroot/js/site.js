// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users land on the list of problems.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  // Error-summary links: focus the field itself, not just scroll to it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });
})();

// Tables scroll inside their own box on narrow screens instead of widening the page (pages may also wrap them in .table-scroll themselves).
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table, index) {
    if (table.closest(".table-scroll, .chart, .diagram-scroll")) return;
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0; // keyboard users can scroll it
    box.setAttribute("role", "region");
    var caption = table.querySelector("caption");
    if (caption) {
      if (!caption.id) caption.id = "table-caption-" + index;
      box.setAttribute("aria-labelledby", caption.id);
    } else {
      box.setAttribute("aria-label", document.documentElement.lang === "en" ? "Table" : "Tableau");
    }
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
})();

// Live countdown for deadlines under 7 days (the server renders the same text at page load).
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-countdown]");
  if (!items.length) return;
  var loaded = Date.now();
  function render() {
    items.forEach(function (el) {
      // The server's clock decides deadlines: count from its "now", moved on by the time spent on the page.
      var left = (Date.parse(el.dataset.countdown) - (Date.parse(el.dataset.now) + (Date.now() - loaded))) / 60000;
      if (left <= 0) { el.textContent = el.dataset.over; return; }
      var d = Math.floor(left / 1440), h = Math.floor((left % 1440) / 60), m = Math.floor(left % 60);
      el.textContent = el.dataset.days.replace("{0}", d) + " " + el.dataset.hours.replace("{0}", h) + " " + el.dataset.minutes.replace("{0}", m);
    });
  }
  render();
  setInterval(render, 30000);
})();

// Autosave of the dossier editor: posts the section a moment after typing stops. If the session expired,
// the text stays in the page and in this browser's storage until it can be saved again.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) return;
  var status = form.querySelector(".autosave-status");
  var storeKey = "cm-draft:" + location.pathname;
  var timer = null;
  function say(text) { if (status) status.textContent = text; }
  function fields() { return Array.prototype.filter.call(form.elements, function (e) { return e.name && e.name.indexOf("a.") === 0 && e.type !== "file"; }); }
  function save() {
    var data = new FormData();
    fields().forEach(function (e) { if ((e.type !== "checkbox" && e.type !== "radio") || e.checked) data.append(e.name, e.value); });
    var token = form.querySelector("input[name='__RequestVerificationToken']");
    if (token) data.append(token.name, token.value);
    say(form.dataset.saving);
    fetch(form.dataset.autosave, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (r.ok) { localStorage.removeItem(storeKey); showErrors({}); say(form.dataset.saved.replace("{0}", new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }))); }
        else if (r.status === 422) { r.json().then(showErrors, function () { }); say(form.dataset.failed); }
        else if (r.type === "opaqueredirect" || r.status === 401 || r.status === 400) { say(form.dataset.expired); }
        else { say(form.dataset.failed); }
      })
      .catch(function () { say(form.dataset.failed); });
  }
  // The server's refusals ({"a.key": ["message"]}) shown next to their fields as the applicant types, not only on "Save".
  function showErrors(errors) {
    form.querySelectorAll(".field__error--live").forEach(function (p) {
      var owner = document.getElementById(p.id.replace(/-live-error$/, ""));
      if (owner) owner.removeAttribute("aria-invalid");
      p.remove();
    });
    Object.keys(errors).forEach(function (name) {
      var control = document.getElementById("a_" + name.replace(/^a\./, ""));
      var box = control && control.closest(".field");
      if (!box) return;
      var anchor = box.querySelector(".choices, .field__input, .field__file");
      var error = document.createElement("p");
      error.className = "field__error field__error--live";
      error.id = control.id + "-live-error";
      error.textContent = errors[name].join(" ");
      anchor.parentNode.insertBefore(error, anchor);
      control.setAttribute("aria-invalid", "true");
      if ((control.getAttribute("aria-describedby") || "").indexOf(error.id) < 0)
        control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + error.id).trim());
    });
  }
  form.addEventListener("input", function (event) {
    if (event.target.type === "file") return;
    var copy = {};
    fields().forEach(function (e) { copy[e.name] = e.value; });
    try { localStorage.setItem(storeKey, JSON.stringify(copy)); } catch (e) { /* storage full or disabled */ }
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  });
})();

// Attachments: refuse a file of the wrong type or size before sending it (the server checks the content again).
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-size]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var message = "";
      if (file) {
        var allowed = (input.accept || "").split(",").filter(Boolean);
        var extension = "." + file.name.split(".").pop().toLowerCase();
        if (allowed.length && allowed.indexOf(extension) < 0) message = input.dataset.typeError;
        else if (file.size > Number(input.dataset.maxSize)) message = input.dataset.sizeError;
      }
      input.setCustomValidity(message);
      var error = input.parentNode.querySelector(".field__error--client");
      if (!error) {
        error = document.createElement("p");
        error.className = "field__error field__error--client";
        error.id = input.id + "-client-error";
        input.parentNode.insertBefore(error, input);
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + error.id).trim());
      }
      error.textContent = message;
      error.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
  });
  // The forms are novalidate (errors are shown our way): stop an upload whose file was refused above.
  document.addEventListener("submit", function (event) {
    var input = event.submitter && event.submitter.parentNode.querySelector("input[type=file][data-max-size]");
    if (input && event.submitter.formAction.indexOf("handler=Upload") >= 0 && input.validationMessage) {
      event.preventDefault();
      input.focus();
    }
  });
})();

document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
