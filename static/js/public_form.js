/* Public PQR form: show the fields that apply, warn about old bills, focus errors.
   Works without it: the server validates everything again. */
(function () {
  "use strict";
  var form = document.getElementById("pqr-form");
  if (!form) { return; }

  function fieldOf(name) {
    var input = form.querySelector("[name='" + name + "']");
    return input ? input.closest(".field") : null;
  }
  function show(name, visible) {
    var f = fieldOf(name);
    if (f) { f.classList.toggle("is-hidden", !visible); }
  }
  function checkedValue(name) {
    var el = form.querySelector("input[name='" + name + "']:checked");
    return el ? el.value : "";
  }

  // Names for people, business name for companies (NIT).
  var idType = form.querySelector("[name='id_type']");
  function onIdType() {
    var nit = idType && idType.value === "NIT";
    show("business_name", nit);
    show("first_name", !nit);
    show("last_name", !nit);
  }

  // E-mail consent only matters when the answer goes by e-mail.
  function onNotify() {
    var value = checkedValue("notify_by");
    show("electronic_consent", value !== "postal");
  }

  // Ley 142 art. 154: warn (never block) when the bill is older than five months.
  var billDate = form.querySelector("[name='bill_issued_on']");
  var warning = document.getElementById("bill-warning");
  function onBillDate() {
    if (!billDate || !warning) { return; }
    var value = billDate.value;
    if (!value) { warning.hidden = true; return; }
    var parts = value.split("-");
    var bill = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    var limit = new Date();
    limit.setHours(0, 0, 0, 0);
    limit.setMonth(limit.getMonth() - 5);
    warning.hidden = !(bill < limit);
  }

  if (idType) { idType.addEventListener("change", onIdType); onIdType(); }
  form.querySelectorAll("input[name='notify_by']").forEach(function (el) {
    el.addEventListener("change", onNotify);
  });
  onNotify();
  if (billDate) { billDate.addEventListener("change", onBillDate); billDate.addEventListener("input", onBillDate); }

  // After a refused submission, take keyboard and screen-reader users to the first error.
  var firstError = form.querySelector(".has-error input, .has-error select, .has-error textarea");
  var summary = document.getElementById("form-errors");
  if (firstError) { firstError.focus(); } else if (summary) { summary.focus(); }

  // One click, one filing: block double submits while the upload runs.
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
}());
