// Porch: where focus goes and what is announced after htmx swaps part of a
// page, so keyboard and screen-reader users are told what happened. One
// rule for every screen, applied to the content a swap put in place (and to
// the page itself when it loads after a plain form post):
//
//  1. Errors (a field with aria-invalid, an error summary or an alert):
//     focus the error summary, else the first invalid field, else the
//     first error message; announce the errors assertively.
//  2. Otherwise, if the swap removed the element that had focus (a form
//     that answered for itself, a row that was redrawn): focus the new
//     content's success message, else its first heading, else the content
//     itself; announce the message politely.
//  3. Otherwise focus stays where it is (typing in a live search, a button
//     that updated another part of the page), and the content's success
//     message or [data-announce] text (a count of results) is announced
//     politely.
//
// The two live regions are in the layout from the first paint, so screen
// readers are already listening when text is put in them.
(function () {
  "use strict";

  var ERRORS = ".error-summary, [aria-invalid='true'], .error-text, .notice.error, [role='alert']";
  var MESSAGE = ".notice.success, .notice[role='status'], [data-announce]";

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  // announce puts message in the polite or assertive live region. It is
  // emptied first and filled a moment later, so the same words said twice
  // are read twice.
  function announce(message, assertive) {
    var region = document.getElementById(assertive ? "live-assertive" : "live-polite");
    if (!region || !message) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 60);
  }

  // focus moves focus to el, making it focusable by script if it is not
  // focusable already, without scrolling it out of a sensible place.
  function focus(el) {
    if (!el) {
      return;
    }
    if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus({ preventScroll: false });
  }

  // errorMessage is what a screen reader is told about the errors in root.
  function errorMessage(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) {
      return text(summary);
    }
    var seen = [];
    root.querySelectorAll(".error-text, .notice.error, [role='alert']").forEach(function (el) {
      var t = text(el);
      if (t && seen.indexOf(t) < 0) {
        seen.push(t);
      }
    });
    return seen.length ? "There is a problem. " + seen.join(" ") : "";
  }

  // showErrors applies rule 1 to root; it reports whether root had errors.
  function showErrors(root) {
    if (!root.querySelector(ERRORS)) {
      return false;
    }
    focus(root.querySelector(".error-summary") ||
      root.querySelector("[aria-invalid='true']") ||
      root.querySelector(".error-text, .notice.error, [role='alert']"));
    announce(errorMessage(root), true);
    return true;
  }

  function contains(root, el) {
    return root === el || root.contains(el);
  }

  // settle applies the rule to the content a swap put in place.
  function settle(root, hadFocus) {
    if (!root || showErrors(root)) {
      return;
    }
    var message = root.querySelector(MESSAGE) || (root.matches(MESSAGE) ? root : null);
    var lost = !hadFocus || hadFocus === document.body || !hadFocus.isConnected;
    if (lost) {
      focus(message || root.querySelector("h1, h2, h3") || root);
    }
    if (message) {
      announce(text(message), false);
    }
  }

  // Table wrappers that scroll sideways (wide manager tables on a phone)
  // become named, focusable regions, so a keyboard can scroll them and a
  // screen reader says what they hold; ones that fit stay out of the Tab
  // order. The name is the table's caption or label, else the nearest
  // heading before it.
  function nameOf(wrap) {
    var table = wrap.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && text(caption)) {
      return text(caption);
    }
    if (table && table.getAttribute("aria-label")) {
      return table.getAttribute("aria-label");
    }
    var headings = document.querySelectorAll("h1, h2, h3");
    var name = "";
    headings.forEach(function (h) {
      if (h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING) {
        name = text(h);
      }
    });
    return name || "Table";
  }

  function scrollRegions(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap) + " (scrolls sideways)");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  // The element the swap replaces or fills, and what had focus, remembered
  // before the swap: after an outerHTML swap the old target is gone, so the
  // new content is found again by its id.
  var pending = null;

  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    pending = {
      id: target && target.id,
      target: target,
      parent: target && target.parentElement,
      hadFocus: document.activeElement
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) {
      return;
    }
    var p = pending;
    pending = null;
    scrollRegions(document);
    var root = (p.id && document.getElementById(p.id)) ||
      (p.target && p.target.isConnected ? p.target : p.parent);
    if (root && p.hadFocus && p.hadFocus.isConnected && !contains(root, p.hadFocus) && root.querySelector(ERRORS) === null) {
      // Focus is elsewhere on the page and stays there (rule 3).
      var message = root.querySelector(MESSAGE);
      if (message) {
        announce(text(message), false);
      }
      return;
    }
    settle(root, p.hadFocus);
  });

  // A page loaded after a plain form post shows its errors the same way.
  function onLoad() {
    scrollRegions(document);
    window.addEventListener("resize", function () {
      scrollRegions(document);
    });
    // Only a form's own errors: a standing alert on a page (a book that
    // does not balance) is read where it is, without taking focus.
    var main = document.getElementById("main");
    if (main && main.querySelector(".error-summary, [aria-invalid='true']")) {
      showErrors(main);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
