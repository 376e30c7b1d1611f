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
  // Pagefind's input has only a title; give it a visible label, in the page's language.
  var input = root.querySelector("input");
  if (input) {
    input.id = "scp-search-input";
    var label = document.createElement("label");
    label.className = "scp-search__label";
    label.htmlFor = input.id;
    label.textContent = root.getAttribute("data-label");
    root.insertBefore(label, root.firstChild);
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
}());
