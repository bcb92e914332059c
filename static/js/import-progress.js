// A running caseload import's page reloads itself until the import has finished.
// (The Content-Security-Policy allows no inline script, hence this file.)
(function () {
  "use strict";
  var status = document.querySelector("[data-refresh-seconds]");
  if (!status) {
    return;
  }
  var seconds = Number(status.getAttribute("data-refresh-seconds")) || 2;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
