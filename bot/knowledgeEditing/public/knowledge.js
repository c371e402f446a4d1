// @ts-check
// The knowledge-base editing page: lists entries, edits one, publishes, previews. Talks to /api/knowledge.
/** @typedef {{ question: string, answer: string, phrasings: string[] }} LocalizedContent */
/**
 * An entry's content as the editor stores it (a draft may lack a language).
 * @typedef {{ id?: string, category?: string, journey?: string | null, related?: string[], references?: unknown[], fr?: LocalizedContent, en?: LocalizedContent }} EntryContent
 */
/** @typedef {{ id: string, published: boolean, revision: number, content: EntryContent }} StoredEntry */
/** @typedef {{ top1: number, rejection: number }} Figures */
/** @typedef {{ before: Figures, after: Figures } | null | undefined} Evaluation */
/** @typedef {{ at: string, kind: string, author: string, published: boolean, evaluation?: Evaluation }} Change */
/** @typedef {{ confident: boolean, hits: { id: string, score: number }[] }} PreviewAnswer */
/** @typedef {Error & { field?: string }} ApiError  a refusal, naming the field at fault when there is one */
/** @typedef {HTMLFormElement & { elements: Record<string, HTMLInputElement> }} NamedForm  a form whose controls are read by name */
(function () {
  'use strict';
  const csrf = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="csrf-token"]')).content;
  /**
   * The page's element for `selector` (the page always has it).
   * @param {string} selector
   */
  const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));
  const form = /** @type {NamedForm} */ ($('#entry-form'));
  /** @type {StoredEntry | null} */
  let current = null; // the stored entry being edited, or null for a new one

  /**
   * Calls the knowledge API with the session cookie and the CSRF token; a refusal throws an ApiError.
   * @param {'GET' | 'POST' | 'PUT'} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async function api(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      window.location.href = '/staff/sign-in';
      throw new Error('signed out');
    }
    const json = await response.json();
    if (!response.ok) throw Object.assign(new Error(json.message || 'request failed'), { field: json.field });
    return json;
  }

  /**
   * @template {HTMLElement} E
   * @param {E} element
   * @param {string} value
   * @returns {E}
   */
  function text(element, value) {
    element.textContent = value;
    return element;
  }

  /** @param {number} share */
  function percent(share) {
    return (share * 100).toFixed(1) + '%';
  }

  /** @param {Evaluation} evaluation */
  function describeEvaluation(evaluation) {
    if (!evaluation) return '';
    const { before, after } = evaluation;
    return ` Evaluation set: top-1 ${percent(before.top1)} → ${percent(after.top1)}, rejection ${percent(before.rejection)} → ${percent(after.rejection)}.`;
  }

  /**
   * Shows a message, and marks and focuses the field it is about.
   * @param {string} message
   * @param {string} kind  '', 'ok' or 'error' (the message box's class)
   * @param {string} [field]  as the API names it ("en.phrasings.2")
   */
  function say(message, kind, field) {
    const box = $('#message');
    box.className = kind;
    text(box, message);
    document.querySelectorAll('.invalid').forEach((element) => element.classList.remove('invalid'));
    if (field) {
      field = field.replace(/^drafts\.\d+\./, '');
      const prefix = field.split('.').slice(0, 2).join('.');
      const target = /** @type {HTMLElement | null} */ (document.querySelector(`[data-field="${CSS.escape(field)}"]`) || document.querySelector(`[data-field="${CSS.escape(prefix)}"]`));
      if (target) {
        target.classList.add('invalid');
        target.focus();
      }
    }
  }

  async function loadList() {
    const { entries, categories } = await api('GET', '/api/knowledge/entries');
    const select = /** @type {HTMLSelectElement} */ (/** @type {unknown} */ (form.elements.category));
    if (select.options.length === 0) {
      for (const category of categories) select.append(new Option(`${category.en} (${category.id})`, category.id));
    }
    const body = $('#entries tbody');
    body.replaceChildren(
      ...entries.map((/** @type {{ id: string, published: boolean, question: { fr?: string, en?: string } }} */ entry) => {
        const row = document.createElement('tr');
        row.dataset.id = entry.id;
        if (current && current.id === entry.id) row.classList.add('selected');
        const status = text(document.createElement('span'), entry.published ? 'live' : 'draft');
        status.className = entry.published ? 'badge live' : 'badge';
        const cells = [text(document.createElement('td'), entry.id), text(document.createElement('td'), entry.question.en || entry.question.fr || ''), document.createElement('td')];
        /** @type {HTMLElement} */ (cells[2]).append(status);
        row.append(...cells);
        row.addEventListener('click', () => open(entry.id).catch((error) => say(error.message, 'error', error.field)));
        return row;
      }),
    );
  }

  /** @param {EntryContent} content */
  function fill(content) {
    form.elements.id.value = content.id || '';
    form.elements.id.readOnly = Boolean(current);
    form.elements.category.value = content.category || form.elements.category.value;
    form.elements.journey.value = content.journey || '';
    form.elements.related.value = (content.related || []).join(', ');
    for (const lang of /** @type {const} */ (['fr', 'en'])) {
      const localized = content[lang] || { question: '', answer: '', phrasings: [] };
      form.elements[`${lang}.question`].value = localized.question;
      form.elements[`${lang}.answer`].value = localized.answer;
      form.elements[`${lang}.phrasings`].value = localized.phrasings.join('\n');
    }
  }

  /** The entry as the form holds it. */
  function draft() {
    const lines = (/** @type {string} */ value) => value.split('\n').map((line) => line.trim()).filter(Boolean);
    /** @type {EntryContent} */
    const content = {
      id: form.elements.id.value.trim(),
      category: form.elements.category.value,
      related: form.elements.related.value.split(',').map((id) => id.trim()).filter(Boolean),
      references: current ? current.content.references : [],
      journey: form.elements.journey.value || null,
    };
    for (const lang of /** @type {const} */ (['fr', 'en'])) {
      const question = form.elements[`${lang}.question`].value.trim();
      const answer = form.elements[`${lang}.answer`].value.trim();
      const phrasings = lines(form.elements[`${lang}.phrasings`].value);
      if (question || answer || phrasings.length) content[lang] = { question, answer, phrasings };
    }
    return content;
  }

  /** @param {Change[]} history */
  function showHistory(history) {
    $('#history').replaceChildren(
      ...history
        .slice()
        .reverse()
        .map((change) => text(document.createElement('li'), `${change.at} · ${change.kind} by ${change.author}${change.published ? ' (live)' : ''}.${describeEvaluation(change.evaluation)}`)),
    );
  }

  /**
   * Opens the editor on `entry` (null: a new one) with its history.
   * @param {StoredEntry | null} entry
   * @param {Change[]} [history]
   */
  function show(entry, history) {
    current = entry;
    // The candidate phrasings section narrows to the entry being edited.
    document.dispatchEvent(new CustomEvent('knowledge:entry-shown', { detail: { id: entry ? entry.id : null } }));
    $('#editor').hidden = false;
    text($('#editor-title'), entry ? `${entry.id} · ${entry.published ? 'live' : 'draft'} · revision ${entry.revision}` : 'New entry');
    fill(entry ? entry.content : { related: [] });
    $('#publish').hidden = !entry || entry.published;
    $('#unpublish').hidden = !entry || !entry.published;
    $('#phrasings-form').hidden = !entry;
    showHistory(history || []);
    document.querySelectorAll('#entries tr').forEach((row) => row.classList.toggle('selected', Boolean(entry) && /** @type {HTMLElement} */ (row).dataset.id === entry?.id));
  }

  /** @param {string} id */
  async function open(id) {
    const { entry, history } = await api('GET', `/api/knowledge/entries/${encodeURIComponent(id)}`);
    show(entry, history);
    say('', '');
  }

  /**
   * Runs a change, then shows the entry and list as they are now and says what it did.
   * @param {() => Promise<any>} work
   * @param {(result: any) => string} done
   */
  async function change(work, done) {
    try {
      const result = await work();
      await open(result.entry.id);
      await loadList();
      say(done(result) + describeEvaluation(result.evaluation), 'ok');
    } catch (caught) {
      const error = /** @type {ApiError} */ (caught);
      say(error.message, 'error', error.field);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const content = draft();
    const editing = current;
    if (editing) change(() => api('PUT', `/api/knowledge/entries/${encodeURIComponent(editing.id)}`, content), (r) => (r.live ? 'Saved; the live search uses it now.' : 'Saved as a draft.'));
    else change(() => api('POST', '/api/knowledge/entries', content), () => 'Created as a draft: publish it when both languages are written.');
  });

  /** The id of the entry being edited (the buttons that act on it show only while there is one). */
  const currentId = () => encodeURIComponent(/** @type {StoredEntry} */ (current).id);
  $('#publish').addEventListener('click', () => change(() => api('POST', `/api/knowledge/entries/${currentId()}/publish`), () => 'Published.'));
  $('#unpublish').addEventListener('click', () => change(() => api('POST', `/api/knowledge/entries/${currentId()}/unpublish`), () => 'Unpublished.'));

  $('#phrasings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = /** @type {NamedForm} */ (event.target);
    const phrasings = target.elements.phrasings.value.split('\n').map((line) => line.trim()).filter(Boolean);
    change(
      () => api('POST', `/api/knowledge/entries/${currentId()}/phrasings`, { lang: target.elements.lang.value, phrasings }),
      (result) => {
        target.elements.phrasings.value = '';
        return `${result.added.length} phrasing(s) added.`;
      },
    );
  });

  $('#preview-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const hits = (/** @type {PreviewAnswer} */ answer) => answer.hits.map((hit) => text(document.createElement('li'), `${hit.id} (${hit.score})${answer.confident && hit === answer.hits[0] ? ' — answered' : ''}`));
    try {
      const result = await api('POST', '/api/knowledge/preview', { query: /** @type {NamedForm} */ (event.target).elements.query.value, drafts: [draft()] });
      $('#preview-live').replaceChildren(...hits(result.live));
      $('#preview-draft').replaceChildren(...hits(result.preview));
      say('', '');
    } catch (caught) {
      const error = /** @type {ApiError} */ (caught);
      say(error.message, 'error', error.field);
    }
  });

  $('#new-entry').addEventListener('click', () => {
    show(null, []);
    say('Write the entry; it stays a draft until published.', '');
  });

  // A candidate phrasing approved below changed an entry: show it as saved, so a later save keeps it.
  document.addEventListener('knowledge:entry-changed', (event) => {
    loadList().catch((error) => say(error.message, 'error'));
    if (current && current.id === /** @type {CustomEvent<{ id: string }>} */ (event).detail.id) open(current.id).catch((error) => say(error.message, 'error', error.field));
  });

  loadList().catch((error) => say(error.message, 'error'));
})();
