/* Silk Road Ties: two accessibility mends to what the theme's own script builds.

   - A box that scrolls sideways (a wide table, a long line of code) can be reached
     with the keyboard (tabindex="0"), so that it can be scrolled without a mouse. The
     theme does this for code only on devices that hover, and not for tables.
   - The copy button of each code block sits in a <nav> that the theme's script adds
     without a name; with more than one on a page the landmarks cannot be told apart,
     so each gets its own ("Code block 2").

   Both are attributes only; the page reads the same without JavaScript. */
(function () {
  "use strict";

  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset table, .srt-table, .md-typeset pre > code";
  var MARK = "data-srt-scroll";

  function scrolls(el) {
    var style = getComputedStyle(el);
    var x = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    var y = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return x || y;
  }

  function mend() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      if (scrolls(el)) {
        if (!el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0");
          el.setAttribute(MARK, "");
        }
      } else if (el.hasAttribute(MARK)) {
        el.removeAttribute("tabindex");
        el.removeAttribute(MARK);
      }
    });
    document.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
      var name = "Code block " + (index + 1);
      if (nav.getAttribute("aria-label") !== name) {
        nav.setAttribute("aria-label", name);
      }
    });
  }

  var pending = false;
  function later() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        mend();
      });
    }
  }

  function start() {
    mend();
    window.addEventListener("load", later);
    window.addEventListener("resize", later);
    // The theme adds its code buttons and table wrappers, and takes tabindex off code
    // on devices without hover, after this script has run: mend again when it does.
    new MutationObserver(later).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
