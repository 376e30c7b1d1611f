// Everything is registered (files.js, preview.js): start the editor.
window.CMS.init();
