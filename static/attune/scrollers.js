// A wide table sits in a scrolling region that takes the keyboard focus (tabindex="0"), so it can be scrolled
// without a mouse; where the table fits, the region does not scroll and that stop would lead nowhere, so it is
// taken out of the tab order, and put back whenever the region changes size (a narrower window, a <details>
// opened) and scrolls again. A region not shown yet keeps its stop. Without JavaScript every region keeps it.
(function () {
  var regions = document.querySelectorAll(".table-responsive[tabindex]");
  if (!regions.length) { return; }
  var fit = function (region) {
    var shown = region.clientWidth > 0;
    // Either way: a region that scrolls sideways scrolls up and down too, if only by a pixel.
    if (!shown || region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight) {
      region.setAttribute("tabindex", "0");
    } else {
      region.removeAttribute("tabindex");
    }
  };
  regions.forEach(fit);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { fit(entry.target); });
    });
    regions.forEach(function (region) {
      observer.observe(region);
      if (region.firstElementChild) { observer.observe(region.firstElementChild); }
    });
  } else {
    window.addEventListener("resize", function () { regions.forEach(fit); });
  }
})();
