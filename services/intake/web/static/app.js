// Rujukan companion app: reload the page when what it shows has changed (new outcome,
// acknowledgement, overdue notice). The page's data-poll element names the JSON view and
// its version; polling pauses while a form is being filled in or the tab is hidden.
(function () {
  var poll = document.querySelector("[data-poll]");
  if (!poll || !window.fetch) return;
  var editing = false;
  document.addEventListener("input", function () { editing = true; });
  setInterval(function () {
    if (editing || document.hidden) return;
    fetch(poll.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (view) {
        if (view && view.version && view.version !== poll.dataset.version) window.location.reload();
      })
      .catch(function () {});
  }, 3000);
})();
