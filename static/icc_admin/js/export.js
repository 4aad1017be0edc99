/* The export page's "Select all" toggle, bound here rather than by an inline onchange attribute,
   which the site's Content-Security-Policy blocks. onSelectToggleChange comes from
   django-import-export's export_selectable_fields.js (the form's media). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches(".select-toggle") && typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
