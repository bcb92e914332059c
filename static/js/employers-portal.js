// Disable a form's send button once pressed, so a double click sends once.
// (The server also refuses a repeated submission by its one-time key.)
document.querySelectorAll("form button[data-once]").forEach(function (button) {
  button.form.addEventListener("submit", function () {
    window.setTimeout(function () {
      button.disabled = true;
      button.textContent = "Sending…";
    }, 0);
  });
});
