// Staff pages of intake: "select all" on the case list.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(".case-check").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
