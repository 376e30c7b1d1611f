// Decap starts by itself unless told not to: files.js must adapt its backends first, then start it.
window.CMS_MANUAL_INIT = true;
