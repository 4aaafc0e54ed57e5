/* Field visits: drag a scheduled visit to another cell of the week calendar.
 *
 * The drop fills the hidden #fv-move-form (brigadista, date) and submits it;
 * the server reprogrammes the visit (keeping its window and its history) and
 * comes back to this page with any capacity warning. The form on the order
 * page does the same without a mouse.
 */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("fv-move-form");
    var table = document.getElementById("fv-week");
    if (!form || !table) { return; }
    var dragged = null;

    table.addEventListener("dragstart", function (ev) {
      var chip = ev.target.closest ? ev.target.closest("[data-visit]") : null;
      if (!chip) { return; }
      dragged = chip;
      ev.dataTransfer.effectAllowed = "move";
      ev.dataTransfer.setData("text/plain", chip.getAttribute("data-visit"));
    });
    table.addEventListener("dragend", function () { dragged = null; clearTargets(); });

    function cellOf(ev) {
      return ev.target.closest ? ev.target.closest("td[data-date]") : null;
    }
    function clearTargets() {
      Array.prototype.forEach.call(table.querySelectorAll(".fv-drop-target"), function (td) {
        td.classList.remove("fv-drop-target");
      });
    }
    table.addEventListener("dragover", function (ev) {
      var cell = cellOf(ev);
      if (!cell || !dragged) { return; }
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
      clearTargets();
      cell.classList.add("fv-drop-target");
    });
    table.addEventListener("drop", function (ev) {
      var cell = cellOf(ev);
      if (!cell) { return; }
      ev.preventDefault();
      clearTargets();
      var visitId = ev.dataTransfer.getData("text/plain") ||
        (dragged && dragged.getAttribute("data-visit"));
      if (!visitId || (dragged && cell.contains(dragged))) { return; }
      form.action = form.getAttribute("data-url-template").replace("/0/", "/" + visitId + "/");
      form.elements.brigadista.value = cell.getAttribute("data-brigadista");
      form.elements.planned_date.value = cell.getAttribute("data-date");
      form.submit();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
