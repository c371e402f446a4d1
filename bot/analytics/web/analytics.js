// @ts-check
/* The staff analytics page: reads /api/analytics/summary for the chosen days and draws it.
 * Question texts come from suppliers: they are only ever set with textContent. */
/** @typedef {{ day: string, surface: string, lang: string, count: number }} QuestionsRow */
/** @typedef {{ entryId: string, title?: string | null }} EntryRow */
/**
 * What GET /api/analytics/summary answers.
 * @typedef {{
 *   days: string[],
 *   totals: { questions: number, conversations: number, deflectionRate: number | null, escalations: number, unansweredOrLowConfidence: number, helpful: number, notHelpful: number },
 *   questionsPerDay: QuestionsRow[],
 *   escalationsPerDay: { day: string, count: number }[],
 *   topEntries: (EntryRow & { count: number })[],
 *   feedback: (EntryRow & { helpful: number, notHelpful: number })[],
 *   unansweredGroups: { count: number, representative: string, questions: { text: string, count: number }[] }[]
 * }} Summary
 */
/** @typedef {{ type: string, data: object, options?: object }} ChartConfig */
/** @typedef {{ destroy(): void }} Chart  the part of a Chart.js chart the page uses */
/** @typedef {{ from: string, to: string }} DayRange */
(function () {
  'use strict';

  /** @type {Record<string, string>} */
  var SURFACE_COLORS = { chat: '#0b63b6', widget: '#2f9e6b', teams: '#6b4fbb', api: '#c77d12' };
  /** @type {Record<string, string>} */
  var LANGUAGE_COLORS = { fr: '#0b63b6', en: '#c0392b' };
  var FALLBACK_COLORS = ['#5d6b80', '#8e44ad', '#16a085', '#d35400'];
  var DAY_MS = 86400000;
  /** @type {Record<string, Chart>} */
  var charts = {};
  /** Chart.js's global, loaded by the page (read when drawing, as the page had it). */
  var page = /** @type {Window & { Chart: new (canvas: HTMLElement, config: ChartConfig) => Chart }} */ (/** @type {unknown} */ (window));

  /**
   * The page's element with this id (the page always has it).
   * @param {string} id
   */
  function $(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }

  /**
   * @param {string} id
   * @returns {HTMLInputElement}
   */
  function input(id) {
    return /** @type {HTMLInputElement} */ ($(id));
  }

  /** @param {Date} date */
  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  /** @returns {DayRange} */
  function initialRange() {
    var params = new URLSearchParams(window.location.search);
    var to = params.get('to') || isoDay(new Date());
    var from = params.get('from') || isoDay(new Date(Date.parse(to + 'T00:00:00Z') - 29 * DAY_MS));
    return { from: from, to: to };
  }

  /**
   * @param {Record<string, string>} palette
   * @param {string} key
   * @param {number} index
   */
  function colorOf(palette, key, index) {
    return palette[key] || FALLBACK_COLORS[index % FALLBACK_COLORS.length];
  }

  /**
   * Counts per day for each value of `field` (surface or lang), days without activity as 0.
   * @param {Summary} summary
   * @param {'surface' | 'lang'} field
   * @param {Record<string, string>} palette
   */
  function perDaySeries(summary, field, palette) {
    /** @type {string[]} */
    var keys = [];
    summary.questionsPerDay.forEach(function (row) {
      if (keys.indexOf(row[field]) < 0) keys.push(row[field]);
    });
    keys.sort();
    return keys.map(function (key, index) {
      /** @type {Record<string, number>} */
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

  /**
   * Draws a chart into the canvas `id`, replacing the one drawn there before.
   * @param {string} id
   * @param {ChartConfig} config
   */
  function draw(id, config) {
    var previous = charts[id];
    if (previous) previous.destroy();
    config.options = Object.assign(
      { animation: false, responsive: true, maintainAspectRatio: false },
      config.options || {}
    );
    charts[id] = new page.Chart($(id), config);
  }

  /**
   * An entry's title, shortened for an axis; the id when the entry is gone.
   * @param {EntryRow} row
   */
  function entryLabel(row) {
    var title = row.title || row.entryId;
    return title.length > 48 ? title.slice(0, 47) + '…' : title;
  }

  /**
   * @param {Summary} summary
   * @param {object[]} datasets
   * @returns {ChartConfig}
   */
  function stackedDays(summary, datasets) {
    return {
      type: 'bar',
      data: { labels: summary.days, datasets: datasets },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    };
  }

  /** @param {Summary} summary */
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

  /** @param {Summary} summary */
  function renderCharts(summary) {
    draw('chart-surface', stackedDays(summary, perDaySeries(summary, 'surface', SURFACE_COLORS)));
    draw('chart-language', stackedDays(summary, perDaySeries(summary, 'lang', LANGUAGE_COLORS)));
    /** @type {Record<string, number>} */
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

  /** @param {Summary} summary */
  function renderGroups(summary) {
    var body = /** @type {HTMLTableElement} */ ($('groups')).tBodies[0];
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

  /**
   * Loads and draws the figures of `range`, and keeps the range in the address.
   * @param {DayRange} range
   */
  async function load(range) {
    var query = new URLSearchParams(range).toString();
    document.body.removeAttribute('data-ready');
    $('status').textContent = '';
    /** @type {HTMLAnchorElement} */ ($('csv')).href = '/api/analytics/summary.csv?' + query;
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
    } catch {
      $('status').textContent = 'The figures could not be loaded. Please try again.';
    }
  }

  function start() {
    var range = initialRange();
    input('from').value = range.from;
    input('to').value = range.to;
    $('range').addEventListener('submit', function (event) {
      event.preventDefault();
      load({ from: input('from').value, to: input('to').value });
    });
    load(range);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
