// Optional enhancement for the search page: mounts Pagefind's own search UI. Without it the
// page still lists every story. No inline code: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  var root = document.getElementById("scp-search");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#scp-search",
    bundlePath: root.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
}());
