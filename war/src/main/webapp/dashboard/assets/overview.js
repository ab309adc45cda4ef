// The overview's plots: sends per minute over the last hour and day, from /dashboard/statistics.
// The same numbers are in the page's tables; this only draws them.
(function () {
  'use strict';
  var colours = { accepted: '#2454d6', sent: '#1e7a3c', deferred: '#b7791f', failed: '#b3261e', skipped: '#6b7280' };

  function label(iso) {
    var time = iso.substring(11, 16);
    return time;
  }

  function draw(element, data) {
    var chart = echarts.init(element, null, { renderer: 'svg' });
    var events = Object.keys(data.counts);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: events, bottom: 0, itemGap: 18 },
      grid: { left: 40, right: 12, top: 12, bottom: 56 },
      xAxis: { type: 'category', data: data.minutes.map(label), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: events.map(function (event) {
        return { name: event, type: 'line', showSymbol: false, data: data.counts[event],
                 itemStyle: { color: colours[event] }, lineStyle: { color: colours[event] } };
      })
    });
    element.setAttribute('data-drawn', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  function load(element) {
    var url = element.getAttribute('data-source');
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('the statistics answered ' + response.status); }
        return response.json();
      })
      .then(function (data) { draw(element, data); })
      .catch(function (error) {
        element.textContent = 'The plot cannot be drawn (' + error.message + '); the table below has the numbers.';
      });
  }

  document.querySelectorAll('.plot[data-source]').forEach(load);
})();
