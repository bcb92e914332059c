// In-work support forms: show fields only when they apply. Without JS all show.
(function () {
  "use strict";
  function toggle(section, shown) {
    if (section) { section.hidden = !shown; }
  }
  function wire(control, section, isShown) {
    if (!control || !section) { return; }
    var update = function () { toggle(section, isShown(control)); };
    control.addEventListener("change", update);
    update();
  }
  var employer = document.getElementById("id_employer");
  wire(employer, document.getElementById("new-employer"), function (c) { return !c.value; });
  var contract = document.getElementById("id_contract_type");
  var end = document.getElementById("id_fixed_term_end");
  var endBlock = end && end.closest(".mb-3");
  wire(contract, endBlock, function (c) { return c.value === "fixed_term"; });
  var changed = document.getElementById("id_terms_changed");
  wire(changed, document.getElementById("new-terms"), function (c) { return c.checked; });
  // The contact form: how employment was confirmed, only for 6 and 12 months.
  var checkin = document.getElementById("id_checkin");
  var confirmed = document.getElementById("id_confirmed_by");
  wire(checkin, confirmed && confirmed.closest(".mb-3"), function (c) {
    var option = c.options[c.selectedIndex];
    return Boolean(option && option.hasAttribute("data-milestone"));
  });
  var hours = document.getElementById("id_hours_per_week");
  var kind = document.getElementById("hours-kind");
  if (hours && kind) {
    var show = function () {
      var value = parseFloat(hours.value);
      kind.textContent = isNaN(value) ? "" : (value >= 30 ? "Full-time" : "Part-time");
    };
    hours.addEventListener("input", show);
    show();
  }
})();
