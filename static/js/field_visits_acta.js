/* Field visits: signature pads and the offline draft of the acta.
 *
 * Signatures: each <canvas data-sig-input="ID"> is drawn with the pointer and
 * copied as a PNG data URL into the hidden input ID (validated on the server).
 * Without a pointer (keyboard, screen reader) the button [data-sig-type]
 * opens a text field [data-sig-name] whose typed full name is drawn on the
 * canvas in a handwriting-like style: the same PNG goes the same way.
 * Drafts: every field except files and the CSRF token is saved to
 * localStorage on input, restored when the page opens again, and cleared by
 * the page shown after a successful submit (data-clear-draft).
 */
(function () {
  "use strict";

  var SKIP = { csrfmiddlewaretoken: true };

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  /* --- signatures ------------------------------------------------------ */

  function setupPad(canvas, onChange) {
    var input = document.getElementById(canvas.getAttribute("data-sig-input"));
    // "1" when the pad holds a typed name (the acta says so), "" when only drawn; typing
    // sets it, "Borrar" and emptying the name clear it.
    var typedInput = document.getElementById(canvas.getAttribute("data-sig-typed-input"));
    function markTyped(typed) { if (typedInput) { typedInput.value = typed ? "1" : ""; } }
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var ratio = Math.min(window.devicePixelRatio || 1, 2);

    function size() {
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#000";
    }

    function point(ev) {
      var rect = canvas.getBoundingClientRect();
      return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
    }

    var status = document.querySelector('[data-sig-status="' + canvas.id + '"]');
    function announce() {
      if (!status) { return; }
      var text = status.getAttribute(input.value ? "data-msg-signed" : "data-msg-empty");
      if (status.textContent !== text) { status.textContent = text; }
    }

    function save() {
      input.value = canvas.toDataURL("image/png");
      announce();
      onChange();
    }

    /* The typed name, drawn as a signature: slanted, as large as the pad allows. */
    function drawName(name) {
      var width = canvas.width / ratio, height = canvas.height / ratio;
      ctx.clearRect(0, 0, width, height);
      var text = name.trim();
      if (!text) {
        input.value = "";
        markTyped(false);
        announce();
        onChange();
        return;
      }
      var px = Math.min(48, height * 0.45);
      var family = "'URW Chancery L', 'Z003', 'Segoe Script', 'Brush Script MT', cursive";
      ctx.font = "italic " + px + "px " + family;
      while (px > 12 && ctx.measureText(text).width > width - 24) {
        px -= 2;
        ctx.font = "italic " + px + "px " + family;
      }
      ctx.fillStyle = "#000";
      ctx.textBaseline = "middle";
      ctx.fillText(text, 12, height * 0.55);
      ctx.beginPath();  // the line the name stands on
      ctx.moveTo(12, height * 0.55 + px * 0.6);
      ctx.lineTo(Math.min(width - 12, 24 + ctx.measureText(text).width), height * 0.55 + px * 0.6);
      ctx.stroke();
      markTyped(true);
      save();
    }

    function restore() {
      if (input.value && input.value.indexOf("data:image/png;base64,") === 0) {
        var img = new Image();
        img.onload = function () {
          ctx.drawImage(img, 0, 0, canvas.width / ratio, canvas.height / ratio);
        };
        img.src = input.value;
      }
    }

    size();
    restore();
    // A phone turned sideways changes the canvas size: redraw the saved strokes.
    var lastWidth = canvas.getBoundingClientRect().width;
    window.addEventListener("resize", function () {
      var width = canvas.getBoundingClientRect().width;
      if (Math.abs(width - lastWidth) < 1 || drawing) { return; }
      lastWidth = width;
      size();
      restore();
    });
    canvas.addEventListener("pointerdown", function (ev) {
      ev.preventDefault();
      drawing = true;
      if (canvas.setPointerCapture) { canvas.setPointerCapture(ev.pointerId); }
      var p = point(ev);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 0.1, p.y + 0.1);
      ctx.stroke();
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drawing) { return; }
      ev.preventDefault();
      var p = point(ev);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      // Strokes over a typed name leave it typed: the pad still shows the typed name.
      save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    var nameField = document.querySelector('[data-sig-name="' + canvas.id + '"]');
    var typeButton = document.querySelector('[data-sig-type="' + canvas.id + '"]');
    if (typeButton && nameField) {
      typeButton.addEventListener("click", function () {
        var box = document.getElementById(typeButton.getAttribute("aria-controls"));
        var open = box.hidden;
        box.hidden = !open;
        typeButton.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) { nameField.focus(); }
      });
      nameField.addEventListener("input", function (ev) {
        ev.stopPropagation();  // not a field of the draft: the drawn PNG is
        drawName(nameField.value);
      });
    }

    var clear = document.querySelector('[data-sig-clear="' + canvas.id + '"]');
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        input.value = "";
        markTyped(false);
        if (nameField) { nameField.value = ""; }
        announce();
        onChange();
      });
    }
    return { restore: restore };
  }

  /* --- drafts ------------------------------------------------------------ */

  function collect(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" ||
          el.type === "button") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        if (!data[el.name]) { data[el.name] = []; }
        if (el.checked) { data[el.name].push(el.value); }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function apply(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || !(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
  }

  /* Show only the fields that apply: attendant or witness, removed meter. */
  function toggleAttendance(form) {
    var checked = form.querySelector('input[name="attendance"]:checked');
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-for]"), function (el) {
      var show = !checked || el.getAttribute("data-show-for").split(" ").indexOf(checked.value) !== -1;
      if (el.hidden === show) { el.hidden = !show; }
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-when]"), function (el) {
      var box = form.elements[el.getAttribute("data-show-when")];
      var show = !box || box.checked;
      if (el.hidden === show) { el.hidden = !show; }
    });
  }

  function initActa(form) {
    var store = storage();
    var key = form.getAttribute("data-draft-key");
    var banner = document.getElementById("fv-pending");
    var hasDraft = false;

    function show() {
      if (!banner) { return; }
      var parts = [];
      if (!navigator.onLine) {
        parts.push(banner.getAttribute("data-msg-offline"));
      } else if (hasDraft) {
        parts.push(banner.getAttribute("data-msg-saved"));
      }
      if (hasDraft && parts.length) { parts.push(banner.getAttribute("data-msg-photos")); }
      // Touch the DOM only on a real change: rewriting a sticky banner makes
      // the browser re-anchor the scroll, which moves targets under the finger.
      var text = parts.join(" ");
      // The same notice at the top of the form and next to the submit button.
      [banner].concat(Array.prototype.slice.call(form.querySelectorAll("[data-pending-copy]")))
        .forEach(function (el) {
          if (el.textContent !== text) { el.textContent = text; }
          if (el.hidden !== (parts.length === 0)) { el.hidden = parts.length === 0; }
        });
    }

    function saveDraft() {
      if (!store || !key) { return; }
      try {
        store.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(),
                                            fields: collect(form) }));
        hasDraft = true;
      } catch (e) { /* storage full or disabled: the form still works online */ }
      show();
    }

    var pads = [];
    if (store && key && form.getAttribute("data-bound") !== "1") {
      var raw = store.getItem(key);
      if (raw) {
        try {
          apply(form, JSON.parse(raw).fields || {});
          hasDraft = true;
        } catch (e) { store.removeItem(key); }
      }
    } else if (store && key && store.getItem(key)) {
      hasDraft = true;
    }
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-sig-input]"),
      function (canvas) { pads.push(setupPad(canvas, saveDraft)); });

    toggleAttendance(form);
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "attendance" || ev.target.name === "meter_removed") {
        toggleAttendance(form);
      }
    });
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    form.addEventListener("submit", function (ev) {
      saveDraft();
      if (!navigator.onLine) {
        ev.preventDefault();
        show();
      }
    });
    window.addEventListener("online", show);
    window.addEventListener("offline", show);
    show();
  }

  function clearSent() {
    var store = storage();
    if (!store) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-clear-draft]"), function (el) {
      var key = el.getAttribute("data-clear-draft");
      if (key && key.indexOf("fv-acta-") === 0) { store.removeItem(key); }
    });
  }

  function markPending() {
    var store = storage();
    if (!store) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-draft-badge]"), function (el) {
      if (store.getItem(el.getAttribute("data-draft-badge"))) { el.hidden = false; }
    });
  }

  function init() {
    clearSent();
    markPending();
    var form = document.getElementById("fv-acta-form");
    if (form) { initActa(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
