// The answer editor: a rich-text box (pell, static/vendor/pell) over the form's
// textarea, which keeps the HTML that is sent. The server sanitises it with nh3
// (responses/templating.py): the editor only saves typing tags.
(function () {
  "use strict";
  if (!window.pell) { return; }
  var ACTIONS = [
    { name: "bold", icon: "<b>N</b>", title: "Negrilla" },
    { name: "italic", icon: "<i>C</i>", title: "Cursiva" },
    { name: "underline", icon: "<u>S</u>", title: "Subrayado" },
    { name: "paragraph", title: "Párrafo" },
    { name: "heading3", icon: "<b>T</b>", title: "Subtítulo",
      result: function () { return window.pell.exec("formatBlock", "<h3>"); } },
    { name: "ulist", title: "Lista con viñetas" },
    { name: "olist", icon: "1.", title: "Lista numerada" },
    { name: "quote", title: "Cita" }
  ];
  document.querySelectorAll("textarea[data-rich-text]").forEach(function (area) {
    var holder = document.createElement("div");
    holder.className = "pell rich-editor";
    area.parentNode.insertBefore(holder, area);
    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      actions: ACTIONS,
      onChange: function (html) { area.value = html; }
    });
    var content = editor.content;
    content.innerHTML = area.value;
    var label = document.querySelector('label[for="' + area.id + '"]');
    if (label) {
      label.id = label.id || area.id + "-label";
      content.setAttribute("aria-labelledby", label.id);
      // The label now names the editor; the hidden textarea only carries the HTML.
      label.removeAttribute("for");
      label.addEventListener("click", function () { content.focus(); });
    }
    content.setAttribute("role", "textbox");
    content.setAttribute("aria-multiline", "true");
    if (area.getAttribute("aria-describedby")) {
      content.setAttribute("aria-describedby", area.getAttribute("aria-describedby"));
    }
    var bar = holder.querySelector(".pell-actionbar");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formato del texto");
    bar.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-label", b.title); });
    area.hidden = true;
    area.form.addEventListener("submit", function () { area.value = content.innerHTML; });
  });
})();
