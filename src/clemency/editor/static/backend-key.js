// The local backend (`invoke cms`) answers only requests that carry this run's key: every
// request to it gets the key as a header. Loaded before Decap, so Decap's fetch is this one.
(function () {
  "use strict";
  var original = window.fetch;
  window.fetch = function (input, init) {
    var local = (window.ClemencyAdminSettings || {}).localBackend;  // settings.js
    var url = input instanceof Request ? input.url : String(input);
    if (local && local.key && url.indexOf(local.url) === 0) {
      var headers = new Headers((init && init.headers) ||
                                (input instanceof Request ? input.headers : undefined));
      headers.set("X-Clemency-Editor-Key", local.key);
      init = Object.assign({}, init, { headers: headers });
    }
    return original.call(this, input, init);
  };
})();
