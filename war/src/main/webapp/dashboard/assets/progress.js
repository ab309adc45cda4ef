// An audience send's progress, kept live: polls its progress data until nothing more will change, updating the
// counts (an aria-live region) and the plot.
(function () {
  'use strict';
  var section = document.getElementById('progress');
  if (!section) { return; }
  var source = section.getAttribute('data-source');
  var plot = document.getElementById('plot-progress');
  var state = document.getElementById('progress-state');
  var statusText = document.getElementById('status');
  var kinds = ['queued', 'sent', 'failed', 'skipped'];
  var colours = { queued: '#2454d6', sent: '#1e7a3c', failed: '#b3261e', skipped: '#6b7280' };
  var chart = echarts.init(plot, null, { renderer: 'svg' });

  function show(data) {
    Object.keys(data).forEach(function (key) {
      var element = section.querySelector('[data-count="' + key + '"]');
      if (element && String(element.textContent) !== String(data[key])) { element.textContent = data[key]; }
    });
    if (statusText && statusText.textContent !== data.status) { statusText.textContent = data.status; }
    chart.setOption({
      animation: false,
      grid: { left: 72, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: kinds },
      series: [{ type: 'bar', data: kinds.map(function (k) {
        return { value: data[k], itemStyle: { color: colours[k] } };
      }) }]
    });
    plot.setAttribute('data-drawn', 'true');
    section.setAttribute('data-done', String(data.done));
    state.textContent = data.done
      ? 'Done: ' + data.sent + ' sent, ' + data.failed + ' failed, ' + data.skipped + ' skipped of ' + data.written +
        ' recipients written.'
      : 'Going on: ' + data.written + ' recipients written so far, ' + data.queued + ' waiting for delivery.';
  }

  function poll() {
    fetch(source, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('the progress answered ' + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.done) { setTimeout(poll, 1000); }
      })
      .catch(function (error) {
        state.textContent = 'The progress cannot be read just now (' + error.message + '); reload the page to try again.';
      });
  }

  window.addEventListener('resize', function () { chart.resize(); });
  poll();
})();
