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
// The rules apply to swaps a person caused; content that loads with the
// page or a status polled every few seconds never moves focus, and a
// polled status is said again only when its words change.
//
// The two live regions are in the layout from the first paint, so screen
// readers are already listening when text is put in them.
(function () {
  "use strict";

  var SUMMARY = ".error-summary, .form-errors";
  var ERRORS = SUMMARY + ", [aria-invalid='true'], .error-text, .notice.error, [role='alert']";
  var MESSAGE = ".notice.success, [role='status'], [data-announce]";

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
    var summary = root.querySelector(SUMMARY);
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
    focus(root.querySelector(SUMMARY) ||
      root.querySelector("[aria-invalid='true']") ||
      root.querySelector(".error-text, .notice.error, [role='alert']"));
    announce(errorMessage(root), true);
    return true;
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

  // The element the swap replaces or fills, what had focus, and whether a
  // person caused the request (a control had focus, or a real click,
  // key or submit triggered it), remembered before the swap. After an
  // outerHTML swap the old target is gone, so the new content is found
  // again by its id. Swaps nobody asked for (content loaded with the page,
  // a status polled every few seconds) never move focus.
  var pending = null;
  var lastSaid = {};

  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    var had = document.activeElement;
    var cfg = e.detail.requestConfig;
    var ev = cfg && cfg.triggeringEvent;
    pending = {
      id: target && target.id,
      target: target,
      parent: target && target.parentElement,
      hadFocus: had,
      byPerson: (had && had !== document.body) || !!(ev && ev.isTrusted)
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
    if (!root || (p.byPerson && showErrors(root))) {
      return; // rule 1
    }
    var message = root.matches(MESSAGE) ? root : root.querySelector(MESSAGE);
    if (p.byPerson && p.hadFocus && p.hadFocus !== document.body && !p.hadFocus.isConnected) {
      focus(message || root.querySelector("h1, h2, h3") || root); // rule 2
    }
    if (message) {
      // A status polled again says its words only when they change.
      var words = text(message);
      if (p.byPerson || lastSaid[p.id] !== words) {
        announce(words, false);
      }
      lastSaid[p.id] = words;
    }
  });

  // A file input marked data-upload-preview sends its files as soon as
  // they are chosen (htmx) and gets their previews back; once that worked
  // it is emptied, so the form's own post does not send them again.
  document.addEventListener("htmx:afterRequest", function (e) {
    var el = e.detail.elt;
    if (e.detail.successful && el && el.matches && el.matches("input[type='file'][data-upload-preview]") && el.isConnected) {
      el.value = "";
    }
  });

  // Controls marked data-js-hide are only for pages without JavaScript
  // (a button that shows a form again for the choice made, which htmx
  // does in place): hidden here, and in content htmx swaps in.
  function hideNoScript(root) {
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-js-hide]").forEach(function (el) {
        el.hidden = true;
      });
    }
  }
  document.addEventListener("htmx:load", function (e) {
    hideNoScript(e.detail.elt);
  });

  // A page loaded after a plain form post shows its errors the same way.
  function onLoad() {
    hideNoScript(document);
    scrollRegions(document);
    window.addEventListener("resize", function () {
      scrollRegions(document);
    });
    // Only a form's own errors: a standing alert on a page (a book that
    // does not balance) is read where it is, without taking focus.
    var main = document.getElementById("main");
    if (main && main.querySelector(SUMMARY + ", [aria-invalid='true']")) {
      showErrors(main);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
