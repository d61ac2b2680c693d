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
  // A fragment saved in place (a list row) says so in a toast (web/htmx.rs, HX-Trigger).
  document.addEventListener("backroom:toast", function (event) {
    var toasts = document.getElementById("toasts");
    if (!toasts || !event.detail || !event.detail.message) { return; }
    var toast = document.createElement("div");
    toast.className = "toast toast-" + (event.detail.level === "error" ? "error" : "success");
    toast.setAttribute("role", "status");
    toast.textContent = event.detail.message;
    toasts.appendChild(toast);
    dismissLater(toast);
  });
  // After an htmx swap that moved the page, put keyboard focus on the new main content.
  // A page with an error summary puts focus there instead (htmx focuses [autofocus]).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "main") {
      var summary = target.querySelector("[autofocus]");
      if (summary) { summary.focus(); } else { target.focus({ preventScroll: true }); }
    }
  });
  // Confirmations (web/confirm.rs): a form with data-confirm asks in a dialog before it is
  // sent, then posts confirmed=yes. Without this script the server asks on a page instead.
  var dialog = null;
  function confirmDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    dialog.innerHTML = '<form method="dialog" class="stack">' +
      '<p id="confirm-dialog-text"></p>' +
      '<div class="actions"><button type="submit" value="yes" class="button button-danger"></button>' +
      '<button type="submit" value="no" class="button button-ghost">Cancel</button></div></form>';
    document.body.appendChild(dialog);
    return dialog;
  }
  // The question a submit asks, if any: its button's (data-confirm on a <button>), else the
  // form's, else a receipt's over-receipt question (data-over-receipt: a line's units above its
  // data-outstanding; the server asks the same on a page without this script).
  function questionFor(form, submitter) {
    if (submitter && submitter.getAttribute("data-confirm")) {
      return [submitter.getAttribute("data-confirm"), submitter.getAttribute("data-confirm-button")];
    }
    if (form.getAttribute("data-confirm")) {
      return [form.getAttribute("data-confirm"), form.getAttribute("data-confirm-button")];
    }
    var heading = form.getAttribute("data-over-receipt");
    if (!heading || (submitter && submitter.name)) { return null; }
    var over = [];
    form.querySelectorAll("input[data-outstanding]").forEach(function (input) {
      var text = input.value.replace(/[,\s]/g, "");
      if (!/^\d+$/.test(text)) { return; }
      var units = parseInt(text, 10);
      var outstanding = parseInt(input.getAttribute("data-outstanding"), 10);
      if (units > outstanding) {
        over.push(input.getAttribute("data-code") + ": " + units + " received, " + outstanding + " outstanding");
      }
    });
    if (over.length === 0) { return null; }
    return [heading + " " + over.join("; ") + ". The extra units go into stock too.", "Receive all"];
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.getAttribute) { return; }
    var submitter = event.submitter || null;
    var field = form.querySelector("input[name=confirmed]");
    if (field && field.value === "yes") { return; }
    var question = questionFor(form, submitter);
    if (!question) { return; }
    // Stop here, before htmx or the browser sends anything.
    event.preventDefault();
    event.stopImmediatePropagation();
    var ask = confirmDialog();
    ask.querySelector("p").textContent = question[0];
    ask.querySelector("button[value=yes]").textContent = question[1] || "Confirm";
    ask.returnValue = "";
    ask.onclose = function () {
      if (ask.returnValue !== "yes") { return; }
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "confirmed";
        form.appendChild(field);
      }
      field.value = "yes";
      // The same button again, so its name and value (name=everything) are sent too.
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      // The post has read its fields; the next one asks again.
      field.value = "";
    };
    ask.showModal();
    ask.querySelector("button[value=no]").focus();
  }, true);
  // A save after the session ended (web/error_pages.rs) shows #session-ended and leaves the
  // form as typed. Once the person has signed in again (in another tab), fetch the new
  // session's form token, put it in this page, and say that saving will work now.
  var watching = null;
  function useToken(token) {
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRF-Token": token }));
    document.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.value = token; });
    document.querySelectorAll("form[action*='csrf_token=']").forEach(function (form) {
      form.setAttribute("action", form.getAttribute("action").replace(/csrf_token=[^&]*/, "csrf_token=" + encodeURIComponent(token)));
    });
  }
  function checkSession() {
    var notice = document.getElementById("session-ended");
    if (!notice) { clearInterval(watching); watching = null; return; }
    fetch("/admin/session/token", { credentials: "same-origin", redirect: "manual", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.token) { return; }
        useToken(answer.token);
        clearInterval(watching);
        watching = null;
        notice.className = "session-ended session-restored";
        notice.innerHTML = "";
        var text = document.createElement("p");
        text.className = "session-ended-text";
        text.textContent = "You are signed in again. Save to keep your changes.";
        notice.appendChild(text);
      })
      .catch(function () {});
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "session-slot" && !watching) {
      watching = setInterval(checkSession, 2000);
    }
  });
  window.addEventListener("focus", checkSession);
  // Leaving a form with unsaved changes asks first. A form opts in with data-unsaved-warning;
  // data-dirty marks one the server showed again with what was typed (errors, conflicts).
  function isDirty(form) { return form.hasAttribute("data-dirty"); }
  document.addEventListener("input", function (event) {
    var field = event.target;
    var form = field.form;
    if (form && form.hasAttribute("data-unsaved-warning")) { form.setAttribute("data-dirty", ""); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-unsaved-warning")) { form.setAttribute("data-leaving", ""); }
  });
  // A save that failed without replacing the form (session ended, busy, offline) is still
  // unsaved. One that succeeded redirects, and one with errors swaps in a new form.
  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = event.detail && event.detail.elt;
      if (form && form.removeAttribute) { form.removeAttribute("data-leaving"); }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[data-unsaved-warning]");
    for (var i = 0; i < forms.length; i++) {
      if (isDirty(forms[i]) && !forms[i].hasAttribute("data-leaving")) {
        event.preventDefault();
        event.returnValue = "";
        return;
      }
    }
  });
  // The product list's bulk bar: a select-all box, and "Choose an edit" enabled only when
  // something is ticked or "all matching" is chosen (without this script the server says so).
  function syncBulk(form) {
    var boxes = form.querySelectorAll("input[name=ids]");
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    var all = form.querySelector("input[name=scope][value=all]");
    var ready = ticked > 0 || (all && all.checked);
    var button = form.querySelector("[data-bulk-submit]");
    if (button) { button.disabled = !ready; }
    var hint = form.querySelector("#bulk-hint");
    if (hint) { hint.hidden = ready; }
    var master = form.querySelector("#select-all");
    if (master) {
      master.hidden = false;
      master.checked = boxes.length > 0 && ticked === boxes.length;
      master.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  }
  function initBulk() {
    var form = document.getElementById("bulk-form");
    if (form) { syncBulk(form); }
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#bulk-form");
    if (!form) { return; }
    if (event.target.id === "select-all") {
      form.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = event.target.checked; });
    }
    syncBulk(form);
  });
  document.addEventListener("DOMContentLoaded", initBulk);
  document.addEventListener("htmx:afterSettle", initBulk);
  // The bulk edit form: only the value control the chosen edit needs is shown.
  function syncBulkValue() {
    var operation = document.getElementById("f-operation");
    if (!operation || !document.querySelector("[data-bulk-value]")) { return; }
    var value = operation.value;
    var kind = value === "status" ? "status" : value === "category" ? "category" :
      value === "archive" ? "none" : value === "price_clear" ? "clear" :
      value.indexOf("price_") === 0 ? "price" : "text";
    // A control lists the kinds of edit it serves ("text price"); clearing needs only the amount.
    document.querySelectorAll("[data-bulk-value]").forEach(function (field) {
      var kinds = field.getAttribute("data-bulk-value").split(" ");
      field.hidden = kinds.indexOf(kind) < 0 && !(kind === "clear" && kinds.indexOf("price") >= 0);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "f-operation") { syncBulkValue(); }
  });
  document.addEventListener("DOMContentLoaded", syncBulkValue);
  // The low-stock list: select all / none on the page (all skips lines already coming) and
  // the action bar's count of ticked lines. Without JavaScript the boxes work as they are.
  function lowStockCount(form) {
    var ticked = form.querySelectorAll("input[name=pick]:checked").length;
    var said = form.querySelector("[data-ticked-count]");
    if (said) {
      said.textContent = ticked === 0 ? "Nothing ticked." :
        ticked + (ticked === 1 ? " line ticked." : " lines ticked.");
    }
  }
  function lowStockReady() {
    document.querySelectorAll("form[data-low-stock]").forEach(function (form) {
      form.querySelectorAll("[data-select]").forEach(function (button) { button.hidden = false; });
      lowStockCount(form);
    });
  }
  document.addEventListener("DOMContentLoaded", lowStockReady);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("form[data-low-stock] [data-select]");
    if (!button) { return; }
    var form = button.closest("form");
    var all = button.getAttribute("data-select") === "all";
    form.querySelectorAll("input[name=pick]").forEach(function (box) {
      box.checked = all && !box.hasAttribute("data-coming");
    });
    lowStockCount(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-low-stock]");
    if (form && event.target.name === "pick") { lowStockCount(form); }
  });
  // The line picker (templates/inventory/picker.html): shown only with this script; a chosen
  // variant's line ("SKU units") is added to the lines box, or its units added to a line of
  // the same SKU already there.
  function pickersReady() {
    document.querySelectorAll(".variant-picker[hidden]").forEach(function (picker) { picker.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", pickersReady);
  document.addEventListener("htmx:afterSettle", pickersReady);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".variant-picker [data-pick]");
    if (!button) { return; }
    var picker = button.closest(".variant-picker");
    var box = document.getElementById(picker.getAttribute("data-picker-for"));
    if (!box) { return; }
    var sku = button.getAttribute("data-pick");
    var unitsField = picker.querySelector("#picker-units");
    var units = parseInt((unitsField && unitsField.value) || "1", 10);
    if (!(units > 0)) { units = 1; }
    var lines = box.value.split("\n");
    var added = false;
    for (var i = 0; i < lines.length; i++) {
      var parts = lines[i].trim().split(/[\s,;]+/);
      if (parts[0] && parts[0].toUpperCase() === sku.toUpperCase() && /^\d+$/.test(parts[1] || "")) {
        parts[1] = String(parseInt(parts[1], 10) + units);
        lines[i] = parts.join(" ");
        added = true;
        break;
      }
    }
    while (lines.length && lines[lines.length - 1].trim() === "") { lines.pop(); }
    if (!added) { lines.push(sku + " " + units); }
    box.value = lines.join("\n") + "\n";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    var said = picker.querySelector("[data-picker-said]");
    if (said) { said.textContent = "Added " + units + " of " + sku + " to the lines."; }
    var search = picker.querySelector("#picker-q");
    if (search) { search.focus(); search.select(); }
  });
  // A sheet's Print button (the sheet prints from the browser's menu without it too).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
