// The editor in the words of the people who use it (Decap CMS's own words are a developer's):
//
// 1. Wording. Decap's English phrases are replaced where they speak Git or jargon: "Not saved"
//    and "Saved"; "Not published yet", "Waiting for review", "Ready to publish" for its
//    Draft/In review/Ready; "Copy from another language".
// 2. The interface language follows the staffer's browser among the site's languages that Decap
//    has a translation for (settings.editorLocales); English otherwise.
// 3. Language names, not codes: Decap labels its language menus "EN", "KM"; those words in its
//    buttons and menus become "English", "Khmer" (never inside the story text).
// 4. A new story opens in English only, with no second language column, and says "Not saved"
//    until it is saved (Decap says "Changes saved" for a form nobody has saved yet).
(function () {
  "use strict";
  var CMS = window.CMS;
  var settings = window.ClemencyAdminSettings;  // settings.js, written by the admin plugin

  var WORDING = {
    app: {
      header: { workflow: "Review" },
    },
    editor: {
      editorToolbar: {
        unsavedChanges: "Not saved",
        changesSaved: "Saved",
        draft: "Not published yet",
        inReview: "Waiting for review",
        ready: "Ready to publish",
        status: "Status: %{status}",
        backCollection: " All %{collectionLabel}",
        statusInfoTooltipDraft: "This story is not published yet. When it is ready for a " +
          "colleague to check, set the status to ‘Waiting for review’.",
        statusInfoTooltipInReview: "A colleague is checking this story. You can still make " +
          "changes.",
      },
      editorControlPane: {
        i18n: { copyFromLocale: "Copy from another language" },
      },
      editor: {
        onLeavePage: "This story is not saved. Leave without saving it?",
      },
    },
    ui: {
      toast: {
        missingRequiredField: "Not saved: some fields still need something. They are marked " +
          "in red below, each with what is missing.",
      },
    },
    workflow: {
      workflow: { workflowHeading: "Stories waiting to be published" },
      workflowList: {
        draftHeader: "Not published yet",
        inReviewHeader: "Waiting for review",
        readyHeader: "Ready to publish",
      },
    },
  };

  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" && base && typeof base[key] === "object"
        ? merge(base[key], value) : value;
    });
    return out;
  }
  var english = CMS.getLocale("en");
  if (english) CMS.registerLocale("en", merge(english, WORDING));

  // 2. The staffer's language, if the site has it and Decap speaks it.
  function chosenLocale() {
    var wanted = (navigator.languages || [navigator.language || "en"]).map(function (l) {
      return String(l).toLowerCase().split("-")[0];
    });
    var offered = settings.editorLocales || [];
    return wanted.filter(function (l) { return offered.indexOf(l) !== -1; })[0] || null;
  }
  // Decap validates a config given to init() on its own, so the file's config is read here, given
  // the staffer's language, and passed whole (load_config_file: false).
  var init = CMS.init;
  CMS.init = function (options) {
    var locale = chosenLocale();
    window.ClemencyEditorLocale = locale || settings.editorLocale;
    if (!locale || locale === settings.editorLocale) return init.call(this, options);
    var link = document.querySelector("link[rel=cms-config-url]");
    return fetch(link.href, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (config) {
        config.locale = locale;
        config.load_config_file = false;
        return init.call(CMS, Object.assign({}, options, { config: config }));
      });
  };

  // 4a. Decap reads which right-hand pane to show ("i18n": the second language column) when the
  //     form opens; for a new story the answer is "none", without changing the saved choice.
  function isNewEntry() { return /\/new(?:\?|$)/.test(window.location.hash); }
  var getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) {
    if (this === window.localStorage && key === "cms.right-pane" && isNewEntry()) return "none";
    return getItem.call(this, key);
  };

  // 3 and 4b. Decap's own words in its buttons and menus, adjusted as they appear.
  var NAMES = settings.locales;  // {"en": "English", "km": "Khmer", ...}
  var CODES = new RegExp("\\b(" + Object.keys(NAMES).map(function (c) {
    return c.toUpperCase();
  }).join("|") + ")\\b", "g");
  function phrase(path) {
    var current = CMS.getLocale((window.ClemencyEditorLocale || "en")) || english || {};
    return path.reduce(function (node, key) { return node && node[key]; }, current);
  }
  function adjust(node) {
    var parent = node.parentElement;
    if (!parent || parent.closest("[contenteditable], textarea, input")) return;
    var text = node.nodeValue;
    if (parent.closest("button, [role=button], [role=menuitem]") && CODES.test(text)) {
      CODES.lastIndex = 0;
      node.nodeValue = text.replace(CODES, function (code) { return NAMES[code.toLowerCase()]; });
      return;
    }
    CODES.lastIndex = 0;
    var saved = phrase(["editor", "editorToolbar", "changesSaved"]);
    var unsaved = phrase(["editor", "editorToolbar", "unsavedChanges"]);
    if (saved && text === saved && isNewEntry()) node.nodeValue = unsaved;
  }
  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) { adjust(root); return; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) adjust(n);
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "characterData") adjust(r.target);
      r.addedNodes.forEach(walk);
    });
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
