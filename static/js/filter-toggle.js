// The search's filter panel on small screens: MOJ Frontend's FilterToggleButton hides it behind a "Show filter"
// button (the MOJ "filter a list" pattern); on wide screens the panel stays beside the results. Without JavaScript
// the panel is simply shown above the results.
//
// MOJ Frontend is imported from the URL the page gives (data-moj-frontend on this script's element), which is the
// URL the page template's own module script imports, hashed in production: the module is fetched and run once.
const script = document.querySelector("script[data-moj-frontend]");
const panel = document.querySelector(".moj-filter-layout .moj-filter");
const toggleContainer = document.querySelector(".app-filter-toggle");

// The stylesheet hides the panel on small screens until the toggle has started: if it cannot start, show the panel,
// as without JavaScript.
function showWithoutToggle(error) {
  panel.setAttribute("data-moj-filter-init", "");
  throw error;
}

function start({ FilterToggleButton }) {
  // With the panel hidden, the button still says that the results are filtered.
  const chosen = panel.querySelectorAll(".moj-filter__tag").length;
  const filter = new FilterToggleButton(panel, {
    // Small screens start with the panel hidden whatever this says; on wide ones it would hide it too.
    startHidden: false,
    toggleButton: { showText: chosen ? `Show filter (${chosen} selected)` : "Show filter" },
    toggleButtonContainer: { element: toggleContainer },
    closeButtonContainer: { element: panel.querySelector(".moj-filter__header") },
  });
  // It shows and hides a panel in the page: it does not open a menu, as aria-haspopup would tell screen readers.
  filter.$menuButton.removeAttribute("aria-haspopup");
  // A filter with an error stays open, so that the error summary's links lead somewhere visible.
  if (panel.querySelector(".govuk-form-group--error")) {
    filter.showMenu();
  }
}

// No top-level await: browsers that run modules but not that (Safari before 15) would otherwise run nothing.
if (script && panel && toggleContainer && document.body.classList.contains("govuk-frontend-supported")) {
  import(script.dataset.mojFrontend).then(start).catch(showWithoutToggle);
}
