// claimledger web view: clicking a highlighted figure opens the side panel with its claims.
// Plain DOM, no framework; loaded from /static because the CSP forbids inline script.
(function () {
  "use strict";

  var panel = document.getElementById("claim-panel");
  if (!panel) {
    return;
  }
  var title = document.getElementById("claim-panel-title");
  var closeButton = panel.querySelector(".panel-close");
  var lastMark = null;

  function validIds(ids) {
    return ids.filter(function (id) { return /^[0-9]+$/.test(id); });
  }

  function idsOf(mark) {
    return validIds((mark.getAttribute("data-claim-ids") || "").split(/\s+/));
  }

  function marksFor(id) {
    return document.querySelectorAll('mark.claim[data-claim-ids~="' + id + '"]');
  }

  function clearSelection() {
    document.querySelectorAll(".is-selected").forEach(function (el) {
      el.classList.remove("is-selected");
    });
  }

  function open(ids, fromMark) {
    ids = validIds(ids);
    if (!ids.length) {
      return;
    }
    clearSelection();
    var shown = 0;
    panel.querySelectorAll(".claim-detail").forEach(function (section) {
      var on = ids.indexOf(section.getAttribute("data-claim-id")) !== -1;
      section.hidden = !on;
      if (on) {
        shown += 1;
      }
    });
    ids.forEach(function (id) {
      marksFor(id).forEach(function (m) { m.classList.add("is-selected"); });
      var row = document.getElementById("row-" + id);
      if (row) {
        row.classList.add("is-selected");
      }
    });
    title.textContent = shown > 1 ? shown + " claims on this text" : "Claim";
    panel.hidden = false;
    document.body.classList.add("panel-open");
    lastMark = fromMark || null;
  }

  function close() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    clearSelection();
    if (lastMark) {
      lastMark.focus();
      lastMark = null;
    }
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.claim");
    if (mark) {
      open(idsOf(mark), mark);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      close();
      return;
    }
    var mark = event.target.closest && event.target.closest("mark.claim");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(idsOf(mark), mark);
    }
  });

  closeButton.addEventListener("click", close);

  function openFromHash() {
    var match = /^#claim-([0-9]+)$/.exec(window.location.hash);
    if (match) {
      open([match[1]], marksFor(match[1])[0]);
    }
  }

  window.addEventListener("hashchange", openFromHash);
  openFromHash();
}());
