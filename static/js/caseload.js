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

  // Minutes: one tap on a quick pick fills the box (which stays for any other number).
  document.querySelectorAll("[data-minute-picks]").forEach(function (group) {
    var input = document.getElementById(group.getAttribute("data-minute-picks"));
    if (!input) { return; }
    var buttons = group.querySelectorAll("button[data-minutes]");
    var mark = function () {
      buttons.forEach(function (button) {
        var on = button.getAttribute("data-minutes") === input.value.trim();
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.classList.toggle("active", on);
      });
    };
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        input.value = button.getAttribute("data-minutes");
        mark();
      });
    });
    input.addEventListener("input", mark);
    group.hidden = false;
    mark();
  });

  // Filters apply as soon as they change.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select, input[type=checkbox]").forEach(function (field) {
      field.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
})();
