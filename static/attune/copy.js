// Adds a "Copy" button next to each intake link. Without JavaScript the link
// stays in a read-only field that can be selected and copied by hand.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy-target"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () { status.textContent = button.getAttribute("data-copied-text"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      document.execCommand("copy");
      done();
    }
  });
});
