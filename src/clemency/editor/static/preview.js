// The preview pane shows the real page from the running preview site (invoke cms), not a copy of
// the theme: what staff see is exactly what visitors will get, after saving and the rebuild.
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var settings = window.ClemencyAdminSettings;  // settings.js, written by the admin plugin
  var base = settings.previewUrl.replace(/\/$/, "");

  var box = { fontFamily: "system-ui, sans-serif", fontSize: "15px", lineHeight: "1.5",
              color: "#1f2328", padding: "0 56px 0 4px" };
  var frame = { width: "100%", height: "80vh", border: "1px solid #c9ced6", borderRadius: "4px" };

  function pagePreview(addressOf, noun) {
    return window.createClass({
      render: function () {
        var slug = (this.props.entry.get("slug") || "").split("/")[0];
        if (!slug) {
          return h("div", { style: box },
            h("p", {}, "Save the " + noun + " to see its page here. The preview site rebuilds a " +
                       "few seconds after each save."));
        }
        var url = base + addressOf(slug);
        return h("div", { style: box },
          h("p", {},
            "The " + noun + " as the preview site shows it, from the last save. After saving, " +
            "wait a moment for the page to refresh, or ",
            h("a", { href: url, target: "_blank", rel: "noopener" }, "open it in a new tab"),
            ". If the page is missing, the site could not be built: run invoke check to see why."),
          h("iframe", { src: url, title: "Preview of this " + noun, style: frame }));
      },
    });
  }

  CMS.registerPreviewTemplate("stories", pagePreview(function (slug) {
    return "/stories/" + slug + "/";
  }, "story"));
  CMS.registerPreviewTemplate("pages", pagePreview(function (slug) {
    return "/" + slug + "/";
  }, "page"));
})();
