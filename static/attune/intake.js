// Enhancements for the partner's intake; every page works without them.
(function () {
  // "Leave this page quickly": replace this page in the history so Back does not return here.
  var exit = document.querySelector("[data-quick-exit]");
  var leaving = false;
  var leave = function () {
    // window.attuneLeaving tells idle.js not to post a draft that would race the quick exit's end of the session.
    if (!leaving) { leaving = window.attuneLeaving = true; window.location.replace(exit.href); }
  };
  if (exit) {
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    // Esc pressed twice within a second and a half leaves too, wherever the focus is (said on the safety steps).
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - lastEscape < 1500) { leave(); }
      lastEscape = now;
    });
    document.querySelectorAll(".escape-hint").forEach(function (hint) { hint.hidden = false; });
  }
  // Show the crisis resources as soon as the self-harm question is answered "Yes"; they sit in an alert region,
  // so a screen reader announces them.
  var panel = document.getElementById("crisis-resources");
  if (panel) {
    document.querySelectorAll('input[name="' + panel.getAttribute("data-item") + '"]').forEach(function (radio) {
      radio.addEventListener("change", function () { panel.hidden = radio.value !== "1"; });
    });
  }
})();
// The error summary, the note that a save failed, or a status message ("Your answers on this page are saved")
// takes the focus so screen readers announce it and keyboard users start there: its autofocus attribute does it,
// with or without this script, in browsers that honour it on any element; this only covers those that do not.
window.addEventListener("load", function () {
  var summary = document.getElementById("save-failed") || document.getElementById("error-summary") ||
    document.getElementById("flash-messages");
  if (summary && document.activeElement !== summary) { summary.focus(); }
});
