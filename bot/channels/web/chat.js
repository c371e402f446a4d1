/*
 * The web chat page: gets Direct Line credentials from POST /api/directline/token, renders
 * Microsoft's Web Chat, and keeps one conversation per supplier, as a messenger does: in
 * localStorage (shared by every tab of this origin, kept across browser and server restarts),
 * so new tabs, reloads and the FAQ widget's chat link all land in the same conversation, and
 * Web Chat replays it from the start. What is kept: the conversation id, its conversation token
 * until it expires (30 min, refreshed while a tab is open) and the resume token (7 days) that
 * trades for a new one at POST /api/directline/resume. The follow-up e-mail's link carries a
 * resume token in its fragment (#resume=…), traded the same way and then kept.
 */
// @ts-check
/** @typedef {'fr' | 'en'} Language */
/** @typedef {Record<string, string>} Strings  the page's texts in one language, by key (/chat/i18n/<lang>.json) */
/**
 * A Direct Line conversation the page keeps: `token` until `expiresAt` (ms), `resumeToken` until
 * `resumeExpiresAt` (built-in endpoint only); `resume` (not kept) when it existed before this load.
 * @typedef {{ token: string, conversationId: string, domain: string, expiresAt: number, resumeToken?: string, resumeExpiresAt?: number, resume?: boolean }} Session
 */
/** @typedef {{ token: string, conversationId: string, domain: string, expires_in: number, resume?: string, resume_expires_in?: number }} Credentials */
/**
 * The part of DirectLineJS the page uses.
 * @typedef {{ watermark?: string, connectionStatus$: { subscribe(next: (status: number) => void): unknown } }} DirectLine
 */
/** @typedef {{ type: string, payload?: { text?: string } }} WebChatAction */
/** @typedef {{ getState(): { sendBoxValue?: string } }} WebChatStoreApi */
/**
 * The part of Microsoft's Web Chat bundle (window.WebChat) the page uses.
 * @typedef {{
 *   createDirectLine(options: object): DirectLine,
 *   createStore(state: object, middleware: (api: WebChatStoreApi) => (next: (action: WebChatAction) => unknown) => (action: WebChatAction) => unknown): unknown,
 *   renderWebChat(props: object, element: HTMLElement | null): void
 * }} WebChat
 */
