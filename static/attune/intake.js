// Enhancements for the partner's intake; every page works without them.
(function () {
  // "Leave this page quickly": replace this page in the history so Back does not return here.
  document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(link.href);
    });
  });
  // Show the crisis resources as soon as the self-harm question is answered "Yes".
  var panel = document.getElementById("crisis-resources");
  if (panel) {
    document.querySelectorAll('input[name="' + panel.getAttribute("data-item") + '"]').forEach(function (radio) {
      radio.addEventListener("change", function () { panel.hidden = radio.value !== "1"; });
    });
  }
})();
// The error summary (or the note that a save failed) takes the focus so screen readers announce it and keyboard
// users start there: its autofocus attribute does it, with or without this script, in browsers that honour it on
// any element; this only covers those that do not.
window.addEventListener("load", function () {
  var summary = document.getElementById("save-failed") || document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
});
