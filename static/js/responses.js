// Minimal rich-text helpers for the answer editor: wrap the selection in a tag.
// The server sanitises the HTML with nh3 anyway; this only saves typing.
(function () {
  "use strict";
  var TOOLS = [
    ["strong", "Negrilla"], ["em", "Cursiva"], ["u", "Subrayado"],
    ["p", "Párrafo"], ["li", "Ítem de lista"], ["blockquote", "Cita"]
  ];
  function wrap(area, tag) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var inner = text.slice(start, end);
    if (tag === "li") { inner = "<ul><li>" + inner + "</li></ul>"; }
    else { inner = "<" + tag + ">" + inner + "</" + tag + ">"; }
    area.value = text.slice(0, start) + inner + text.slice(end);
    area.focus();
    area.setSelectionRange(start, start + inner.length);
  }
  document.querySelectorAll("textarea[data-rich-text]").forEach(function (area) {
    var bar = document.createElement("div");
    bar.className = "rich-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formato del texto");
    TOOLS.forEach(function (tool) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn";
      b.textContent = tool[1];
      b.addEventListener("click", function () { wrap(area, tool[0]); });
      bar.appendChild(b);
    });
    area.parentNode.insertBefore(bar, area);
  });
})();
