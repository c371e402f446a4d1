// @ts-check
// Candidate phrasings on the knowledge page: questions suppliers asked before taking a "did you mean"
// suggestion, to approve as a phrasing of the entry they chose, or dismiss. Talks to /api/knowledge/candidates.
/**
 * A question waiting for a decision (GET /api/knowledge/candidates).
 * @typedef {{ entryId: string, entryQuestion?: string | null, lang: string, key: string, text: string, accepted: number, lastSeen: string }} Candidate
 */
/** @typedef {'approve' | 'dismiss'} Decision */
(function () {
  'use strict';
  // Staff read this section in their own language (the page's ?lang= or the browser's); the rest of the page is English.
  const STRINGS = {
    fr: {
      title: 'Formulations candidates',
      intro: 'Questions posées par des fournisseurs qui ont ensuite choisi une suggestion «\u00a0Vouliez-vous dire\u00a0?\u00a0». Approuver ajoute la question comme formulation de la fiche, dans sa langue\u00a0; la recherche en tient compte dès l\u2019enregistrement.',
      empty: 'Aucune formulation candidate à examiner.',
      entry: 'Fiche',
      lang: 'Langue',
      question: 'Question posée',
      accepted: 'Choisie',
      lastSeen: 'Dernière fois',
      actions: 'Décision',
      approve: 'Approuver',
      dismiss: 'Écarter',
      approveLabel: 'Approuver «\u00a0{text}\u00a0» pour {entry}',
      dismissLabel: 'Écarter «\u00a0{text}\u00a0» pour {entry}',
      approved: '«\u00a0{text}\u00a0» est maintenant une formulation de {entry} ({lang}).',
      alreadyThere: '{entry} avait déjà cette formulation\u00a0: candidate retirée.',
      dismissed: '«\u00a0{text}\u00a0» écartée.',
      times: '{count}\u00a0fois',
      only: 'Fiche {entry} seulement.',
      showAll: 'Voir toutes les fiches',
      evaluation: ' Jeu d\u2019évaluation\u00a0: top-1 {top1Before} → {top1After}, rejet {rejectionBefore} → {rejectionAfter}.',
    },
    en: {
      title: 'Candidate phrasings',
      intro: 'Questions suppliers asked before taking a "did you mean" suggestion. Approving adds the question as a phrasing of the entry, in its language; the search uses it as soon as it is saved.',
      empty: 'No candidate phrasings to review.',
      entry: 'Entry',
      lang: 'Language',
      question: 'Question asked',
      accepted: 'Taken',
      lastSeen: 'Last seen',
      actions: 'Decision',
      approve: 'Approve',
      dismiss: 'Dismiss',
      approveLabel: 'Approve "{text}" for {entry}',
      dismissLabel: 'Dismiss "{text}" for {entry}',
      approved: '"{text}" is now a phrasing of {entry} ({lang}).',
      alreadyThere: '{entry} already had this phrasing: candidate removed.',
      dismissed: '"{text}" dismissed.',
      times: '{count} times',
      only: 'Entry {entry} only.',
      showAll: 'Show all entries',
      evaluation: ' Evaluation set: top-1 {top1Before} → {top1After}, rejection {rejectionBefore} → {rejectionAfter}.',
    },
  };
  const section = document.getElementById('candidates');
  if (!section) return;
  const lang = section.lang === 'fr' ? 'fr' : 'en';
  const csrf = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="csrf-token"]')).content;
  /**
   * The section's text for `key` in its language, with `{name}` placeholders filled.
   * @param {keyof typeof STRINGS.en} key
   * @param {Record<string, string | number>} [values]
   */
  const t = (key, values) => STRINGS[lang][key].replace(/\{(\w+)\}/g, (_, /** @type {string} */ name) => (values && name in values ? String(values[name]) : ''));
  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  const el = (tag, text) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const percent = (/** @type {number} */ share) => (share * 100).toFixed(1) + '%';
  /**
   * The section's element for `selector` (the page always has it).
   * @param {string} selector
   * @param {ParentNode} [within]
   */
  const part = (selector, within = section) => /** @type {HTMLElement} */ (within.querySelector(selector));
  const status = part('#candidates-message');
  const body = part('tbody');
  const table = part('table');
  const empty = part('#candidates-empty');
  const filter = part('#candidates-filter');
  const filterText = part('span', filter);
  const showAll = part('button', filter);
  /** @type {Candidate[]} */
  let candidates = [];
  /** @type {string | null} */
  let only = null; // the entry open in the editor: its candidates alone are listed

  /**
   * @param {'GET' | 'POST'} method
   * @param {string} path
   * @param {unknown} [payload]
   * @returns {Promise<any>}
   */
  async function api(method, path, payload) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') Object.assign(headers, { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' });
    const response = await fetch(path, { method, headers, credentials: 'same-origin', body: payload === undefined ? undefined : JSON.stringify(payload) });
    const json = await response.json();
    if (!response.ok) throw new Error(json.message || 'request failed');
    return json;
  }

  /**
   * @param {string} message
   * @param {string} [kind]  'ok' or 'error' (the message's class)
   */
  function say(message, kind) {
    status.className = kind || '';
    status.textContent = message;
  }

  /** @param {Candidate} candidate */
  function row(candidate) {
    const tr = document.createElement('tr');
    tr.dataset.entry = candidate.entryId;
    const when = new Date(candidate.lastSeen);
    const time = el('time', when.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB'));
    time.dateTime = candidate.lastSeen;
    const entry = el('td', candidate.entryId);
    if (candidate.entryQuestion) {
      const question = el('span', candidate.entryQuestion);
      question.className = 'entry-question';
      question.lang = candidate.lang;
      entry.append(question);
    }
    const cells = [entry, el('td', candidate.lang), el('td'), el('td', t('times', { count: candidate.accepted })), el('td'), el('td')];
    const asked = el('q', candidate.text);
    asked.lang = candidate.lang;
    /** @type {HTMLElement} */ (cells[2]).append(asked);
    /** @type {HTMLElement} */ (cells[4]).append(time);
    const names = { text: candidate.text, entry: candidate.entryId };
    for (const [decision, label] of /** @type {const} */ ([['approve', 'approveLabel'], ['dismiss', 'dismissLabel']])) {
      const button = el('button', t(decision));
      button.type = 'button';
      button.className = decision;
      button.setAttribute('aria-label', t(label, names));
      button.addEventListener('click', () => decide(decision, candidate));
      /** @type {HTMLElement} */ (cells[5]).append(button);
    }
    tr.append(...cells);
    return tr;
  }

  function render() {
    const shown = only ? candidates.filter((candidate) => candidate.entryId === only) : candidates;
    body.replaceChildren(...shown.map(row));
    table.hidden = shown.length === 0;
    empty.hidden = shown.length > 0;
    filter.hidden = !only;
    if (only) filterText.textContent = t('only', { entry: only }) + ' ';
  }

  async function load() {
    ({ candidates } = await api('GET', '/api/knowledge/candidates'));
    render();
  }

  /**
   * Approves or dismisses a candidate, says what it did, and lists what is left.
   * @param {Decision} decision
   * @param {Candidate} candidate
   */
  async function decide(decision, candidate) {
    const ref = { entryId: candidate.entryId, lang: candidate.lang, key: candidate.key };
    const names = { text: candidate.text, entry: candidate.entryId, lang: candidate.lang };
    try {
      const result = await api('POST', `/api/knowledge/candidates/${decision}`, ref);
      let message = decision === 'dismiss' ? t('dismissed', names) : result.added.length ? t('approved', names) : t('alreadyThere', names);
      if (result.evaluation) {
        const { before, after } = result.evaluation;
        message += t('evaluation', {
          top1Before: percent(before.top1), top1After: percent(after.top1),
          rejectionBefore: percent(before.rejection), rejectionAfter: percent(after.rejection),
        });
      }
      say(message, 'ok');
      // The editor may have this entry open: it reloads it, so a later save keeps the new phrasing.
      if (decision === 'approve') document.dispatchEvent(new CustomEvent('knowledge:entry-changed', { detail: { id: candidate.entryId } }));
      await load();
    } catch (error) {
      say(/** @type {Error} */ (error).message, 'error');
    }
  }

  document.addEventListener('knowledge:entry-shown', (event) => {
    only = /** @type {CustomEvent<{ id: string | null }>} */ (event).detail.id;
    render();
  });
  showAll.addEventListener('click', () => {
    only = null;
    render();
  });

  part('#candidates-title').textContent = t('title');
  showAll.textContent = t('showAll');
  part('#candidates-intro').textContent = t('intro');
  empty.textContent = t('empty');
  section.querySelectorAll('th[data-key]').forEach((th) => (th.textContent = t(/** @type {keyof typeof STRINGS.en} */ (/** @type {HTMLElement} */ (th).dataset.key))));
  load().catch((error) => say(error.message, 'error'));
})();
