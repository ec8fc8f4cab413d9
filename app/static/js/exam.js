/* Exam pages: a countdown from the server's deadline and autosave of each answer.
 * The server decides: the countdown only tells the student, and when it reaches zero the page
 * goes to the result, which the server grades. Each autosave sends the revision the page last
 * saw; the server refuses a stale one (409), so two tabs cannot silently overwrite each other. */
(function () {
  "use strict";

  function startTimer(timer) {
    var value = timer.querySelector("[data-exam-timer-value]");
    var end = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      timer.classList.toggle("is-low", left < 300);
      if (left === 0) {
        window.location.assign(timer.getAttribute("data-expired-url"));
        return;
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  function formFields(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf_token" || name === "revision") { return; }
      (fields[name] = fields[name] || []).push(String(value));
    });
    return fields;
  }

  function enableAutosave(form) {
    var status = form.querySelector("[data-save-status]");
    var revision = form.querySelector("[data-revision]");
    var token = form.querySelector("input[name='csrf_token']").value;
    var pending = null;
    var busy = false;
    var stopped = false;
    var submitAfter = null;

    function say(key) { status.textContent = status.getAttribute(key) || ""; }

    function save() {
      pending = null;
      if (stopped) { return; }
      if (busy) { pending = window.setTimeout(save, 800); return; }
      busy = true;
      fetch(form.getAttribute("data-autosave-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({
          position: parseInt(form.getAttribute("data-position"), 10),
          revision: parseInt(revision.value, 10),
          fields: formFields(form)
        })
      }).then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      }).then(function (reply) {
        if (reply.status === 200) {
          revision.value = String(reply.body.revision);
          say("data-saved-text");
        } else if (reply.status === 409 && reply.body.closed) {
          stopped = true;
          say("data-closed-text");
        } else if (reply.status === 409) {
          stopped = true;
          say("data-stale-text");
        } else {
          say("data-incomplete-text");
        }
      }).catch(function () { /* offline: the Save button still works */ })
        .then(function () {
          busy = false;
          if (submitAfter) { var send = submitAfter; submitAfter = null; send(); }
        });
    }

    function later() {
      if (pending) { window.clearTimeout(pending); }
      pending = window.setTimeout(save, 800);
    }
    form.addEventListener("change", later);
    form.addEventListener("input", later);
    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-move]")) { later(); }
    });
    form.addEventListener("drop", later);
    // A Save click while an autosave is in flight waits for it, so the form carries the new
    // revision instead of being refused as stale.
    form.addEventListener("submit", function (event) {
      if (pending) { window.clearTimeout(pending); pending = null; }
      stopped = true;
      if (busy) {
        event.preventDefault();
        var submitter = event.submitter;
        submitAfter = function () {
          if (submitter && form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
        };
      }
    });
  }

  // Flag for later without leaving the page (an unsaved answer stays in the form); without
  // script the same form posts and the server redirects back to the question.
  function enableFlag(form) {
    var value = form.querySelector("[data-flag-value]");
    var label = form.querySelector("[data-flag-label]");
    var status = form.querySelector("[data-flag-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        body: new FormData(form)
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (reply) {
        if (!reply.ok) { status.textContent = reply.body.error || ""; return; }
        var flagged = reply.body.flagged === true;
        value.value = flagged ? "0" : "1";
        label.textContent = form.getAttribute(flagged ? "data-unflag-label" : "data-flag-label");
        status.textContent = form.getAttribute(flagged ? "data-flagged-text" : "data-unflagged-text");
        var link = document.querySelector(".exam-nav [aria-current='step']");
        if (link) { link.classList.toggle("is-flagged", flagged); }
      }).catch(function () { form.submit(); });
    });
  }

  document.querySelectorAll("[data-exam-timer]").forEach(startTimer);
  document.querySelectorAll("[data-flag-form]").forEach(enableFlag);
  document.querySelectorAll("[data-exam-form]").forEach(enableAutosave);
})();
