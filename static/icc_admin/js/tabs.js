/* A minimal, accessible stand-in for jQuery UI's tabs widget, as used by modeltranslation's
 * tabbed_translation_fields.js: $(el).tabs({active: n}), $(el).tabs("option", "active", n)
 * and the "tabsactivate" event. Served locally so that the admin loads nothing from a CDN.
 *
 * One form has many EN/FR groups (eleven on a good practice): choosing a language in any group
 * (click, arrow keys or the switch beside the title) shows that language in every group, and
 * the choice is remembered for this browser tab while editing. A group whose field has an error
 * opens on that language instead. Without JavaScript every language's field stays visible. */
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) {
    return;
  }

  var STORAGE_KEY = "icc-admin-field-language";
  var CONTAINERS = ".icc-tabs";

  function rememberedLanguage() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch (error) {
      return null; // Storage disabled: the choice is simply not remembered.
    }
  }

  function rememberLanguage(language) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, language);
    } catch (error) {
      // Storage disabled or full: the choice still applies to this page.
    }
  }

  // Each language named in itself ("English", "Français"), as language switches usually are.
  function nativeName(code) {
    try {
      var name = new Intl.DisplayNames([code], {type: "language"}).of(code);
      return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
    } catch (error) {
      return code.toUpperCase();
    }
  }

  function indexOfLanguage($container, language) {
    var $tabs = $container.children("ul").children("li");
    return $tabs.index($tabs.filter(function () {
      return $(this).attr("data-language") === language;
    }));
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
    if (!$old.is($tabs.eq(index))) {
      $container.trigger("tabsactivate", [{newTab: $tabs.eq(index), oldTab: $old}]);
    }
  }

  // What a person chooses in one group applies to every group of the page.
  function activateEverywhere(language, $origin, focus) {
    $(CONTAINERS).each(function () {
      var $container = $(this);
      var index = indexOfLanguage($container, language);
      if (index >= 0) {
        activate($container, index, focus && $container.is($origin));
      }
    });
    rememberLanguage(language);
  }

  function setup($container, options) {
    var $list = $container.children("ul");
    $container.addClass("ui-tabs ui-widget icc-tabs");
    $list.addClass("ui-tabs-nav ui-helper-reset ui-helper-clearfix").attr("role", "tablist");
    $list.children("li").each(function () {
      var $tab = $(this).addClass("ui-state-default").attr("role", "presentation");
      var $link = $tab.children("a");
      var panelId = ($link.attr("href") || "").replace(/^#/, "");
      // modeltranslation writes the language code ("en", "zh-tw") as the tab's text.
      var language = $link.text().trim();
      $tab.attr("data-language", language);
      $link.attr({role: "tab", id: panelId + "-tab", "aria-controls": panelId, lang: language})
        .text(nativeName(language));
      $container.children("div#" + $.escapeSelector(panelId))
        .addClass("ui-tabs-panel").attr({role: "tabpanel", "aria-labelledby": panelId + "-tab"});
      $link.on("click", function (event) {
        event.preventDefault();
        activateEverywhere(language, $container, false);
      });
      $link.on("keydown", function (event) {
        var $tabs = $list.children("li");
        var index = $tabs.index($tab);
        var target = {
          ArrowRight: (index + 1) % $tabs.length,
          ArrowLeft: (index - 1 + $tabs.length) % $tabs.length,
          Home: 0,
          End: $tabs.length - 1
        }[event.key];
        if (target !== undefined) {
          event.preventDefault();
          activateEverywhere($tabs.eq(target).attr("data-language"), $container, true);
        }
      });
    });
    var active = (options && options.active) || 0;
    var remembered = rememberedLanguage();
    // modeltranslation opens a group with an error on the faulty language: keep that one.
    if (remembered && !$list.children(".ui-tab-has-errors").length) {
      var index = indexOfLanguage($container, remembered);
      active = index >= 0 ? index : active;
    }
    activate($container, active, false);
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

  // The language switch modeltranslation puts beside the page title: name its languages like
  // the tabs, give it a label, show the language the groups show, and remember what it picks.
  $(function () {
    window.setTimeout(function () {
      var $switch = $("#modeltranslation-main-switch");
      if (!$switch.length) {
        return;
      }
      $switch.attr("aria-label", document.documentElement.lang === "fr" ? "Langue des champs" : "Language of the fields");
      $switch.children("option").each(function () {
        var language = $(this).text().trim();
        $(this).attr({"data-language": language, lang: language}).text(nativeName(language));
      });
      var $shown = $(CONTAINERS).first().find("li.ui-tabs-active");
      if ($shown.length) {
        $switch.children("option[data-language='" + $shown.attr("data-language") + "']").prop("selected", true);
      }
      $switch.on("change", function () {
        rememberLanguage($switch.children("option:selected").attr("data-language"));
      });
    }, 0);
  });
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
