// Optional enhancement for the search page: mounts Pagefind's search UI, in the page's language
// (its strings come from the site's catalogs, in data-translations). Khmer writes no spaces
// between words: the index was built from text cut into words by ICU (clemency.segment), and
// the query is cut the same way here, by the browser's ICU (Intl.Segmenter), so a word from the
// middle of a sentence is found. Without this script the page still lists every story.
// No inline code: the Content-Security-Policy forbids it.
(function () {
  "use strict";
  var root = document.getElementById("scp-search");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var KHMER_RUN = /[\u1780-\u17ff\u19e0-\u19ff]+/g;
  var segmenter = null;
  if (window.Intl && typeof Intl.Segmenter === "function") {
    segmenter = new Intl.Segmenter("km", { granularity: "word" });
  }

  function segmentKhmer(term) {
    if (!segmenter) {
      return term;
    }
    return term.replace(KHMER_RUN, function (run) {
      var words = [];
      for (var part of segmenter.segment(run)) {
        words.push(part.segment);
      }
      return words.join(" ");
    });
  }

  var translations = {};
  try {
    translations = JSON.parse(root.getAttribute("data-translations") || "{}");
  } catch (error) {
    translations = {};
  }
  var ui = new window.PagefindUI({
    element: "#scp-search",
    bundlePath: root.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    excerptLength: 24,
    translations: translations,
    processTerm: segmentKhmer
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
