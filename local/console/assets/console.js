// sirp console script. Every page works without it; with it, times show in the
// reader's local time and live pages refresh themselves when the runtime says
// something changed (server-sent events on /api/changes, polling as a fallback).
(function () {
  'use strict';

  var FALLBACK_POLL_MS = 15000;

  function localTimes(root) {
    var times = root.querySelectorAll('time[datetime]');
    for (var i = 0; i < times.length; i++) {
      var t = times[i];
      var d = new Date(t.getAttribute('datetime'));
      if (isNaN(d.getTime())) continue;
      t.title = t.textContent;
      t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
    }
  }

  function typingIn(main) {
    var active = document.activeElement;
    return active !== null && active !== main && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }

  function startLive() {
    var status = document.getElementById('live-status');
    var busy = false;
    var again = false;
    var lastHtml = null;

    function say(text) {
      if (status !== null) status.textContent = text;
    }

    function refresh() {
      var main = document.getElementById('main');
      if (main === null || document.hidden || typingIn(main)) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          return response.text();
        })
        .then(function (text) {
          var next = new DOMParser().parseFromString(text, 'text/html').getElementById('main');
          if (next === null || next.innerHTML === lastHtml) return;
          lastHtml = next.innerHTML;
          var opened = [];
          var details = main.querySelectorAll('details');
          for (var i = 0; i < details.length; i++) opened.push(details[i].open);
          var nodes = [];
          for (var j = 0; j < next.childNodes.length; j++) nodes.push(document.importNode(next.childNodes[j], true));
          main.replaceChildren.apply(main, nodes);
          var fresh = main.querySelectorAll('details');
          if (fresh.length === opened.length) for (var k = 0; k < fresh.length; k++) fresh[k].open = opened[k];
          localTimes(main);
          say('Live · updated ' + new Date().toLocaleTimeString());
        })
        .catch(function () {
          say('Live updates paused: the runtime did not answer.');
        })
        .then(function () {
          busy = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    }

    if (typeof EventSource === 'function') {
      var changes = new EventSource('/api/changes');
      changes.addEventListener('hello', function () { say('Live'); });
      changes.addEventListener('change', refresh);
      changes.addEventListener('error', function () { say('Live updates reconnecting…'); });
      window.addEventListener('pagehide', function () { changes.close(); });
    }
    // Deadlines and ages move without any event: refresh now and then anyway.
    setInterval(refresh, FALLBACK_POLL_MS);
    document.addEventListener('visibilitychange', refresh);
  }

  function start() {
    localTimes(document);
    if (document.body.getAttribute('data-live') === '1') startLive();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
