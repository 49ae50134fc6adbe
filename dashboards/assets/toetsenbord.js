// kernmonitor: keyboard access (WCAG 2.1.1 and 2.1.2), EUPL-1.2.
//
// The tables (dash-ag-grid, see dashboards/components.py ag_tabel) take no focus on their cells or headers: Tab
// goes from link to link through a table and then out of it. AG Grid still listens to Tab and Enter inside its
// body to move between cells; Tab and Shift+Tab inside a table, and Enter on a link in it, do what they do anywhere
// else: the grid never sees them (stopping the event does not cancel the browser's own action).
document.addEventListener(
  "keydown",
  function (event) {
    var doel = event.target;
    if (!(doel instanceof Element) || !doel.closest(".kernmonitor-tabel")) {
      return;
    }
    if (event.key === "Tab" || (event.key === "Enter" && doel.closest("a[href]"))) {
      event.stopPropagation();
    }
  },
  true
);
