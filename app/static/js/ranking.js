/* Ranking widget: the full answers are cards; drag them, use Move up / Move down, or focus a card
 * and press a number key (1–9) to put it at that position. Without JavaScript the cards are a
 * plain list and the form shows one <select> per position; this script keeps those same selects
 * (order_1, order_2, …) in sync with the cards, so the server sees one set of fields. */
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

  function refreshCards(list) {
    var all = items(list);
    all.forEach(function (item, index) {
      item.querySelector("[data-move='up']").disabled = index === 0;
      item.querySelector("[data-move='down']").disabled = index === all.length - 1;
      item.querySelector("[data-rank-position]").textContent = String(index + 1);
    });
  }

  function moved(widget, list, item) {
    syncSelects(widget, list);
    refreshCards(list);
    announce(widget, list, item);
    // Autosave (exam.js) listens for changes on the form.
    widget.dispatchEvent(new Event("change", { bubbles: true }));
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

  function placeAt(list, item, index) {
    var others = items(list).filter(function (other) { return other !== item; });
    list.insertBefore(item, others[index] || null);
  }

  function onMove(widget, list, event) {
    var button = event.target.closest("[data-move]");
    if (!button) { return; }
    var item = button.closest("[data-answer]");
    var index = items(list).indexOf(item);
    placeAt(list, item, button.getAttribute("data-move") === "up" ? index - 1 : index + 1);
    moved(widget, list, item);
    if (button.disabled) {
      var other = item.querySelector("[data-move]:not([disabled])");
      if (other) { other.focus(); }
    } else {
      button.focus();
    }
  }

  function onKey(widget, list, event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-9]$/.test(event.key)) { return; }
    var item = event.target.closest("[data-answer]");
    var position = parseInt(event.key, 10);
    if (!item || position > items(list).length) { return; }
    event.preventDefault();
    var focused = event.target;
    placeAt(list, item, position - 1);
    moved(widget, list, item);
    focused.focus();
  }

  // Cards move on drop (no live reshuffle, which flickers with cards of different heights):
  // before the target when dropped on its first half (left half when cards sit side by side).
  function dropsBefore(list, target, event) {
    var box = target.getBoundingClientRect();
    var columns = window.getComputedStyle(list).gridTemplateColumns.split(" ").length;
    if (columns > 1) { return event.clientX < box.left + box.width / 2; }
    return event.clientY < box.top + box.height / 2;
  }

  function enableDragging(widget, list) {
    var dragged = null;
    var marked = null;
    function unmark() { if (marked) { marked.classList.remove("is-drop-target"); marked = null; } }
    items(list).forEach(function (item) { item.setAttribute("draggable", "true"); });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-answer]");
      if (!dragged) { return; }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-answer"));
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("[data-answer]");
      if (!dragged || !over) { return; }
      event.preventDefault();
      if (over === marked) { return; }
      unmark();
      if (over !== dragged) {
        marked = over;
        over.classList.add("is-drop-target");
      }
    });
    list.addEventListener("drop", function (event) {
      event.preventDefault();
      var target = event.target.closest("[data-answer]");
      unmark();
      if (!dragged || !target || target === dragged) { return; }
      list.insertBefore(dragged, dropsBefore(list, target, event) ? target : target.nextElementSibling);
      moved(widget, list, dragged);
    });
    list.addEventListener("dragend", function () {
      unmark();
      if (dragged) { dragged.classList.remove("is-dragging"); }
      dragged = null;
    });
  }

  function init(widget) {
    var list = widget.querySelector("[data-rank-list]");
    var selects = widget.querySelector("[data-rank-selects]");
    if (!list || !selects) { return; }
    orderFromSelects(widget, list);
    widget.querySelectorAll("[data-rank-js]").forEach(function (el) { el.hidden = false; });
    widget.classList.add("is-enhanced");
    items(list).forEach(function (item) {
      item.tabIndex = -1;  // a click focuses the card for number keys; Tab stops on its buttons
      item.setAttribute("aria-describedby", "rank-hint");
    });
    selects.hidden = true;
    syncSelects(widget, list);
    refreshCards(list);
    list.addEventListener("click", function (event) { onMove(widget, list, event); });
    list.addEventListener("keydown", function (event) { onKey(widget, list, event); });
    enableDragging(widget, list);
  }

  document.querySelectorAll("[data-rank-widget]").forEach(init);
})();
