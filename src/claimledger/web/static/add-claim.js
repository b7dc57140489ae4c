// claimledger: a reviewer adds a claim the machine missed by selecting its words in the document's text. The
// selection's first and last characters, counted in the stored text (Unicode code points, as the server counts),
// fill the form's start and end. Loaded from /static: the CSP allows no inline script.
(function () {
  "use strict";

  var form = document.getElementById("add-claim");
  var text = document.getElementById("doc-text");
  if (!form || !text) {
    return;
  }
  var offset = parseInt(form.getAttribute("data-offset"), 10) || 0;
  var chosen = document.getElementById("add-claim-quote");

  function codePoints(s) {
    return Array.from(s).length;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return;
    }
    var before = document.createRange();
    before.selectNodeContents(text);
    before.setEnd(range.startContainer, range.startOffset);
    var start = offset + codePoints(before.toString());
    var words = range.toString();
    form.elements.start.value = String(start);
    form.elements.end.value = String(start + codePoints(words));
    chosen.textContent = words;
  });
}());
