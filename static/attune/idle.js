// The warning before a time limit ends the session (WCAG 2.2.1), on every partner and signed-in page.
// The page knows how many seconds its session has left (templates/_idle_warning.html). Before the end it asks the
// server again (another tab may have kept working; asking is not activity), then shows the warning: before an idle
// limit with "Keep working", which extends the session; before a therapist's fixed session lifetime ("final"),
// which nothing extends, with the time it ends and no "Keep working". The typing in the page's draft form is kept
// whenever the session is extended, when the page is left or hidden, and just before either limit: a partner's
// step or check-in (marked data-draft-name) through the page's own save path, posted with "Keep working"; the
// therapist's plan editor (marked data-draft-url) to its own draft address. Then, once the session has ended, the
// page is replaced by what the server now shows (the "closed for your privacy" page, or sign-in), so nothing
// private stays on the screen.
(function () {
  var box = document.getElementById("idle-warning");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("action");
  var warn = Number(box.getAttribute("data-warn")) * 1000;
  var margin = Math.min(5000, warn / 4);
  var deadline = Date.now() + Number(box.getAttribute("data-remaining")) * 1000;
  var final = box.getAttribute("data-final") === "1";
  var draft = document.querySelector("form[data-draft-name], form[data-draft-url]");
  var draftUrl = draft ? draft.getAttribute("data-draft-url") : null;
  var snapshot = function () { return draft ? new URLSearchParams(new FormData(draft)).toString() : ""; };
  var kept = snapshot();
  var sending = false, ended = false, timers = [], lastFocus = null;
  var dirty = function () { return draft !== null && snapshot() !== kept; };

  // The draft as posted: the form's own fields (with its CSRF token) and whether to keep working.
  var draftData = function (extend) {
    var data = new FormData(draft);
    if (!draftUrl) { data.set(draft.getAttribute("data-draft-name"), draft.getAttribute("data-draft-value")); }
    data.set("extend", extend ? "1" : "0");
    return data;
  };
  var post = function (to, data) {
    // A session that has already ended answers with the sign-in or "closed" page, not with JSON.
    return fetch(to, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  };
  var ask = function () {
    return fetch(url, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  };
  // Keep the typing; resolves with the server's answer (null: not kept). `kept` moves only when it was.
  var keepDraft = function (extend) {
    var state = snapshot();
    return post(draftUrl || url, draftData(extend)).then(function (answer) {
      if (answer && answer.saved) { kept = state; }
      return answer;
    });
  };
  var keepWorking = function () {
    if (!dirty()) {
      var data = new FormData(box);
      data.set("extend", "1");
      return post(url, data);
    }
    if (!draftUrl) { return keepDraft(true); }  // a partner's draft and the extension in one request
    return keepDraft(false).then(function () { return post(url, new FormData(box)); });
  };
  var later = function (fn, ms) { timers.push(window.setTimeout(fn, Math.max(0, ms))); };
  var schedule = function () {
    timers.forEach(window.clearTimeout);
    timers = [];
    later(showWarning, deadline - warn - Date.now());
    later(beforeTheEnd, deadline - margin - Date.now());
    later(end, deadline + 1000 - Date.now());
  };
  var update = function (answer) {
    if (answer === null) { return false; }
    deadline = Date.now() + answer.remaining * 1000;
    final = answer.final === true;
    return true;
  };
  var showWarning = function () {
    ask().then(function (answer) {
      if (update(answer) && deadline - Date.now() > warn + 1000) { schedule(); return; }
      box.querySelectorAll("[data-idle-part]").forEach(function (part) { part.hidden = final; });
      box.querySelectorAll("[data-final-part]").forEach(function (part) { part.hidden = !final; });
      lastFocus = document.activeElement;
      box.hidden = false;
    });
  };
  // Just before the end, the last question while the session still answers (a closed one answers 404 or sign-in,
  // which the console would report): kept alive elsewhere, wait on; otherwise keep the typing, without keeping the
  // session.
  var beforeTheEnd = function () {
    ask().then(function (answer) {
      if (update(answer) && deadline - Date.now() > margin + 1000) { schedule(); return; }
      if (answer !== null && dirty()) { keepDraft(false); }
    });
  };
  var end = function () {
    ended = true;
    window.location.replace(window.location.href.split("#")[0]);
  };

  box.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending || final) { return; }
    sending = true;
    keepWorking().then(function (answer) {
      sending = false;
      if (!update(answer)) { end(); return; }  // too late: the session had already ended
      box.hidden = true;
      if (lastFocus && lastFocus !== document.body && document.contains(lastFocus)) { lastFocus.focus(); }
      schedule();
    });
  });
  if (draft) {
    draft.addEventListener("submit", function () { sending = true; });
    // Leaving the page (a link, the tab closed) or hiding it (another app, the phone locked, where timers stop):
    // keep the typing as a draft.
    var leaving = function () {
      if (sending || ended || window.attuneLeaving || !dirty() || !navigator.sendBeacon) { return; }
      var state = snapshot();
      if (navigator.sendBeacon(draftUrl || url, draftData(false))) { kept = state; }
    };
    window.addEventListener("pagehide", leaving);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leaving(); }
    });
  }
  schedule();
})();
