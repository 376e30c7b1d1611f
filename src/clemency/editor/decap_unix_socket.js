// Loaded into decap-server with `node --require` (clemency.cms_server): it makes decap-server
// listen on the private Unix socket named in CLEMENCY_DECAP_SOCKET instead of a TCP port, so no
// web page can reach it; only the guard (clemency.editor_guard) talks to it.
"use strict";
const net = require("net");
const socketPath = process.env.CLEMENCY_DECAP_SOCKET;
if (socketPath) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const done = args.find((arg) => typeof arg === "function");
    return done ? listen.call(this, socketPath, done) : listen.call(this, socketPath);
  };
}
