// "Which school is asking?": GOV.UK's accessible autocomplete over the search box, suggesting open schools as the
// person types (from the suggestions URL on the form). Choosing a suggestion chooses that school and moves on;
// typing and pressing Enter still runs the plain search, which is also what happens without JavaScript.
(function () {
  "use strict";

  var DELAY_MS = 200;

  // The autocomplete puts a suggestion's text into the page as HTML.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (character) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[character];
    });
  }

  function init() {
    var form = document.querySelector("form.app-school-search");
    if (!form || !window.accessibleAutocomplete) return;
    var input = form.querySelector("#id_q");
    var container = document.getElementById("id_q-container");
    if (!input || !container) return;

    var url = form.getAttribute("data-suggestions-url");
    var hasError = input.classList.contains("govuk-input--error");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    var spoken = described
      .map(function (id) {
        var element = document.getElementById(id);
        return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
      })
      .filter(Boolean)
      .join(". ");
    var timer = null;
    var latest = 0;

    function suggest(query, populate) {
      window.clearTimeout(timer);
      var ask = ++latest;
      timer = window.setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (ask === latest) populate(data.results || []);
          })
          .catch(function () {
            if (ask === latest) populate([]);
          });
      }, DELAY_MS);
    }

    function choose(school) {
      if (!school || !school.urn) return;
      [["urn", school.urn], ["answered", "1"]].forEach(function (pair) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = pair[0];
        hidden.value = pair[1];
        form.appendChild(hidden);
      });
      form.submit();
    }

    var value = input.value;
    container.removeChild(input);
    window.accessibleAutocomplete({
      element: container,
      id: "id_q",
      name: "q",
      defaultValue: value,
      minLength: 2,
      confirmOnBlur: false,
      showNoOptionsFound: true,
      inputClasses: "govuk-input" + (hasError ? " govuk-input--error" : ""),
      source: suggest,
      onConfirm: choose,
      templates: {
        inputValue: function (school) {
          return school ? school.label : "";
        },
        suggestion: function (school) {
          return escapeHtml(typeof school === "string" ? school : school.label);
        },
      },
      tNoResults: function () {
        return "No open school found: press Enter to search";
      },
      tAssistiveHint: function () {
        return (
          (spoken ? spoken + ". " : "") +
          "When suggestions are available use up and down arrows to review and enter to select. " +
          "Touch device users, explore by touch or with swipe gestures."
        );
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
