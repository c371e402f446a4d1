/* The staff analytics page: reads /api/analytics/summary for the chosen days and draws it.
 * Question texts come from suppliers: they are only ever set with textContent. */
(function () {
  'use strict';

  var SURFACE_COLORS = { chat: '#0b63b6', widget: '#2f9e6b', teams: '#6b4fbb', api: '#c77d12' };
  var LANGUAGE_COLORS = { fr: '#0b63b6', en: '#c0392b' };
  var FALLBACK_COLORS = ['#5d6b80', '#8e44ad', '#16a085', '#d35400'];
  var DAY_MS = 86400000;
  var charts = {};

  function $(id) {
    return document.getElementById(id);
  }

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function initialRange() {
    var params = new URLSearchParams(window.location.search);
    var to = params.get('to') || isoDay(new Date());
    var from = params.get('from') || isoDay(new Date(Date.parse(to + 'T00:00:00Z') - 29 * DAY_MS));
    return { from: from, to: to };
  }

  function colorOf(palette, key, index) {
    return palette[key] || FALLBACK_COLORS[index % FALLBACK_COLORS.length];
  }

  /** Counts per day for each value of `field` (surface or lang), days without activity as 0. */
  function perDaySeries(summary, field, palette) {
    var keys = [];
    summary.questionsPerDay.forEach(function (row) {
      if (keys.indexOf(row[field]) < 0) keys.push(row[field]);
    });
    keys.sort();
    return keys.map(function (key, index) {
      var byDay = {};
      summary.questionsPerDay.forEach(function (row) {
        if (row[field] === key) byDay[row.day] = (byDay[row.day] || 0) + row.count;
      });
      return {
        label: key,
        data: summary.days.map(function (day) { return byDay[day] || 0; }),
        backgroundColor: colorOf(palette, key, index),
        borderColor: colorOf(palette, key, index),
      };
    });
  }

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign(
      { animation: false, responsive: true, maintainAspectRatio: false },
      config.options || {}
    );
    charts[id] = new window.Chart($(id), config);
  }

  /** An entry's title, shortened for an axis; the id when the entry is gone. */
  function entryLabel(row) {
    var title = row.title || row.entryId;
    return title.length > 48 ? title.slice(0, 47) + '…' : title;
  }

  function stackedDays(summary, datasets) {
    return {
      type: 'bar',
      data: { labels: summary.days, datasets: datasets },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    };
  }

  function renderTotals(summary) {
    var totals = summary.totals;
    $('total-questions').textContent = String(totals.questions);
    $('total-conversations').textContent = String(totals.conversations);
    $('deflection-rate').textContent =
      totals.deflectionRate === null ? '–' : Math.round(totals.deflectionRate * 1000) / 10 + ' %';
    $('total-escalations').textContent = String(totals.escalations);
    $('total-unanswered').textContent = String(totals.unansweredOrLowConfidence);
    $('total-feedback').textContent = totals.helpful + ' / ' + totals.notHelpful;
  }

  function renderCharts(summary) {
    draw('chart-surface', stackedDays(summary, perDaySeries(summary, 'surface', SURFACE_COLORS)));
    draw('chart-language', stackedDays(summary, perDaySeries(summary, 'lang', LANGUAGE_COLORS)));
    var escalations = {};
    summary.escalationsPerDay.forEach(function (row) { escalations[row.day] = row.count; });
    draw('chart-escalations', stackedDays(summary, [{
      label: 'escalations',
      data: summary.days.map(function (day) { return escalations[day] || 0; }),
      backgroundColor: '#c0392b',
    }]));
    draw('chart-entries', {
      type: 'bar',
      data: {
        labels: summary.topEntries.map(entryLabel),
        datasets: [{ label: 'answers', data: summary.topEntries.map(function (row) { return row.count; }), backgroundColor: '#0b63b6' }],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    draw('chart-feedback', {
      type: 'bar',
      data: {
        labels: summary.feedback.map(entryLabel),
        datasets: [
          { label: 'helpful', data: summary.feedback.map(function (row) { return row.helpful; }), backgroundColor: '#2f9e6b' },
          { label: 'not helpful', data: summary.feedback.map(function (row) { return row.notHelpful; }), backgroundColor: '#c0392b' },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function renderGroups(summary) {
    var body = $('groups').tBodies[0];
    body.replaceChildren();
    summary.unansweredGroups.forEach(function (group) {
      var row = document.createElement('tr');
      var count = document.createElement('td');
      count.className = 'count';
      count.textContent = String(group.count);
      var question = document.createElement('td');
      question.textContent = group.representative;
      var others = document.createElement('td');
      var list = document.createElement('ul');
      group.questions.slice(1, 6).forEach(function (phrasing) {
        var item = document.createElement('li');
        item.textContent = phrasing.text + (phrasing.count > 1 ? ' (×' + phrasing.count + ')' : '');
        list.appendChild(item);
      });
      others.appendChild(list);
      row.append(count, question, others);
      body.appendChild(row);
    });
    $('groups-empty').hidden = summary.unansweredGroups.length > 0;
  }

  async function load(range) {
    var query = new URLSearchParams(range).toString();
    document.body.removeAttribute('data-ready');
    $('status').textContent = '';
    $('csv').href = '/api/analytics/summary.csv?' + query;
    window.history.replaceState(null, '', '?' + query);
    try {
      var response = await fetch('/api/analytics/summary?' + query, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.status === 401) {
        window.location.assign('/staff/sign-in');
        return;
      }
      var body = await response.json();
      if (!response.ok) {
        $('status').textContent = body.message || 'The figures could not be loaded.';
        return;
      }
      renderTotals(body);
      renderCharts(body);
      renderGroups(body);
      document.body.setAttribute('data-ready', 'true');
    } catch (error) {
      $('status').textContent = 'The figures could not be loaded. Please try again.';
    }
  }

  function start() {
    var range = initialRange();
    $('from').value = range.from;
    $('to').value = range.to;
    $('range').addEventListener('submit', function (event) {
      event.preventDefault();
      load({ from: $('from').value, to: $('to').value });
    });
    load(range);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
