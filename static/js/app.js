// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Toasts (error messages for htmx requests) fade out after a while.
  function dismissLater(el) {
    setTimeout(function () { el.remove(); }, 8000);
  }
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-autodismiss]").forEach(function (el) {
      if (!el.dataset.scheduled) { el.dataset.scheduled = "1"; dismissLater(el); }
    });
  });
  // After an htmx swap that moved the page, put keyboard focus on the new main content.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "main") {
      event.detail.target.focus({ preventScroll: true });
    }
  });
})();
