// Highlights every piece of the passage the fragment names (#q-303-319): a passage that crosses
// another is split into several <mark>s sharing its data-q. Without this, :target marks the first.
(function () {
  function show() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    document.querySelectorAll('mark[data-q="' + CSS.escape(id) + '"]').forEach(function (m) {
      m.classList.add("current");
    });
  }
  window.addEventListener("hashchange", show);
  show();
})();
