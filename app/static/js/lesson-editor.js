/* Live preview for the lesson editor: the server renders and sanitises, this file only asks.
   Without JavaScript the form's "Preview" button does the same with a full page load. */
(function () {
  "use strict";

  var DELAY_MS = 400;

  function csrfToken(form) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { return meta.getAttribute("content"); }
    var field = form.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  function start(form) {
    var textarea = form.querySelector("textarea[name=body]");
    var pane = document.getElementById("lesson-preview");
    var url = form.getAttribute("data-preview-url");
    if (!textarea || !pane || !url) { return; }
    var timer = null;
    var latest = 0;

    function render() {
      var ticket = ++latest;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrfToken(form)
        },
        body: JSON.stringify({ markdown: textarea.value })
      }).then(function (response) {
        if (!response.ok) { throw new Error("preview failed: " + response.status); }
        return response.json();
      }).then(function (data) {
        if (ticket === latest) { pane.innerHTML = data.html; }  /* sanitised by the server */
      }).catch(function () {
        if (ticket === latest) {
          pane.textContent = pane.getAttribute("data-error") || "Preview unavailable; use the Preview button.";
        }
      });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, DELAY_MS);
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.lesson-editor");
    if (form) { start(form); }
  });
})();
