// Caseload pages: small conveniences; every page works without them.
(function () {
  "use strict";

  // A second tap on a submit button while the first is in flight does nothing.
  // (The server also refuses duplicates: the contact form carries a one-time key.)
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  // Filters apply as soon as they change.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select, input[type=checkbox]").forEach(function (field) {
      field.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
})();
