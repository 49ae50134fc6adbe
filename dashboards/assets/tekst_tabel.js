// kernmonitor: a table of text drawn as one Dash component (dashboards/tekst_tabel.py), EUPL-1.2.
//
// Dash draws every html.Td as a component of its own, each with its own bookkeeping in the browser; the tables
// beside the charts ("Toon als tabel") were a third of a kern page's ~1.600 components. This draws the same table
// (the classes of dash-bootstrap-components' Table: striped, small, optionally in a scrolling div) from the
// headings and rows as text, in one component. React escapes every text.
(function () {
  var e = window.React.createElement;

  function TekstTabel(props) {
    var kop = props.kop || [];
    var regels = props.regels || [];
    var rijkoppen = !!props.rijkoppen;
    var hoofd = e(
      "thead",
      null,
      e("tr", null, kop.map(function (k, i) { return e("th", { key: i, scope: "col" }, k); }))
    );
    var lijf = e(
      "tbody",
      null,
      regels.map(function (regel, r) {
        return e(
          "tr",
          { key: r },
          regel.map(function (cel, c) {
            return rijkoppen && c === 0
              ? e("th", { key: c, scope: "row", className: "fw-normal" }, cel)
              : e("td", { key: c }, cel);
          })
        );
      })
    );
    var klassen = ["table", "table-sm", "table-striped"];
    if (props.className) klassen.unshift(props.className);
    var tabel = e("table", { id: props.id, className: klassen.join(" ") }, hoofd, lijf);
    return props.responsive ? e("div", { className: "table-responsive" }, tabel) : tabel;
  }

  window.kernmonitor_componenten = Object.assign({}, window.kernmonitor_componenten, { TekstTabel: TekstTabel });
})();
