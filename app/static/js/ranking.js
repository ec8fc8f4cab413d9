/* Ranking widget: drag and drop or Move up / Move down buttons over a list of answers.
 * Without JavaScript the form shows one <select> per position; this script keeps those same
 * selects (order_1, order_2, …) in sync with the list, so the server sees one set of fields. */
(function () {
  "use strict";

  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[data-answer]"));
  }

  function syncSelects(widget, list) {
    var selects = widget.querySelectorAll("[data-rank-selects] select");
    items(list).forEach(function (item, index) {
      if (selects[index]) { selects[index].value = item.getAttribute("data-answer"); }
    });
  }

  function announce(widget, list, item) {
    var status = widget.querySelector("[data-rank-status]");
    var template = widget.getAttribute("data-moved-template") || "{answer}: {position}/{total}";
    var all = items(list);
    status.textContent = template
      .replace("{answer}", item.getAttribute("data-answer"))
      .replace("{position}", String(all.indexOf(item) + 1))
      .replace("{total}", String(all.length));
  }

  function refreshButtons(list) {
    var all = items(list);
    all.forEach(function (item, index) {
      item.querySelector("[data-move='up']").disabled = index === 0;
      item.querySelector("[data-move='down']").disabled = index === all.length - 1;
    });
  }

  function moved(widget, list, item) {
    syncSelects(widget, list);
    refreshButtons(list);
    announce(widget, list, item);
  }

  function orderFromSelects(widget, list) {
    var chosen = Array.prototype.map.call(
      widget.querySelectorAll("[data-rank-selects] select"), function (s) { return s.value; });
    var unique = chosen.filter(function (v, i) { return v && chosen.indexOf(v) === i; });
    if (unique.length !== items(list).length) { return; }
    unique.forEach(function (id) {
      list.appendChild(list.querySelector("[data-answer='" + id + "']"));
    });
  }

  function onMove(widget, list, event) {
    var button = event.target.closest("[data-move]");
    if (!button) { return; }
    var item = button.closest("[data-answer]");
    if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    moved(widget, list, item);
    if (button.disabled) {
      var other = item.querySelector("[data-move]:not([disabled])");
      if (other) { other.focus(); }
    } else {
      button.focus();
    }
  }

  function enableDragging(widget, list) {
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-answer]");
      if (!dragged) { return; }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-answer"));
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("[data-answer]");
      if (!dragged || !over || over === dragged) { return; }
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    list.addEventListener("drop", function (event) { event.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("is-dragging");
      moved(widget, list, dragged);
      dragged = null;
    });
  }

  function init(widget) {
    var list = widget.querySelector("[data-rank-list]");
    var selects = widget.querySelector("[data-rank-selects]");
    if (!list || !selects) { return; }
    orderFromSelects(widget, list);
    (widget.querySelector("[data-rank-js]") || list).hidden = false;
    selects.hidden = true;
    syncSelects(widget, list);
    refreshButtons(list);
    list.addEventListener("click", function (event) { onMove(widget, list, event); });
    enableDragging(widget, list);
  }

  document.querySelectorAll("[data-rank-widget]").forEach(init);
})();
