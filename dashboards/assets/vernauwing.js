// kernmonitor: keep the narrowing to one gebiedsmakelaar's kernen while navigating (issue 15), EUPL-1.2.
//
// `?gebiedsmakelaar=<werknaam>` narrows every page to that gebiedsmakelaar's kernen (dashboards/context.py). This
// script keeps the parameter on every link inside the app, in one place instead of on every page:
// - every in-app link (menu, kern links, buttons) gets it in its href, so it shows on hover and survives "open in
//   a new tab"; the link's own href is remembered, so ending the narrowing takes it off again;
// - every navigation inside the app (dcc.Link, the menu, a map click that opens a kern) goes through
//   history.pushState / replaceState, which add it when the new address does not name a gebiedsmakelaar itself.
// An explicit `?gebiedsmakelaar=` (empty) in a link ends the narrowing.
(function () {
  var PARAMETER = "gebiedsmakelaar";
  var BASIS = "data-href-basis";

  function huidige() {
    var waarde = new URLSearchParams(window.location.search).get(PARAMETER);
    return waarde && waarde.trim() ? waarde : null;
  }

  function isPagina(url) {
    // Pages of this app only: not Dash's own routes, assets, downloads or other sites.
    if (url.origin !== window.location.origin) return false;
    var pad = url.pathname;
    return !(pad.indexOf("/_") === 0 || pad.indexOf("/assets/") === 0 || /\.[a-z0-9]+$/i.test(pad));
  }

  function metVernauwing(href, naam) {
    if (!naam || typeof href !== "string" || href.charAt(0) !== "/" || href.charAt(1) === "/") return href;
    var url = new URL(href, window.location.origin);
    if (!isPagina(url) || url.searchParams.has(PARAMETER)) return href;
    url.searchParams.set(PARAMETER, naam);
    return url.pathname + url.search + url.hash;
  }

  function bijwerken() {
    var naam = huidige();
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var basis = link.getAttribute(BASIS);
      var href = link.getAttribute("href");
      if (basis === null || (href !== basis && href !== link.getAttribute("data-href-gezet"))) {
        basis = href; // new, or React gave the link a new href
        link.setAttribute(BASIS, basis);
      }
      var gewenst = metVernauwing(basis, naam);
      if (href !== gewenst) {
        link.setAttribute("href", gewenst);
      }
      link.setAttribute("data-href-gezet", gewenst);
    }
  }

  ["pushState", "replaceState"].forEach(function (methode) {
    var origineel = window.history[methode];
    window.history[methode] = function (state, titel, url) {
      if (typeof url === "string") {
        url = metVernauwing(url, huidige());
      }
      var resultaat = origineel.call(window.history, state, titel, url);
      window.setTimeout(bijwerken, 0);
      return resultaat;
    };
  });
  window.addEventListener("popstate", function () {
    window.setTimeout(bijwerken, 0);
  });

  var gepland = false;
  new MutationObserver(function () {
    if (gepland) return;
    gepland = true;
    window.requestAnimationFrame(function () {
      gepland = false;
      bijwerken();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
