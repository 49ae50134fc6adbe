// kernmonitor: keyboard access (WCAG 2.1.1 and 2.1.2), EUPL-1.2.
//
// dash_table.DataTable takes Tab and Enter inside a table to move between its cells, even when its cells are not
// selectable (cell_selectable=False): it cancels the key, so focus stays on the first link in the table (a keyboard
// trap) and Enter does not follow that link. Tab and Shift+Tab inside a table, and Enter on a link in it, do what
// they do anywhere else: the table never sees them (stopping the event does not cancel the browser's own action).
document.addEventListener(
  "keydown",
  function (event) {
    var doel = event.target;
    if (!(doel instanceof Element) || !doel.closest(".dash-table-container")) {
      return;
    }
    if (event.key === "Tab" || (event.key === "Enter" && doel.closest("a[href]"))) {
      event.stopPropagation();
    }
  },
  true
);
