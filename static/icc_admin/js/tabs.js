/* A minimal, accessible stand-in for jQuery UI's tabs widget, as used by modeltranslation's
 * tabbed_translation_fields.js: $(el).tabs({active: n}), $(el).tabs("option", "active", n)
 * and the "tabsactivate" event. Served locally so that the admin loads nothing from a CDN.
 * Without JavaScript every language's field stays visible. */
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) {
    return;
  }

  function activate($container, index, focus) {
    var $tabs = $container.children("ul").children("li");
    var $panels = $container.children("div");
    if (index < 0 || index >= $tabs.length) {
      index = 0;
    }
    var $old = $tabs.filter(".ui-tabs-active");
    $tabs.each(function (i) {
      var selected = i === index;
      $(this).toggleClass("ui-tabs-active ui-state-active", selected)
        .children("a").attr({"aria-selected": selected ? "true" : "false", tabindex: selected ? "0" : "-1"});
    });
    $panels.each(function (i) {
      $(this).toggle(i === index).attr("aria-hidden", i === index ? "false" : "true");
    });
    if (focus) {
      $tabs.eq(index).children("a").trigger("focus");
    }
    $container.data("icc-tabs-active", index);
    if (!$old.is($tabs.eq(index))) {
      $container.trigger("tabsactivate", [{newTab: $tabs.eq(index), oldTab: $old}]);
    }
  }

  function setup($container, options) {
    var $list = $container.children("ul");
    $container.addClass("ui-tabs ui-widget");
    $list.addClass("ui-tabs-nav ui-helper-reset ui-helper-clearfix").attr("role", "tablist");
    $list.children("li").each(function (i) {
      var $link = $(this).addClass("ui-state-default").attr("role", "presentation").children("a");
      var panelId = ($link.attr("href") || "").replace(/^#/, "");
      $link.attr({role: "tab", id: panelId + "-tab", "aria-controls": panelId});
      $container.children("div#" + $.escapeSelector(panelId))
        .addClass("ui-tabs-panel").attr({role: "tabpanel", "aria-labelledby": panelId + "-tab"});
      $link.on("click", function (event) {
        event.preventDefault();
        activate($container, i, false);
      });
      $link.on("keydown", function (event) {
        var count = $list.children("li").length;
        if (event.key === "ArrowRight") {
          event.preventDefault();
          activate($container, (i + 1) % count, true);
        } else if (event.key === "ArrowLeft") {
          event.preventDefault();
          activate($container, (i - 1 + count) % count, true);
        }
      });
    });
    activate($container, (options && options.active) || 0, false);
  }

  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      var $container = $(this);
      if (options === "option" && name === "active") {
        activate($container, value, false);
      } else if (typeof options !== "string") {
        setup($container, options);
      }
    });
  };

  // The language switch modeltranslation puts beside the page title has no label of its own.
  $(function () {
    window.setTimeout(function () {
      $("#modeltranslation-main-switch").attr("aria-label", document.documentElement.lang === "fr" ? "Langue des champs" : "Language of the fields");
    }, 0);
  });
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
