// @ts-check
// Premium support console: the queue, one ticket, live updates over SSE.
// Everything a user or an agent wrote is set with textContent, never as HTML.
'use strict';

/**
 * A ticket as the queue lists it (GET /api/handoff/tickets).
 * @typedef {{ id: string, status: string, summary: string, language: string, claimedBy?: string | null, createdAt: string, updatedAt: string }} TicketSummary
 */
/**
 * One ticket with what the supplier tried, the bot transcript and the messages (GET /api/handoff/tickets/:id).
 * @typedef {TicketSummary & {
 *   contact: string,
 *   channelId: string,
 *   tried: { faqShown: string[], journeySteps: string[] },
 *   transcript: { from: string, text: string, timestamp: string }[],
 *   messages: { author: string, authorName?: string | null, text: string, createdAt: string }[],
 *   attachments?: TicketFile[]
 * }} Ticket
 */
/**
 * A file the supplier sent in the ticket's conversation (its name is user text).
 * @typedef {{ id: string, name: string, contentType: string, size: number, createdAt: string, url: string }} TicketFile
 */

(function () {
  const csrf = /** @type {string} */ (/** @type {Element} */ (document.querySelector('meta[name="csrf-token"]')).getAttribute('content'));
  const STATUSES = ['open', 'claimed', 'resolved'];
  const RESOLVED_SHOWN = 50;
  /** @type {TicketSummary[]} */
  let tickets = [];
  /** @type {string | null} */
  let selectedId = null;
  /** @type {Ticket | null} */
  let selected = null;

  /**
   * The page's element with this id (the page always has it).
   * @param {string} id
   */
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * Calls the staff API with the session cookie and the CSRF token; signed out leads to the sign-in page.
   * @param {'GET' | 'POST'} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async function api(method, path, body) {
    const headers = /** @type {Record<string, string>} */ (
      Object.assign({ Accept: 'application/json' }, method === 'GET' ? {} : { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf })
    );
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.assign('/staff/sign-in');
      throw new Error('signed out');
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.message || 'HTTP ' + response.status);
    return data;
  }

  /**
   * "3 min", "2 h 05", "1 d 4 h" from a number of milliseconds.
   * @param {number} ms
   */
  function duration(ms) {
    const minutes = Math.max(0, Math.floor(ms / 60000));
    if (minutes < 60) return minutes + ' min';
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + ' h ' + String(minutes % 60).padStart(2, '0');
    return Math.floor(hours / 24) + ' d ' + (hours % 24) + ' h';
  }

  /**
   * How long the ticket has waited (or, resolved, how long it took).
   * @param {TicketSummary} ticket
   */
  function waiting(ticket) {
    const end = ticket.status === 'resolved' || ticket.status === 'withdrawn' ? Date.parse(ticket.updatedAt) : Date.now();
    return duration(end - Date.parse(ticket.createdAt));
  }

  function renderQueue() {
    for (const status of STATUSES) {
      const section = /** @type {HTMLElement} */ (document.querySelector('section[data-status="' + status + '"]'));
      const list = /** @type {HTMLUListElement} */ (section.querySelector('ul'));
      const mine = tickets.filter((t) => t.status === status);
      if (status === 'resolved') mine.reverse();
      /** @type {HTMLElement} */ (section.querySelector('.count')).textContent = '(' + mine.length + ')';
      list.replaceChildren(
        ...mine.map((ticket) => {
          const item = el('li');
          const button = el('button');
          button.type = 'button';
          button.dataset.ticketId = ticket.id;
          if (ticket.id === selectedId) button.setAttribute('aria-current', 'true');
          button.append(
            el('span', 'id', ticket.id),
            el('span', 'text', ticket.summary),
            el('span', 'meta', ticket.language.toUpperCase() + ' · ' + (status === 'resolved' ? 'took ' : 'waiting ') + waiting(ticket) + (ticket.claimedBy ? ' · ' + ticket.claimedBy : '')),
          );
          button.addEventListener('click', () => select(ticket.id));
          item.append(button);
          return item;
        }),
      );
    }
  }

  /**
   * @param {string} from
   * @param {string} text
   * @param {string} at
   */
  function line(from, text, at) {
    const item = el('li');
    item.append(el('span', 'from', from), el('span', 'body', text), el('span', 'at', new Date(at).toLocaleString()));
    return item;
  }

  /**
   * "1.2 MB", "35 KB".
   * @param {number} bytes
   */
  function size(bytes) {
    return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  /**
   * One file: a preview for an image, a link for a PDF; the name is set as text, never as HTML.
   * The file is served as a download (Content-Disposition: attachment), to signed-in staff only.
   * @param {TicketFile} file
   */
  function fileItem(file) {
    const item = el('li');
    const link = el('a', 'file-link', file.name);
    link.href = file.url;
    link.setAttribute('download', '');
    const kind = file.contentType === 'application/pdf' ? 'PDF' : file.contentType === 'image/png' ? 'PNG' : 'JPEG';
    if (file.contentType.startsWith('image/')) {
      const image = el('img', 'preview');
      image.src = file.url;
      image.alt = 'Preview: ' + file.name;
      image.loading = 'lazy';
      item.append(image);
    }
    item.append(link, el('span', 'meta', kind + ' · ' + size(file.size) + ' · ' + new Date(file.createdAt).toLocaleString()));
    return item;
  }

  function renderTicket() {
    const ticket = selected;
    $('ticket').hidden = !ticket;
    $('empty').hidden = Boolean(ticket);
    if (!ticket) return;
    $('ticket-id').textContent = ticket.id;
    $('ticket-status').textContent = ticket.status;
    $('ticket-summary').textContent = ticket.summary;
    $('ticket-contact').textContent = ticket.contact;
    $('ticket-language').textContent = ticket.language;
    $('ticket-channel').textContent = ticket.channelId;
    $('ticket-waiting').textContent = waiting(ticket);
    $('ticket-claimed-by').textContent = ticket.claimedBy || '—';
    const tried = [
      ...ticket.tried.faqShown.map((id) => 'FAQ answer shown: ' + id),
      ...ticket.tried.journeySteps.map((step) => 'Journey step: ' + step),
    ];
    $('ticket-tried').replaceChildren(...(tried.length ? tried : ['nothing recorded']).map((text) => el('li', '', text)));
    $('ticket-transcript').replaceChildren(...ticket.transcript.map((l) => line(l.from === 'user' ? 'Supplier' : 'Assistant', l.text, l.timestamp)));
    $('ticket-messages').replaceChildren(
      ...ticket.messages.map((m) => line(m.author === 'user' ? 'Supplier' : m.author === 'staff' ? m.authorName || 'Staff' : 'System', m.text, m.createdAt)),
    );
    const files = ticket.attachments || [];
    $('ticket-files').replaceChildren(...(files.length ? files.map(fileItem) : [el('li', 'none', 'no files')]));
    const active = ticket.status === 'open' || ticket.status === 'claimed';
    /** @type {HTMLButtonElement} */ ($('claim')).disabled = ticket.status !== 'open';
    /** @type {HTMLButtonElement} */ ($('resolve')).disabled = !active;
    $('reply').hidden = !active;
  }

  async function loadQueue() {
    // Every waiting ticket, and only the latest resolved ones.
    const [waiting, resolved] = await Promise.all([
      api('GET', '/api/handoff/tickets?status=open,claimed'),
      api('GET', '/api/handoff/tickets?status=resolved&limit=' + RESOLVED_SHOWN),
    ]);
    tickets = waiting.tickets.concat(resolved.tickets);
    renderQueue();
  }

  async function loadTicket() {
    if (!selectedId) return;
    selected = await api('GET', '/api/handoff/tickets/' + encodeURIComponent(selectedId));
    renderTicket();
  }

  /** @param {string} id */
  async function select(id) {
    selectedId = id;
    $('ticket-error').textContent = '';
    renderQueue();
    await loadTicket().catch(showError);
  }

  /** @param {Error} error */
  function showError(error) {
    $('ticket-error').textContent = error.message;
  }

  /**
   * Posts an action on the selected ticket, then reloads the queue and the ticket.
   * @param {string} path
   * @param {unknown} [body]
   */
  async function act(path, body) {
    $('ticket-error').textContent = '';
    try {
      await api('POST', '/api/handoff/tickets/' + encodeURIComponent(/** @type {string} */ (selectedId)) + path, body);
      await Promise.all([loadQueue(), loadTicket()]);
    } catch (error) {
      showError(/** @type {Error} */ (error));
    }
  }

  $('claim').addEventListener('click', () => act('/claim'));
  $('resolve').addEventListener('click', () => act('/resolve'));
  $('reply').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = /** @type {HTMLTextAreaElement} */ ($('reply-text'));
    const text = box.value.trim();
    if (!text) return;
    await act('/messages', { text });
    if (!$('ticket-error').textContent) box.value = '';
  });

  function connect() {
    const live = $('live');
    const source = new EventSource('/staff/events');
    source.addEventListener('open', () => {
      live.textContent = 'live';
      live.classList.add('on');
      loadQueue().catch(() => undefined);
    });
    source.addEventListener('error', () => {
      live.textContent = 'reconnecting…';
      live.classList.remove('on');
    });
    source.addEventListener('ticket', (/** @type {MessageEvent<string>} */ message) => {
      const event = JSON.parse(message.data);
      loadQueue().catch(() => undefined);
      if (event.ticketId === selectedId) loadTicket().catch(() => undefined);
    });
  }

  loadQueue().catch(() => undefined);
  connect();
  setInterval(renderQueue, 30000);
})();
