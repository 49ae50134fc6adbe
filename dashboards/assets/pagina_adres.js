// kernmonitor: tells the server which page Dash's layout is asked for (dashboards/app.py, _page_in_layout),
// EUPL-1.2.
//
// Dash's renderer first asks for its layout (the shell) and only then, once the shell is drawn, asks the pages
// router for the page at the browser's address. The server puts that page into the layout itself when it knows the
// address: this adds it, exactly as the address bar has it (path and query, percent-encoded), to the layout request
// only, in a header of its own. The Referer is not used for this: a browser or proxy may trim or rewrite it.
// Should adding the header fail, the request goes as it was (the page then comes through the router).
(function () {
  var eigenFetch = window.fetch;
  if (typeof eigenFetch !== "function") return;
  window.fetch = function (bron, opties) {
    try {
      var url = typeof bron === "string" ? bron : bron && bron.url;
      if (url && /(^|\/)_dash-layout$/.test(String(url).split("?")[0])) {
        var eerdere = (opties && opties.headers) || (bron instanceof Request ? bron.headers : undefined);
        var koppen = new Headers(eerdere || {});
        koppen.set("X-Kernmonitor-Pagina", window.location.pathname + window.location.search);
        return eigenFetch.call(this, bron, Object.assign({}, opties, { headers: koppen }));
      }
    } catch (e) {
      // fall through: the request as the renderer made it
    }
    return eigenFetch.call(this, bron, opties);
  };
})();
