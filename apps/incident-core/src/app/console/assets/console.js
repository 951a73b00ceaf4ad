// The incident page's only script. Without it the page works the same, with a reload to see changes.
// With it: new timeline lines arrive over Server-Sent Events, and on each the page fetches the
// server-rendered live fragment (status, roles, clocks, alerts, the forms this person may use) and swaps
// its parts, so the page follows what other people do.
(function () {
  var list = document.getElementById('timeline');
  var live = document.getElementById('incident-live');
  if (!list || !window.EventSource) return;
  var append = list.hasAttribute('data-append');
  var source = new EventSource(list.getAttribute('data-events') + '?after=' + encodeURIComponent(list.getAttribute('data-last-seq') || '0'));
  var seen = {};
  Array.prototype.forEach.call(list.querySelectorAll('li[data-seq]'), function (li) { seen[li.getAttribute('data-seq')] = true; });

  function addLine(line) {
    var li = document.createElement('li');
    li.setAttribute('data-seq', line.seq);
    var kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = line.kind.replace(/_/g, ' ');
    var time = document.createElement('time');
    time.setAttribute('datetime', line.at);
    time.textContent = line.at.slice(0, 10) + ' ' + line.at.slice(11, 16) + ' UTC';
    li.appendChild(kind);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(time);
    li.appendChild(document.createTextNode(' ' + line.text));
    if (line.who) {
      var who = document.createElement('span');
      who.className = 'meta';
      who.textContent = ' (' + line.who + ')';
      li.appendChild(who);
    }
    list.appendChild(li);
  }

  // A part the person is working in (focus inside, or a form opened) is not swapped under their hands:
  // it waits until they leave it.
  var pending = {};
  function busy(part) {
    return part.contains(document.activeElement) || (part.id === 'live-actions' && part.querySelector('details[open]'));
  }
  function swap(part, fresh) {
    // Keep open what the person opened (checklists), by position.
    var open = Array.prototype.map.call(part.querySelectorAll('details'), function (d) { return d.open; });
    Array.prototype.forEach.call(fresh.querySelectorAll('details'), function (d, i) { if (open[i]) d.open = true; });
    part.parentNode.replaceChild(fresh, part);
    delete pending[fresh.id];
  }
  function applyPending() {
    Object.keys(pending).forEach(function (id) {
      var part = document.getElementById(id);
      if (part && !busy(part)) swap(part, pending[id]);
    });
  }
  document.addEventListener('focusout', function () { setTimeout(applyPending, 0); });
  document.addEventListener('toggle', function () { setTimeout(applyPending, 0); }, true);

  var timer = null;
  var running = false;
  var again = false;
  function refresh() {
    if (!live) return;
    if (running) { again = true; return; }
    running = true;
    var before = (document.getElementById('incident-status') || {}).textContent;
    fetch(live.getAttribute('data-live'), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var holder = document.createElement('div');
        holder.innerHTML = html;
        Array.prototype.forEach.call(holder.querySelectorAll('[data-live-part]'), function (fresh) {
          var part = document.getElementById(fresh.id);
          if (!part) return;
          if (busy(part)) pending[fresh.id] = fresh;
          else swap(part, fresh);
        });
        var after = (document.getElementById('incident-status') || {}).textContent;
        var announce = document.getElementById('live-announce');
        if (announce && after && after !== before) announce.textContent = 'The status changed to ' + after + '.';
      })
      .catch(function () { /* the next event tries again; a reload always works */ })
      .then(function () {
        running = false;
        if (again) { again = false; refresh(); }
      });
  }

  source.addEventListener('timeline', function (message) {
    var line = JSON.parse(message.data);
    if (seen[line.seq]) return;
    seen[line.seq] = true;
    if (append) addLine(line);
    // Several lines of one command arrive together: one fetch for them all.
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
})();
