// Fits Decap CMS to the site's files and rules where its config cannot say it.
//
// 1. File names. With i18n `multiple_files`, Decap names every language version, the default
//    one included: stories/<story>/index.en.md. The site's original is
//    stories/<story>/index.md and its translations index.km.md, ... So every backend (GitHub,
//    and decap-server for local editing) is wrapped: Decap's "<name>.en.md" is the
//    repository's "<name>.md", both ways.
// 2. Empty language versions. Decap writes a file for every language even when nothing was
//    written in it (decap-cms issue 6932); those files are dropped instead of saved.
// 3. Half-done translations. Decap checks required fields only in the default language, so a
//    translation missing its title or text is refused here, before anything is saved.
// 4. Photo description. Required when a photo is chosen and not marked decorative: the
//    "alt-text" widget, a text field with that rule.
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var settings = window.ClemencyAdminSettings;  // settings.js, written by the admin plugin
  var DEFAULT = settings.defaultLocale;
  var FOLDERS = settings.folders;

  function inFolders(path) {
    return FOLDERS.some(function (folder) { return path.indexOf(folder + "/") === 0; });
  }

  // "stories/<story>/index.en.md" -> "stories/<story>/index.md"
  function toRepo(path) {
    if (typeof path !== "string" || !inFolders(path)) return path;
    var suffix = "." + DEFAULT + ".md";
    var name = path.slice(path.lastIndexOf("/") + 1);
    if (name.slice(-suffix.length) !== suffix) return path;
    var stem = name.slice(0, -suffix.length);
    return stem.indexOf(".") === -1 ? path.slice(0, -suffix.length) + ".md" : path;
  }

  // "stories/<story>/index.md" -> "stories/<story>/index.en.md"; "index.km.md" stays.
  function toCms(path) {
    if (typeof path !== "string" || !inFolders(path) || path.slice(-3) !== ".md") return path;
    var name = path.slice(path.lastIndexOf("/") + 1);
    return name.slice(0, -3).indexOf(".") === -1 ? path.slice(0, -3) + "." + DEFAULT + ".md" : path;
  }

  function collectionOf(path) {
    return FOLDERS.filter(function (folder) { return path.indexOf(folder + "/") === 0; })[0];
  }

  function localeOf(path) {
    var parts = path.slice(path.lastIndexOf("/") + 1).split(".");
    return parts.length === 3 ? parts[1] : DEFAULT;
  }

  // A translation keeps only the fields written per language (title, summary, ...): the rest
  // comes from index.md, and the site refuses a translation that sets consent, date, ... Decap
  // may still put some there (a hidden control that fills itself in), so they are dropped here.
  // Decap writes block-style YAML: each top-level field starts a line, its value lines indent.
  var FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n?---\r?\n?([\s\S]*)$/;
  var EMPTY_VALUE = /^\s*(''|""|\[\]|\{\}|null)\s*$/;
  function translationOnly(raw, keep) {
    var text = String(raw || "");
    var match = FRONT_MATTER.exec(text);
    if (!match) return { raw: text, empty: !text.trim() };
    var lines = [];
    var keeping = false;
    match[1].split(/\r?\n/).forEach(function (line) {
      var key = /^([A-Za-z_][\w-]*):(.*)$/.exec(line);
      if (key) keeping = keep.indexOf(key[1]) !== -1 && !EMPTY_VALUE.test(key[2]);
      if (keeping) lines.push(line);
    });
    // "content_notes:" with no indented line under it says nothing either.
    var said = lines.filter(function (line, i) {
      return /^\s/.test(line) || !/:\s*$/.test(line) || /^\s/.test(lines[i + 1] || "");
    });
    var body = match[2];
    return { raw: "---\n" + said.map(function (l) { return l + "\n"; }).join("") + "---\n" + body,
             empty: said.length === 0 && !body.trim() };
  }

  function withCmsPaths(entries) {
    (entries || []).forEach(function (e) { if (e && e.file) e.file.path = toCms(e.file.path); });
    return entries;
  }

  var overrides = {
    entriesByFolder: function (call, args) {
      return call(args).then(withCmsPaths);
    },
    allEntriesByFolder: function (call, args) {
      var regex = args[3];
      if (regex) args[3] = { test: function (path) { return regex.test(toCms(path)); } };
      return call(args).then(withCmsPaths);
    },
    entriesByFiles: function (call, args) {
      args[0] = args[0].map(function (f) { return Object.assign({}, f, { path: toRepo(f.path) }); });
      return call(args).then(withCmsPaths);
    },
    getEntry: function (call, args) {
      var asked = args[0];
      args[0] = toRepo(asked);
      return call(args).then(function (entry) {
        if (entry && entry.file) entry.file.path = asked;
        return entry;
      });
    },
    persistEntry: function (call, args) {
      var entry = args[0];
      var keep = settings.translatedKeys[collectionOf(entry.dataFiles[0].path)] || [];
      var files = [];
      entry.dataFiles.forEach(function (f) {
        var out = Object.assign({}, f, { path: toRepo(f.path) });
        if (f.newPath) out.newPath = toRepo(f.newPath);
        if (localeOf(f.path) !== DEFAULT) {
          var translation = translationOnly(f.raw, keep);
          if (translation.empty) return;  // nothing written in this language: no file
          out.raw = translation.raw;
        }
        files.push(out);
      });
      args[0] = Object.assign({}, entry, { dataFiles: files });
      return call(args);
    },
    unpublishedEntry: function (call, args) {
      return call(args).then(function (data) {
        (data && data.diffs || []).forEach(function (d) {
          d.path = toCms(d.path);
          if (d.newPath) d.newPath = toCms(d.newPath);
        });
        return data;
      });
    },
    unpublishedEntryDataFile: function (call, args) {
      args[2] = toRepo(args[2]);
      return call(args);
    },
    deleteFiles: function (call, args) {
      args[0] = args[0].map(toRepo);
      return call(args);
    },
    deleteFile: function (call, args) {
      args[0] = toRepo(args[0]);
      return call(args);
    },
  };

  function adapt(implementation) {
    return new Proxy(implementation, {
      get: function (target, prop) {
        var value = target[prop];
        if (typeof value !== "function") return value;
        var call = function (args) { return Promise.resolve(value.apply(target, args)); };
        if (Object.prototype.hasOwnProperty.call(overrides, prop)) {
          return function () { return overrides[prop](call, Array.prototype.slice.call(arguments)); };
        }
        return function () { return value.apply(target, arguments); };
      },
    });
  }

  settings.backends.forEach(function (name) {
    var registered = CMS.getBackend(name);
    if (!registered) return;
    var init = registered.init;
    registered.init = function () { return adapt(init.apply(this, arguments)); };
  });

  function filled(value) {
    if (value === undefined || value === null) return false;
    if (typeof value === "string") return value.trim() !== "";
    if (typeof value.size === "number") return value.size > 0;
    return true;
  }

  // Refuse a translation that was started but lacks a required field.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var required = settings.translated[entry.get("collection")] || [];
      Object.keys(settings.locales).forEach(function (locale) {
        if (locale === DEFAULT) return;
        var data = entry.getIn(["i18n", locale, "data"]);
        if (!data) return;
        var started = required.concat(settings.optionalTranslated[entry.get("collection")] || [])
          .some(function (f) { return filled(data.get(f[0])); });
        if (!started) return;
        var missing = required.filter(function (f) { return !filled(data.get(f[0])); })
          .map(function (f) { return f[1]; });
        if (missing.length) {
          var language = settings.locales[locale];
          throw new Error("The " + language + " version is not finished: it still needs " +
            missing.join(", ") + ". Fill them in, or empty the " + language +
            " version to save without it.");
        }
      });
      return undefined;
    },
  });

  // The photo description: a text field, required only when a photo is chosen and not decorative.
  var StringWidget = CMS.getWidget("string");
  var AltTextControl = window.createClass({
    // Decap re-renders a field only when its own value changes, so `props.entry` can predate the
    // photo being chosen: read the entry as it is now, and re-render with every change.
    shouldComponentUpdate: function () { return true; },
    needed: function () {
      var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      var photo = entry && entry.getIn(["data", "photo"]);
      return Boolean(photo && photo.get("src") && !photo.get("decorative"));
    },
    // The field is "required" in the config, so Decap labels it without "(optional)"; its
    // presence check reads this value, and the rule with its own message is isValid below.
    getValidateValue: function () {
      var value = this.props.value;
      return typeof value === "string" && value.trim() ? value : "not needed";
    },
    isValid: function () {
      var value = this.props.value;
      if (typeof value === "string" && value.trim()) return true;
      if (this.needed()) {
        return { error: { type: "PRESENCE", parentIds: this.props.parentIds,
          message: "A photo needs a description unless it is decorative: say who is in it " +
                   "and what they are doing, or switch on Decorative." } };
      }
      return true;
    },
    render: function () { return h(StringWidget.control, this.props); },
  });
  CMS.registerWidget("alt-text", AltTextControl, StringWidget.preview);

  // 5. One or many. The schema lets a file hold one attorney (a group) or one content note (a
  //    line) where a list is allowed, as `invoke new-story` writes them; Decap's list and
  //    multiple-select widgets only read lists. Show a single value as a one-item list; the
  //    file keeps its form until someone edits the field.
  function isList(value) {
    return Boolean(value) && value["@@__IMMUTABLE_LIST__@@"] === true;  // Immutable's List.isList
  }
  function asList(props) {
    var value = props.value;
    if (value === undefined || value === null || value === "" || isList(value)) return value;
    var any = [props.field.get("fields"), props.field.get("options"),
               props.entry && props.entry.get("mediaFiles")].filter(isList)[0];
    return any ? any.clear().push(value) : value;
  }
  function acceptOne(name, applies, forwardValidate) {
    var registered = CMS.getWidget(name);
    if (!registered) return;
    var Inner = registered.control;
    var spec = {
      keep: function (control) { this.inner = control; },
      isValid: function () {
        return this.inner && this.inner.isValid ? this.inner.isValid() : true;
      },
      focus: function (path) { if (this.inner && this.inner.focus) this.inner.focus(path); },
      render: function () {
        var props = this.props;
        var extra = { ref: this.keep };
        if (applies(props.field)) extra.value = asList(props);
        return h(Inner, Object.assign({}, props, extra));
      },
    };
    if (forwardValidate) {
      spec.validate = function () {
        return this.inner && this.inner.validate ? this.inner.validate() : undefined;
      };
    }
    registered.control = window.createClass(spec);
  }
  acceptOne("list", function () { return true; }, true);
  acceptOne("select", function (field) { return field.get("multiple"); }, false);

  window.ClemencyAdmin = { toRepo: toRepo, toCms: toCms, translationOnly: translationOnly };
})();