(function () {
  'use strict';

  /** The supplier's conversation, in localStorage (one for every tab of this origin). */
  var CONVERSATION_KEY = 'csp-assistant.conversation';
  /** Where earlier versions kept a conversation per tab, in sessionStorage (removed on load). */
  var OLD_SESSION_KEY = 'csp-assistant.webchat';
  var LANGUAGE_KEY = 'csp-assistant.language';
  /** Where earlier versions kept a user id they chose; the server chooses it now (removed on load). */
  var OLD_USER_KEY = 'csp-assistant.user';
  /** Refresh a token that has less than this left. */
  var REFRESH_MARGIN_MS = 5 * 60 * 1000;
  /** DirectLineJS connection states meaning "this conversation cannot be reached". */
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  /**
   * Longest message the server accepts (MAX_TEXT_LENGTH in bot/channels/directline/limits.ts);
   * past it Web Chat would only say "Send failed. Retry.", so the page says why before sending.
   */
  var MAX_MESSAGE_LENGTH = 4000;
  /** The character counter shows from this share of the limit on. */
  var COUNTER_FROM = 0.9;
  /**
   * How the server closes a stream past its per-conversation cap (TOO_MANY_STREAMS_CLOSE_CODE in
   * bot/channels/directline/stream.ts), e.g. in a fifth tab of one conversation.
   */
  var TOO_MANY_STREAMS = 4429;
  /** A stream open this long was served, not closed at once for the cap. */
  var STREAM_SERVED_MS = 1000;

  /** @typedef {'localStorage' | 'sessionStorage'} StorageArea */
  /** @type {Window & { WebChat: WebChat }} */
  var page = /** @type {any} */ (window);

  var storage = {
    /**
     * @param {StorageArea} area
     * @param {string} key
     */
    get: function (area, key) {
      try { return window[area].getItem(key); } catch { return null; }
    },
    /**
     * @param {StorageArea} area
     * @param {string} key
     * @param {string} value
     */
    set: function (area, key, value) {
      try { window[area].setItem(key, value); } catch { /* private mode: the conversation will not survive a reload */ }
    },
    /**
     * @param {StorageArea} area
     * @param {string} key
     */
    remove: function (area, key) {
      try { window[area].removeItem(key); } catch { /* nothing kept */ }
    }
  };

  /** The browser's preferred languages, first one first ("fr-CA", "en", …). */
  function browserLanguages() {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'fr'];
    return Array.prototype.slice.call(list);
  }

  /**
   * "fr" or "en" from the address (?lang=, as the FAQ widget links here), or undefined.
   * @returns {Language | undefined}
   */
  function linkedLanguage() {
    var lang = new URLSearchParams(window.location.search).get('lang');
    return lang === 'fr' || lang === 'en' ? lang : undefined;
  }

  /**
   * "fr" or "en": the language of the link that opened the page (the widget the supplier was
   * reading), else the visitor's choice (toggle), else the first of the browser's that we speak.
   * @returns {Language}
   */
  function pageLanguage() {
    var linked = linkedLanguage();
    if (linked) {
      storage.set('localStorage', LANGUAGE_KEY, linked);
      return linked;
    }
    var chosen = storage.get('localStorage', LANGUAGE_KEY);
    if (chosen === 'fr' || chosen === 'en') return chosen;
    var languages = browserLanguages();
    for (var i = 0; i < languages.length; i++) {
      var prefix = String(languages[i]).slice(0, 2).toLowerCase();
      if (prefix === 'fr' || prefix === 'en') return prefix;
    }
    return 'fr';
  }

  /**
   * The activity locale: the browser's own tag when it is in the page language, else a default.
   * @param {Language} language
   */
  function activityLocale(language) {
    var languages = browserLanguages();
    for (var i = 0; i < languages.length; i++) {
      if (String(languages[i]).slice(0, 2).toLowerCase() === language) return String(languages[i]);
    }
    return language === 'fr' ? 'fr-FR' : 'en-US';
  }

  /**
   * The page's element with this id (the page always has it).
   * @param {string} id
   */
  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }

  /**
   * Puts the texts of `strings` into the page's [data-i18n] and [data-i18n-label] elements.
   * @param {Strings} strings
   * @param {Language} language
   */
  function applyStrings(strings, language) {
    document.documentElement.lang = language;
    document.title = strings.title;
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = strings[/** @type {string} */ (nodes[i].getAttribute('data-i18n'))];
    var labelled = document.querySelectorAll('[data-i18n-label]');
    for (var j = 0; j < labelled.length; j++) labelled[j].setAttribute('aria-label', strings[/** @type {string} */ (labelled[j].getAttribute('data-i18n-label'))]);
    byId('chat-language').setAttribute('lang', language === 'fr' ? 'en' : 'fr');
  }

  /** @param {string} [text]  nothing hides the status line */
  function showStatus(text) {
    var status = byId('chat-status');
    status.textContent = text || '';
    status.hidden = !text;
  }

  /**
   * Shows under the send box how long the message is once it nears the limit, and why it cannot
   * be sent once over it (the supplier's text stays in the box to be shortened, never cut silently).
   * @param {Strings} strings
   * @param {Language} language
   * @returns {(text: string | undefined) => void}
   */
  function lengthHint(strings, language) {
    var hint = byId('chat-length');
    var numbers = new Intl.NumberFormat(language);
    return function (text) {
      var length = (text || '').length;
      var tooLong = length > MAX_MESSAGE_LENGTH;
      var template = tooLong ? strings.lengthTooLong : length >= MAX_MESSAGE_LENGTH * COUNTER_FROM ? strings.lengthCount : '';
      var message = template.replace('{count}', numbers.format(length)).replace('{max}', numbers.format(MAX_MESSAGE_LENGTH));
      hint.classList.toggle('chat__hint--over', tooLong);
      if (hint.textContent !== message) hint.textContent = message;
      hint.hidden = !message;
    };
  }

  /**
   * Web Chat's Direct Line connection, with a WebSocket that reports how its streams end: a
   * browser never tells a script why a handshake was refused, and DirectLineJS retries quietly,
   * so without this a tab past the cap looked connected and never showed an answer.
   * @param {object} options
   * @param {(crowded: boolean) => void} onCrowded
   */
  function createDirectLine(options, onCrowded) {
    var Native = window.WebSocket;
    /** @type {any} */ (window).WebSocket = function (/** @type {string | URL} */ url, /** @type {string | string[] | undefined} */ protocols) {
      var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
      socket.addEventListener('open', function () {
        window.setTimeout(function () { if (socket.readyState === Native.OPEN) onCrowded(false); }, STREAM_SERVED_MS);
      });
      socket.addEventListener('close', function (event) { if (event.code === TOO_MANY_STREAMS) onCrowded(true); });
      return socket;
    };
    // DirectLineJS takes the constructor when it is created; nothing else sees the wrapper.
    try {
      return page.WebChat.createDirectLine(options);
    } finally {
      window.WebSocket = Native;
    }
  }

  /**
   * The kept conversation, without what has expired (a token is never used, nor kept, past its
   * lifetime); null when nothing usable is kept.
   * @returns {Session | null}
   */
  function readSession() {
    try {
      var kept = JSON.parse(storage.get('localStorage', CONVERSATION_KEY) || 'null');
      if (!kept || typeof kept.conversationId !== 'string' || typeof kept.domain !== 'string') return null;
      var now = Date.now();
      var tokenLive = typeof kept.token === 'string' && kept.expiresAt > now + 10 * 1000;
      var resumeLive = typeof kept.resumeToken === 'string' && kept.resumeExpiresAt > now + 10 * 1000;
      if (!tokenLive && !resumeLive) {
        storage.remove('localStorage', CONVERSATION_KEY);
        return null;
      }
      return {
        conversationId: kept.conversationId,
        domain: kept.domain,
        token: tokenLive ? kept.token : '',
        expiresAt: tokenLive ? kept.expiresAt : 0,
        resumeToken: resumeLive ? kept.resumeToken : undefined,
        resumeExpiresAt: resumeLive ? kept.resumeExpiresAt : undefined
      };
    } catch {
      return null;
    }
  }

  /** @param {Session} session */
  function saveSession(session) {
    storage.set('localStorage', CONVERSATION_KEY, JSON.stringify({
      conversationId: session.conversationId,
      domain: session.domain,
      token: session.token,
      expiresAt: session.expiresAt,
      resumeToken: session.resumeToken,
      resumeExpiresAt: session.resumeExpiresAt
    }));
  }

  /**
   * The session for credentials from the server, kept.
   * @param {Credentials} answer
   * @param {boolean} resume  whether the conversation already exists
   * @returns {Session}
   */
  function sessionFrom(answer, resume) {
    /** @type {Session} */
    var session = {
      token: answer.token,
      conversationId: answer.conversationId,
      domain: answer.domain,
      expiresAt: Date.now() + answer.expires_in * 1000,
      resumeToken: answer.resume,
      resumeExpiresAt: answer.resume && answer.resume_expires_in ? Date.now() + answer.resume_expires_in * 1000 : undefined,
      resume: resume
    };
    saveSession(session);
    return session;
  }

  /**
   * @param {string} url
   * @param {object | null} body
   * @param {string} [token]
   */
  function postJson(url, body, token) {
    /** @type {Record<string, string>} */
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      });
  }

  /** @returns {Promise<Session>} */
  function newSession() {
    return postJson('/api/directline/token', {}).then(function (/** @type {Credentials} */ answer) { return sessionFrom(answer, false); });
  }

  /**
   * New credentials for the resume token's conversation (rejects when it has expired or the
   * conversation is no longer kept).
   * @param {string} resumeToken
   * @returns {Promise<Session>}
   */
  function resumeSession(resumeToken) {
    return postJson('/api/directline/resume', null, resumeToken).then(function (/** @type {Credentials} */ answer) { return sessionFrom(answer, true); });
  }

  /**
   * @param {Session} session
   * @returns {Promise<Session>}
   */
  function refresh(session) {
    return postJson(session.domain + '/tokens/refresh', null, session.token).then(function (answer) {
      session.token = answer.token;
      session.expiresAt = Date.now() + answer.expires_in * 1000;
      saveSession(session);
      return session;
    });
  }

  /**
   * Whether the server still has the kept conversation (it may have expired, or the server
   * restarted): asked before Web Chat starts, so a gone conversation never shows as an error.
   * @param {Session} session
   */
  function stillThere(session) {
    var url = session.domain + '/conversations/' + encodeURIComponent(session.conversationId) + '?watermark=';
    return fetch(url, { headers: { Authorization: 'Bearer ' + session.token } })
      .then(function (response) { return !(response.status === 401 || response.status === 403 || response.status === 404); })
      .catch(function () { return true; /* offline: let Web Chat retry */ });
  }

  /**
   * The resume token of the follow-up e-mail's link (#resume=…), removed from the address at
   * once so it stays out of the history, bookmarks and shared screenshots.
   * @returns {string | undefined}
   */
  function linkedResumeToken() {
    var match = /(?:^#|&)resume=([A-Za-z0-9._-]+)/.exec(window.location.hash);
    if (!match) return undefined;
    var url = new URL(window.location.href);
    url.hash = '';
    window.history.replaceState(null, '', url.toString());
    return match[1];
  }

  /**
   * The conversation to show: the e-mail link's, else the kept one (its token refreshed near
   * expiry, or traded through its resume token once expired), else a new one when there is none
   * or it is gone. `onLinkFailed` is told when the link could not be used (expired, or its
   * conversation is no longer kept).
   * @param {() => void} onLinkFailed
   * @returns {Promise<Session>}
   */
  function usableSession(onLinkFailed) {
    var linked = linkedResumeToken();
    if (linked) {
      return resumeSession(linked).catch(function () {
        onLinkFailed();
        return keptSession();
      });
    }
    return keptSession();
  }

  /** @returns {Promise<Session>} */
  function keptSession() {
    var kept = readSession();
    if (!kept) return newSession();
    var resumeToken = kept.resumeToken;
    /** @type {Promise<Session>} */
    var pending;
    if (!kept.token) {
      pending = resumeToken ? resumeSession(resumeToken) : newSession();
    } else {
      kept.resume = true;
      pending = (kept.expiresAt - Date.now() > REFRESH_MARGIN_MS ? Promise.resolve(kept) : refresh(kept))
        .then(function (session) { return stillThere(session).then(function (there) { return there ? session : Promise.reject(new Error('gone')); }); });
    }
    return pending.catch(function () {
      storage.remove('localStorage', CONVERSATION_KEY);
      return newSession();
    });
  }

  /**
   * The open ticket of the conversation (its id), '' when there is none, or undefined when the
   * server cannot tell (Azure Direct Line): then the page asks before starting over.
   * @param {Session} session
   * @returns {Promise<string | undefined>}
   */
  function openTicket(session) {
    return fetch('/api/directline/ticket', { headers: { Authorization: 'Bearer ' + session.token }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : undefined; })
      .then(function (answer) { return answer ? (typeof answer.ticket === 'string' ? answer.ticket : '') : undefined; })
      .catch(function () { return undefined; });
  }

  /**
   * Asks in the page's <dialog> whether to leave a conversation with an open ticket; resolves
   * true to start over. Escape and "Stay" keep the conversation; focus returns to the button.
   * @param {Strings} strings
   * @param {string | undefined} ticket
   * @returns {Promise<boolean>}
   */
  function confirmRestart(strings, ticket) {
    var dialog = /** @type {HTMLDialogElement} */ (byId('chat-confirm'));
    var text = byId('chat-confirm-text');
    if (ticket) {
      // The ticket number never splits at its hyphen ("PS-" / "000042").
      var parts = strings.restartConfirmText.split('{ticket}');
      var number = document.createElement('span');
      number.className = 'chat__nowrap';
      number.textContent = ticket;
      text.replaceChildren(parts[0] || '', number, parts.slice(1).join(ticket));
    } else {
      text.textContent = strings.restartConfirmTextUnknown;
    }
    return new Promise(function (resolve) {
      /** @param {boolean} restart */
      function done(restart) {
        byId('chat-confirm-leave').removeEventListener('click', leave);
        byId('chat-confirm-stay').removeEventListener('click', stay);
        dialog.removeEventListener('close', stayed);
        if (dialog.open) dialog.close();
        byId('chat-restart').focus();
        resolve(restart);
      }
      function leave() { done(true); }
      function stay() { done(false); }
      function stayed() { done(false); }
      byId('chat-confirm-leave').addEventListener('click', leave);
      byId('chat-confirm-stay').addEventListener('click', stay);
      dialog.addEventListener('close', stayed);
      dialog.showModal();
      byId('chat-confirm-stay').focus();
    });
  }

  /**
   * Connects (the kept conversation or a new one) and renders Web Chat into #webchat.
   * @param {Strings} strings
   * @param {Language} language
   */
  function start(strings, language) {
    var locale = activityLocale(language);
    showStatus(strings.connecting);
    var linkFailed = false;
    return usableSession(function () { linkFailed = true; }).then(function (session) {
      current = session;
      /** @type {{ token: string, domain: string, webSocket: boolean, conversationId?: string, conversationStartProperties?: { locale: string } }} */
      var options = { token: session.token, domain: session.domain, webSocket: true };
      if (session.resume) {
        // Reconnect (GET /conversations/:id?watermark=) from the start, so the transcript re-renders.
        options.conversationId = session.conversationId;
      } else {
        options.conversationStartProperties = { locale: locale };
      }
      var crowded = false;
      var directLine = createDirectLine(options, function (now) {
        if (now === crowded) return;
        crowded = now;
        showStatus(now ? strings.tooManyTabs : '');
      });
      var restarted = false;
      directLine.connectionStatus$.subscribe(function (status) {
        if (status === 2) showStatus(linkFailed ? strings.resumeLinkExpired : '');
        if (session.resume && !restarted && (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT)) {
          // Gone (expired, dropped) → start a new one; unreachable (the server restarting, the
          // network) → keep it and say so: it is still the supplier's conversation.
          stillThere(session).then(function (there) {
            if (there) return showStatus(strings.unavailable);
            restarted = true;
            storage.remove('localStorage', CONVERSATION_KEY);
            window.location.reload();
          });
        } else if (status === FAILED_TO_CONNECT) {
          showStatus(strings.unavailable);
        }
      });

      var showLength = lengthHint(strings, language);
      var store = page.WebChat.createStore({}, function (api) {
        return function (next) {
          return function (action) {
            if (action.type === 'WEB_CHAT/SUBMIT_SEND_BOX' && (api.getState().sendBoxValue || '').length > MAX_MESSAGE_LENGTH) {
              // Not sent: the server would refuse it (400) and Web Chat would only say "Send failed".
              showLength(api.getState().sendBoxValue);
              return undefined;
            }
            if (action.type === 'WEB_CHAT/SET_SEND_BOX') showLength(action.payload && action.payload.text);
            return next(action);
          };
        };
      });

      window.setInterval(function () {
        if (session.expiresAt - Date.now() < REFRESH_MARGIN_MS) refresh(session).catch(function () { /* DirectLineJS refreshes its own copy */ });
      }, 60 * 1000);

      page.WebChat.renderWebChat({
        directLine: directLine,
        store: store,
        locale: locale,
        styleOptions: {
          accent: '#0b5cab',
          botAvatarInitials: strings.botInitials,
          userAvatarInitials: strings.userInitials,
          botAvatarBackgroundColor: '#0b5cab',
          bubbleBorderRadius: 10,
          bubbleFromUserBorderRadius: 10,
          bubbleFromUserBackground: '#e3eefa',
          // The attach button: screenshots and PDFs (the server reads the type from the content and refuses anything else).
          hideUploadButton: false,
          uploadAccept: 'image/png,image/jpeg,application/pdf,.png,.jpg,.jpeg,.pdf',
          uploadMultiple: true,
          sendAttachmentOn: 'attach',
          suggestedActionLayout: 'flow',
          primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
        }
      }, document.getElementById('webchat'));
      var input = /** @type {HTMLElement | null} */ (document.querySelector('#webchat input, #webchat textarea'));
      if (input) input.focus();
    });
  }

  storage.remove('localStorage', OLD_USER_KEY);
  storage.remove('sessionStorage', OLD_SESSION_KEY);
  /** @type {Session | undefined} the conversation this tab shows, once connected */
  var current;
  /** @type {Strings | undefined} */
  var loadedStrings;
  var language = pageLanguage();
  byId('chat-language').addEventListener('click', function () {
    var next = language === 'fr' ? 'en' : 'fr';
    storage.set('localStorage', LANGUAGE_KEY, next);
    // The address must not bring the old language back on reload.
    if (!linkedLanguage()) return window.location.reload();
    var url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.location.replace(url.toString());
  });
  function restart() {
    storage.remove('localStorage', CONVERSATION_KEY);
    window.location.reload();
  }
  byId('chat-restart').addEventListener('click', function () {
    var session = current;
    var strings = loadedStrings;
    if (!session || !strings) return restart();
    var texts = strings;
    openTicket(session).then(function (ticket) {
      // No ticket: nothing is lost by starting over, as before. A ticket (or not knowing): ask.
      if (ticket === '') return restart();
      return confirmRestart(texts, ticket).then(function (yes) { if (yes) restart(); });
    });
  });
  // Another tab started a new conversation, or opened the e-mail's: follow it, so every tab
  // shows the supplier's one conversation (a removal alone is the other tab about to write).
  window.addEventListener('storage', function (event) {
    if (event.key !== CONVERSATION_KEY || !event.newValue || !current) return;
    try {
      if (JSON.parse(event.newValue).conversationId !== current.conversationId) window.location.reload();
    } catch { /* not ours */ }
  });

  fetch('/chat/i18n/' + language + '.json')
    .then(function (response) { return response.json(); })
    .then(function (/** @type {Strings} */ strings) {
      applyStrings(strings, language);
      loadedStrings = strings;
      return start(strings, language).catch(function () { showStatus(strings.unavailable); });
    })
    .catch(function () { showStatus('The assistant is unavailable. / L’assistant est indisponible.'); });
})();
