// On the form that records a request for support: once the lead is chosen, offer only the kinds of their role.
// The server refuses a kind of another role whatever this script does.
(function () {
  "use strict";

  function offerKindsOf(kindSelect, role) {
    kindSelect.querySelectorAll("option[data-role]").forEach(function (option) {
      var other = Boolean(role) && option.dataset.role !== role;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) {
        kindSelect.value = "";
      }
    });
    kindSelect.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }

  window.addEventListener("load", function () {
    var kindSelect = document.getElementById("id_kind");
    var lead = document.getElementById("id_lead");
    if (!kindSelect || !lead || !window.django || !window.django.jQuery) {
      return;
    }
    var $lead = window.django.jQuery(lead);
    $lead.on("select2:select", function (event) {
      offerKindsOf(kindSelect, (event.params && event.params.data && event.params.data.role) || "");
    });
    $lead.on("select2:clear", function () {
      offerKindsOf(kindSelect, "");
    });
  });
})();
