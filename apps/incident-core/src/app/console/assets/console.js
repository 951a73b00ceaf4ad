// The incident page's only script: the timeline updates itself over Server-Sent Events. Without it the
// page works the same, with a reload to see new lines.
(function () {
  var list = document.getElementById('timeline');
  if (!list || !window.EventSource) return;
  var source = new EventSource(list.getAttribute('data-events') + '?after=' + encodeURIComponent(list.getAttribute('data-last-seq') || '0'));
  var seen = {};
  Array.prototype.forEach.call(list.querySelectorAll('li[data-seq]'), function (li) { seen[li.getAttribute('data-seq')] = true; });
  source.addEventListener('timeline', function (message) {
    var line = JSON.parse(message.data);
    if (seen[line.seq]) return;
    seen[line.seq] = true;
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
    if (line.kind === 'status_changed') {
      var status = document.getElementById('live-note');
      if (status) status.textContent = 'The status changed: reload for the new actions.';
    }
  });
})();
