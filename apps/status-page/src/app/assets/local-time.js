// Optional: shows times in the reader's own time zone. Without it the page shows UTC, which reads fine.
(function () {
  if (!window.Intl || !document.querySelectorAll) return;
  var format;
  try {
    // dateStyle/timeStyle cannot be combined with timeZoneName (a TypeError): name the parts instead.
    format = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  } catch {
    return;
  }
  var times = document.querySelectorAll('time[data-local]');
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var at = new Date(t.getAttribute('datetime'));
    if (isNaN(at.getTime())) continue;
    t.title = t.textContent;
    t.textContent = format.format(at);
  }
  var notes = document.querySelectorAll('[data-local-note]');
  for (var j = 0; j < notes.length; j++) notes[j].textContent = 'Times are shown in your time zone.';
})();
