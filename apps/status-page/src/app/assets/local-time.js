// Optional: shows times in the reader's own time zone. Without it the page shows UTC, which reads fine.
(function () {
  if (!window.Intl || !document.querySelectorAll) return;
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZoneName: 'short' });
  var times = document.querySelectorAll('time[data-local]');
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var at = new Date(t.getAttribute('datetime'));
    if (isNaN(at.getTime())) continue;
    t.title = t.textContent;
    t.textContent = format.format(at);
  }
})();
