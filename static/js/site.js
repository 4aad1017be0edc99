/* Text-size controls and the print button. The page works without this file: the controls
   stay hidden unless JavaScript runs. Their row keeps its height from the first paint
   (site.css, "Page tools"), so revealing them here moves nothing on the page (no layout shift). */
(function () {
  "use strict";
  var KEY = "icc-text-size";
  var SIZES = [87.5, 100, 112.5, 125, 150, 175];
  var root = document.documentElement;

  function stored() {
    try { return parseFloat(window.localStorage.getItem(KEY)) || 100; } catch (e) { return 100; }
  }
  function apply(size) {
    root.style.fontSize = size === 100 ? "" : size + "%";
    try {
      if (size === 100) { window.localStorage.removeItem(KEY); } else { window.localStorage.setItem(KEY, String(size)); }
    } catch (e) { /* private mode: the size is simply not remembered */ }
  }
  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector("[data-text-size]");
    if (group) {
      group.hidden = false;
      group.addEventListener("click", function (event) {
        var button = event.target.closest("[data-text-size-action]");
        if (!button) { return; }
        var action = button.getAttribute("data-text-size-action");
        var index = SIZES.indexOf(stored());
        if (index < 0) { index = 1; }
        if (action === "smaller") { index = Math.max(0, index - 1); }
        else if (action === "larger") { index = Math.min(SIZES.length - 1, index + 1); }
        else { index = 1; }
        apply(SIZES[index]);
      });
    }
    var printButton = document.querySelector("[data-print]");
    if (printButton && window.print) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () { window.print(); });
    }
  });
})();
