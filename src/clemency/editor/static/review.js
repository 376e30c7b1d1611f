// The review copy for the client, from a story's page in the editor on this computer (`invoke
// cms`): the same page as `invoke review-copy <story> --lang <language>`, made by the editor's
// local backend (clemency.editor.review, behind its guard) from the story as last saved. The
// hosted editor has no local backend, so no button: staff run the command there.
(function () {
  "use strict";
  var settings = window.ClemencyAdminSettings;  // settings.js, written by the admin plugin
  var local = settings.localBackend;
  if (!local) return;
  var STORY = /^#\/collections\/stories\/entries\/([^/?]+)\/index(?:\?|$)/;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  // Bottom right, beside Decap's round buttons and over the preview or translation column, so
  // the form itself stays uncovered.
  var panel = element("section", { "class": "clemency-review", "aria-label": "Review copy" });
  Object.assign(panel.style, {
    position: "fixed", right: "5rem", bottom: "1rem", zIndex: 1000, maxWidth: "22rem",
    padding: "0.75rem", background: "#fff", border: "1px solid #798291", borderRadius: "5px",
    boxShadow: "0 2px 6px rgba(0,0,0,0.2)", font: "14px/1.4 sans-serif", color: "#313d3e",
  });
  var label = element("label", { "for": "clemency-review-lang" }, "Review copy in ");
  var languages = element("select", { id: "clemency-review-lang" });
  Object.keys(settings.locales).forEach(function (code) {
    var option = element("option", { value: code }, settings.locales[code]);
    if (code === settings.defaultLocale) option.selected = true;
    languages.appendChild(option);
  });
  var button = element("button", { type: "button" }, "Make a review copy for the client");
  button.style.marginTop = "0.5rem";
  var status = element("p", { role: "status" });
  status.style.margin = "0.5rem 0 0";
  var link = element("a", { target: "_blank", rel: "noopener" }, "Open the review copy to print");
  link.hidden = true;
  Object.assign(link.style, { color: "#3a69c7", textDecoration: "underline", fontWeight: "600" });
  [label, languages, element("br"), button, status, link].forEach(function (n) {
    panel.appendChild(n);
  });

  var lastUrl = null;
  function story() {
    var match = STORY.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }
  function show() {
    var name = story();
    if (name && !panel.isConnected) document.body.appendChild(panel);
    if (!name && panel.isConnected) panel.remove();
    if (name && panel.dataset.story !== name) {
      panel.dataset.story = name;
      status.textContent = "Made from the story as last saved, for the client to read and sign.";
      link.hidden = true;
    }
  }

  button.addEventListener("click", function () {
    var name = story();
    if (!name) return;
    button.disabled = true;
    link.hidden = true;
    status.textContent = "Making the review copy… this takes a few seconds.";
    fetch(local.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },  // backend-key.js adds this run's key
      body: JSON.stringify({ action: "reviewCopy", params: { story: name, lang: languages.value } }),
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          status.textContent = "Not made: " + String(answer.body.error || "").replace(/^refused: /, "");
          return;
        }
        if (lastUrl) URL.revokeObjectURL(lastUrl);
        lastUrl = URL.createObjectURL(new Blob([answer.body.html], { type: "text/html" }));
        link.href = lastUrl;
        link.hidden = false;
        status.textContent = "Saved in the project folder as " + answer.body.path +
          (answer.body.pdf ? " and " + answer.body.pdf : "") + ". It is not part of the website.";
      })
      .catch(function () {
        status.textContent = "Not made: the editor's local backend did not answer. Is `invoke cms` " +
          "still running?";
      })
      .then(function () { button.disabled = false; });
  });

  window.addEventListener("hashchange", show);
  document.addEventListener("DOMContentLoaded", show);
  show();
})();
