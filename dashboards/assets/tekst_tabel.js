// kernmonitor: a table of text drawn as one Dash component (dashboards/tekst_tabel.py), EUPL-1.2.
//
// Dash draws every html.Td as a component of its own, each with its own bookkeeping in the browser: the tables
// beside the charts ("Toon als tabel") were a third of a kern page's ~1.600 components; and a table a callback
// sends (the kern page's all figures, ~1.000 cells) Dash 4.4.1 draws at a cost per cell that grows with every
// component already on the page (8-12 s here). This draws the same markup (dash-bootstrap-components' Table
// classes, headers with scope) from the headings and rows as text, in one component. React escapes every text.
//
// A row is a list of cells, or {groep: text}: a heading over the rows below it (scope=colgroup). A cell is a text,
// or {tekst, badge: {tekst, className, title}}: the text with a badge after it. `bijschrift`: the caption;
// `gestreept: false`: rows not shaded in turn.
(function () {
  var e = window.React.createElement;

  function cel(inhoud) {
    if (inhoud === null || typeof inhoud !== "object") return inhoud;
    var badge = inhoud.badge;
    return [
      inhoud.tekst,
      badge ? e("span", { key: "badge", className: badge.className, title: badge.title }, badge.tekst) : null,
    ];
  }

  function TekstTabel(props) {
    var kop = props.kop || [];
    var regels = props.regels || [];
    var klassen = props.kolomklassen || [];
    var hoofd = e(
      "thead",
      null,
      e("tr", null, kop.map(function (k, i) { return e("th", { key: i, scope: "col" }, k); }))
    );
    var lijf = e(
      "tbody",
      null,
      regels.map(function (regel, r) {
        if (!Array.isArray(regel)) {
          return e("tr", { key: r }, e("th", { colSpan: kop.length, scope: "colgroup" }, regel.groep));
        }
        return e(
          "tr",
          { key: r },
          regel.map(function (inhoud, c) {
            if (props.rijkoppen && c === 0) {
              return e("th", { key: c, scope: "row", className: klassen[0] || "fw-normal" }, cel(inhoud));
            }
            return e("td", { key: c, className: klassen[c] || undefined }, cel(inhoud));
          })
        );
      })
    );
    var tabelklassen = ["table", "table-sm"];
    if (props.gestreept !== false) tabelklassen.push("table-striped");
    if (props.hover) tabelklassen.push("table-hover");
    if (props.className) tabelklassen.unshift(props.className);
    var bijschrift = props.bijschrift ? e("caption", null, props.bijschrift) : null;
    var tabel = e("table", { id: props.id, className: tabelklassen.join(" ") }, bijschrift, hoofd, lijf);
    return props.responsive ? e("div", { className: "table-responsive" }, tabel) : tabel;
  }

  window.kernmonitor_componenten = Object.assign({}, window.kernmonitor_componenten, { TekstTabel: TekstTabel });
})();
