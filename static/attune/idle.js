// The warning before an idle limit ends the session (WCAG 2.2.1), on every partner and signed-in page.
// The page knows how many seconds its session has left (templates/_idle_warning.html). Before the end it asks the
// server again (another tab may have kept working; asking is not activity), then shows the warning with "Keep
// working", which extends the session. A partner's typing on a step or check-in (the form marked data-draft-name)
// is posted as a draft through the page's own save path whenever the session is extended, when the page is left,
// and just before the limit; then, once the session has ended, the page is replaced by what the server now shows
// (the "closed for your privacy" page, or sign-in), so nothing private stays on the screen.
(function () {
  var box = document.getElementById("idle-warning");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("action");
  var warn = Number(box.getAttribute("data-warn")) * 1000;
  var margin = Math.min(5000, warn / 4);
  var deadline = Date.now() + Number(box.getAttribute("data-remaining")) * 1000;
  var draft = document.querySelector("form[data-draft-name]");
  var snapshot = function () { return draft ? new URLSearchParams(new FormData(draft)).toString() : ""; };
  var kept = snapshot();
  var sending = false, ended = false, timers = [], lastFocus = null;

  var payload = function (extend) {
    var data = new FormData(draft && snapshot() !== kept ? draft : box);
    if (draft && snapshot() !== kept) {
      data.set(draft.getAttribute("data-draft-name"), draft.getAttribute("data-draft-value"));
    }
    data.set("extend", extend ? "1" : "0");
    return data;
  };
  var remember = function (data, answer) {
    if (answer && answer.saved) { kept = new URLSearchParams(new FormData(draft)).toString(); }
    return answer;
  };
  var ask = function (data) {
    // A session that has already ended answers with the sign-in or "closed" page, not with the seconds left.
    var options = data ? { method: "POST", body: data, credentials: "same-origin", redirect: "manual" }
      : { credentials: "same-origin", redirect: "manual", cache: "no-store" };
    return fetch(url, options).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
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
    return true;
  };
  var showWarning = function () {
    ask().then(function (answer) {
      if (update(answer) && deadline - Date.now() > warn + 1000) { schedule(); return; }
      lastFocus = document.activeElement;
      box.hidden = false;
    });
  };
  // Just before the end, the last question while the session still answers (a closed one answers 404, which the
  // console would report): kept alive elsewhere, wait on; otherwise keep the typing, without keeping the session.
  var beforeTheEnd = function () {
    ask().then(function (answer) {
      if (update(answer) && deadline - Date.now() > margin + 1000) { schedule(); return; }
      if (answer !== null && draft && snapshot() !== kept) {
        var data = payload(false);
        ask(data).then(function (saved) { remember(data, saved); });
      }
    });
  };
  var end = function () {
    ended = true;
    window.location.replace(window.location.href.split("#")[0]);
  };

  box.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) { return; }
    sending = true;
    var data = payload(true);
    ask(data).then(function (answer) {
      sending = false;
      if (!update(remember(data, answer))) { end(); return; }  // too late: the session had already ended
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
      if (sending || ended || window.attuneLeaving || snapshot() === kept || !navigator.sendBeacon) { return; }
      if (navigator.sendBeacon(url, payload(false))) { kept = snapshot(); }
    };
    window.addEventListener("pagehide", leaving);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leaving(); }
    });
  }
  schedule();
})();
