// The knowledge-base editing page: lists entries, edits one, publishes, previews. Talks to /api/knowledge.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (selector) => document.querySelector(selector);
  const form = $('#entry-form');
  let current = null; // the stored entry being edited, or null for a new one

  async function api(method, path, body) {
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

  function text(element, value) {
    element.textContent = value;
    return element;
  }

  function percent(share) {
    return (share * 100).toFixed(1) + '%';
  }

  function describeEvaluation(evaluation) {
    if (!evaluation) return '';
    const { before, after } = evaluation;
    return ` Evaluation set: top-1 ${percent(before.top1)} → ${percent(after.top1)}, rejection ${percent(before.rejection)} → ${percent(after.rejection)}.`;
  }

  function say(message, kind, field) {
    const box = $('#message');
    box.className = kind;
    text(box, message);
    document.querySelectorAll('.invalid').forEach((element) => element.classList.remove('invalid'));
    if (field) {
      field = field.replace(/^drafts\.\d+\./, '');
      const prefix = field.split('.').slice(0, 2).join('.');
      const target = document.querySelector(`[data-field="${CSS.escape(field)}"]`) || document.querySelector(`[data-field="${CSS.escape(prefix)}"]`);
      if (target) {
        target.classList.add('invalid');
        target.focus();
      }
    }
  }

  async function loadList() {
    const { entries, categories } = await api('GET', '/api/knowledge/entries');
    const select = form.elements.category;
    if (select.options.length === 0) {
      for (const category of categories) select.append(new Option(`${category.en} (${category.id})`, category.id));
    }
    const body = $('#entries tbody');
    body.replaceChildren(
      ...entries.map((entry) => {
        const row = document.createElement('tr');
        row.dataset.id = entry.id;
        if (current && current.id === entry.id) row.classList.add('selected');
        const status = text(document.createElement('span'), entry.published ? 'live' : 'draft');
        status.className = entry.published ? 'badge live' : 'badge';
        const cells = [text(document.createElement('td'), entry.id), text(document.createElement('td'), entry.question.en || entry.question.fr || ''), document.createElement('td')];
        cells[2].append(status);
        row.append(...cells);
        row.addEventListener('click', () => open(entry.id).catch((error) => say(error.message, 'error', error.field)));
        return row;
      }),
    );
  }

  function fill(content) {
    form.elements.id.value = content.id || '';
    form.elements.id.readOnly = Boolean(current);
    form.elements.category.value = content.category || form.elements.category.value;
    form.elements.journey.value = content.journey || '';
    form.elements.related.value = (content.related || []).join(', ');
    for (const lang of ['fr', 'en']) {
      const localized = content[lang] || { question: '', answer: '', phrasings: [] };
      form.elements[`${lang}.question`].value = localized.question;
      form.elements[`${lang}.answer`].value = localized.answer;
      form.elements[`${lang}.phrasings`].value = localized.phrasings.join('\n');
    }
  }

  function draft() {
    const lines = (value) => value.split('\n').map((line) => line.trim()).filter(Boolean);
    const content = {
      id: form.elements.id.value.trim(),
      category: form.elements.category.value,
      related: form.elements.related.value.split(',').map((id) => id.trim()).filter(Boolean),
      references: current ? current.content.references : [],
      journey: form.elements.journey.value || null,
    };
    for (const lang of ['fr', 'en']) {
      const question = form.elements[`${lang}.question`].value.trim();
      const answer = form.elements[`${lang}.answer`].value.trim();
      const phrasings = lines(form.elements[`${lang}.phrasings`].value);
      if (question || answer || phrasings.length) content[lang] = { question, answer, phrasings };
    }
    return content;
  }

  function showHistory(history) {
    $('#history').replaceChildren(
      ...history
        .slice()
        .reverse()
        .map((change) => text(document.createElement('li'), `${change.at} · ${change.kind} by ${change.author}${change.published ? ' (live)' : ''}.${describeEvaluation(change.evaluation)}`)),
    );
  }

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
    document.querySelectorAll('#entries tr').forEach((row) => row.classList.toggle('selected', Boolean(entry) && row.dataset.id === entry.id));
  }

  async function open(id) {
    const { entry, history } = await api('GET', `/api/knowledge/entries/${encodeURIComponent(id)}`);
    show(entry, history);
    say('', '');
  }

  async function change(work, done) {
    try {
      const result = await work();
      await open(result.entry.id);
      await loadList();
      say(done(result) + describeEvaluation(result.evaluation), 'ok');
    } catch (error) {
      say(error.message, 'error', error.field);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const content = draft();
    if (current) change(() => api('PUT', `/api/knowledge/entries/${encodeURIComponent(current.id)}`, content), (r) => (r.live ? 'Saved; the live search uses it now.' : 'Saved as a draft.'));
    else change(() => api('POST', '/api/knowledge/entries', content), () => 'Created as a draft: publish it when both languages are written.');
  });

  $('#publish').addEventListener('click', () => change(() => api('POST', `/api/knowledge/entries/${encodeURIComponent(current.id)}/publish`), () => 'Published.'));
  $('#unpublish').addEventListener('click', () => change(() => api('POST', `/api/knowledge/entries/${encodeURIComponent(current.id)}/unpublish`), () => 'Unpublished.'));

  $('#phrasings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const target = event.target;
    const phrasings = target.elements.phrasings.value.split('\n').map((line) => line.trim()).filter(Boolean);
    change(
      () => api('POST', `/api/knowledge/entries/${encodeURIComponent(current.id)}/phrasings`, { lang: target.elements.lang.value, phrasings }),
      (result) => {
        target.elements.phrasings.value = '';
        return `${result.added.length} phrasing(s) added.`;
      },
    );
  });

  $('#preview-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const hits = (answer) => answer.hits.map((hit) => text(document.createElement('li'), `${hit.id} (${hit.score})${answer.confident && hit === answer.hits[0] ? ' — answered' : ''}`));
    try {
      const result = await api('POST', '/api/knowledge/preview', { query: event.target.elements.query.value, drafts: [draft()] });
      $('#preview-live').replaceChildren(...hits(result.live));
      $('#preview-draft').replaceChildren(...hits(result.preview));
      say('', '');
    } catch (error) {
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
    if (current && current.id === event.detail.id) open(current.id).catch((error) => say(error.message, 'error', error.field));
  });

  loadList().catch((error) => say(error.message, 'error'));
})();
