/* /verify: drop a credential file on the box to check it (the file input works without JS). */
(function () {
  "use strict";
  var form = document.querySelector("[data-credential-drop]");
  if (!form) { return; }
  var zone = form.querySelector("[data-drop-zone]");
  var input = form.querySelector("input[type=file]");
  var hint = form.querySelector("[data-drop-hint]");
  if (!zone || !input) { return; }
  if (hint) { hint.hidden = false; }
  input.setAttribute("accept", ".json,application/json,application/ld+json");
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("is-dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) { return; }
    input.files = files;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();
