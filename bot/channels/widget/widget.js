/*
 * CSP supplier FAQ search widget (plain ES2017, no framework).
 *
 *   <script src="https://ASSISTANT_HOST/widget.js" defer></script>
 *   <div data-csp-faq></div>
 *
 * Every element is built with createElement/textContent: text from the user or the FAQ never
 * goes through innerHTML. The server replaces STRINGS below with the FR/EN texts.
 */
(function (STRINGS) {
  'use strict';

  // currentScript is set while a classic script runs; the selector covers anything else.
  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  var scriptSrc = script instanceof HTMLScriptElement && script.src ? script.src : location.href;
  // The API lives where this script came from, whichever page embeds it.
  var ORIGIN = new URL(scriptSrc, location.href).origin;
  var STYLESHEET_ID = 'csp-faq-stylesheet';
  var DEBOUNCE_MS = 200;
  var MIN_QUERY = 2;
  var MAX_RESULTS = 6;
  var SNIPPET_LENGTH = 140;
  var STOP_WORDS = new Set(
    (
      'le la les de des du un une et ou au aux en pour sur dans par que qui quoi comment est sont je tu il mon ma mes ' +
      'ne pas ce cet cette il elle on nous vous ai a the an of to and or is are how do does can what why where ' +
      'when in on for with it be not my me'
    ).split(' '),
  );
  var counter = 0;

  function ensureStylesheet() {
    if (document.getElementById(STYLESHEET_ID)) return;
    var link = document.createElement('link');
    link.id = STYLESHEET_ID;
    link.rel = 'stylesheet';
    link.href = ORIGIN + '/widget.css';
    document.head.appendChild(link);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : '';
    });
  }

  /** The page's language (or the element's): French when it starts with "fr", English otherwise. */
  function pageLanguage(host) {
    var explicit = host.getAttribute('data-lang');
    var tagged = host.closest('[lang]');
    var lang = (explicit || (tagged && tagged.getAttribute('lang')) || document.documentElement.lang || '').toLowerCase();
    return lang.indexOf('fr') === 0 ? 'fr' : 'en';
  }

  /** Lower case without accents, one output character per input character (so offsets line up). */
  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      var folded = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      out += folded.length === 1 ? folded : c.length === 1 && c.toLowerCase().length === 1 ? c.toLowerCase() : '?';
    }
    return out;
  }

  var WORD = /[a-z0-9\u00c0-\u024f]+/g;

  /** The words of a query worth highlighting, folded, without stop words, plural s removed. */
  function queryTerms(query) {
    var terms = [];
    var words = fold(query).match(WORD) || [];
    words.forEach(function (word) {
      if (word.length < 2 || STOP_WORDS.has(word)) return;
      var stem = word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
      if (terms.indexOf(stem) === -1) terms.push(stem);
    });
    return terms;
  }

  function matchesTerm(word, term) {
    if (word.indexOf(term) === 0) return true;
    // "invoicing" finds "invoice": a long term matches a word sharing most of its beginning.
    return term.length >= 5 && word.length >= 4 && term.indexOf(word.slice(0, Math.max(4, word.length - 2))) === 0;
  }

  /** Appends `text` to `parent` as text nodes, with each word matching a query term in a <mark>. */
  function appendHighlighted(parent, text, terms) {
    if (!terms.length) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var folded = fold(text);
    var last = 0;
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(folded)) !== null) {
      var word = match[0];
      if (!terms.some(function (term) { return matchesTerm(word, term); })) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(el('mark', 'csp-faq__mark', text.slice(match.index, match.index + word.length)));
      last = match.index + word.length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** FAQ answers use **bold**; everything else is plain text. */
  function appendRichText(parent, text, terms) {
    text.split(/\*\*(.+?)\*\*/).forEach(function (part, index) {
      if (index % 2 === 1) {
        var strong = el('strong');
        appendHighlighted(strong, part, terms);
        parent.appendChild(strong);
      } else if (part) {
        appendHighlighted(parent, part, terms);
      }
    });
  }

  var BULLET = /^\s*(?:[-•*]|\d+[.)])\s+/;

  /** Paragraphs (blank lines), line breaks, and "- " or "1. " lines as lists. */
  function appendAnswer(parent, answer, terms) {
    answer.split(/\n{2,}/).forEach(function (paragraph) {
      var block = null;
      paragraph.split('\n').forEach(function (line) {
        var bullet = line.match(BULLET);
        if (bullet) {
          var tag = /\d/.test(bullet[0]) ? 'ol' : 'ul';
          if (!block || block.tagName.toLowerCase() !== tag) {
            block = el(tag);
            parent.appendChild(block);
          }
          var item = el('li');
          appendRichText(item, line.slice(bullet[0].length), terms);
          block.appendChild(item);
          return;
        }
        if (!block || block.tagName.toLowerCase() !== 'p') {
          block = el('p');
          parent.appendChild(block);
        } else {
          block.appendChild(el('br'));
        }
        appendRichText(block, line, terms);
      });
    });
  }

  function snippet(answer) {
    var plain = answer.replace(/\*\*/g, '').replace(/^\s*(?:[-•*]|\d+[.)])\s+/gm, '').replace(/\s+/g, ' ').trim();
    if (plain.length <= SNIPPET_LENGTH) return plain;
    var cut = plain.slice(0, SNIPPET_LENGTH);
    var space = cut.lastIndexOf(' ');
    return (space > SNIPPET_LENGTH / 2 ? cut.slice(0, space) : cut) + '…';
  }

  function Widget(host) {
    this.host = host;
    this.id = 'csp-faq-' + ++counter;
    this.lang = pageLanguage(host);
    this.results = [];
    this.active = -1;
    this.query = '';
    this.sequence = 0;
    this.timer = null;
    this.controller = null;
    this.answer = null;
    this.build();
    this.applyLanguage();
  }

  Widget.prototype.t = function (key, values) {
    var text = (STRINGS[this.lang] && STRINGS[this.lang][key]) || STRINGS.en[key] || key;
    return values ? format(text, values) : text;
  };

  Widget.prototype.build = function () {
    var self = this;
    var id = this.id;
    var host = this.host;
    host.classList.add('csp-faq');
    while (host.firstChild) host.removeChild(host.firstChild);

    var bar = el('div', 'csp-faq__bar');
    this.label = el('label', 'csp-faq__label');
    this.label.htmlFor = id + '-input';
    this.languages = el('div', 'csp-faq__languages');
    this.languages.setAttribute('role', 'group');
    this.languageButtons = ['fr', 'en'].map(function (lang) {
      var button = el('button', 'csp-faq__language', lang.toUpperCase());
      button.type = 'button';
      button.lang = lang;
      button.setAttribute('data-lang', lang);
      // The visible "FR"/"EN" stays part of the name (WCAG 2.5.3: speech users say what they see).
      button.setAttribute('aria-label', lang === 'fr' ? 'FR (Français)' : 'EN (English)');
      button.addEventListener('click', function () {
        self.setLanguage(lang);
      });
      self.languages.appendChild(button);
      return button;
    });
    bar.appendChild(this.label);
    bar.appendChild(this.languages);

    var box = el('div', 'csp-faq__box');
    this.input = el('input', 'csp-faq__input');
    this.input.id = id + '-input';
    this.input.type = 'search';
    this.input.autocomplete = 'off';
    this.input.spellcheck = false;
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.setAttribute('aria-controls', id + '-list');
    this.input.setAttribute('aria-describedby', id + '-hint');
    this.input.maxLength = 500;
    this.list = el('ul', 'csp-faq__list');
    this.list.id = id + '-list';
    this.list.setAttribute('role', 'listbox');
    this.list.hidden = true;
    box.appendChild(this.input);
    box.appendChild(this.list);

    // Not confident: the entries the search still finds worth offering, under the results.
    this.possible = el('section', 'csp-faq__possible');
    this.possible.hidden = true;
    this.possible.setAttribute('aria-labelledby', id + '-possible-title');
    this.possibleTitle = el('h3', 'csp-faq__possible-title');
    this.possibleTitle.id = id + '-possible-title';
    this.possibleList = el('ul', 'csp-faq__possible-list');
    this.possible.appendChild(this.possibleTitle);
    this.possible.appendChild(this.possibleList);

    this.hint = el('p', 'csp-faq__hint');
    this.hint.id = id + '-hint';
    this.status = el('p', 'csp-faq__status');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');

    this.panel = el('section', 'csp-faq__answer');
    this.panel.hidden = true;
    this.panel.tabIndex = -1;
    this.panel.setAttribute('aria-labelledby', id + '-answer-title');
    this.panelTitle = el('h3', 'csp-faq__answer-title');
    this.panelTitle.id = id + '-answer-title';
    this.panelBody = el('div', 'csp-faq__answer-body');
    this.closeButton = el('button', 'csp-faq__close', '×');
    this.closeButton.type = 'button';
    this.closeButton.addEventListener('click', function () {
      self.closeAnswer(true);
    });
    var feedback = el('div', 'csp-faq__feedback');
    feedback.setAttribute('role', 'group');
    feedback.setAttribute('aria-labelledby', id + '-helpful');
    this.helpful = el('span', 'csp-faq__helpful');
    this.helpful.id = id + '-helpful';
    this.yes = el('button', 'csp-faq__vote');
    this.no = el('button', 'csp-faq__vote');
    [this.yes, this.no].forEach(function (button, index) {
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('data-helpful', index === 0 ? 'true' : 'false');
      button.addEventListener('click', function () {
        self.sendFeedback(index === 0);
      });
    });
    this.thanks = el('span', 'csp-faq__thanks');
    this.thanks.setAttribute('role', 'status');
    feedback.appendChild(this.helpful);
    feedback.appendChild(this.yes);
    feedback.appendChild(this.no);
    feedback.appendChild(this.thanks);
    this.panel.appendChild(this.closeButton);
    this.panel.appendChild(this.panelTitle);
    this.panel.appendChild(this.panelBody);
    this.panel.appendChild(feedback);

    var footer = el('p', 'csp-faq__chat');
    this.stillStuck = el('span');
    this.chatLink = el('a', 'csp-faq__chat-link');
    this.chatLink.target = '_blank';
    this.chatLink.rel = 'noopener';
    this.chatNote = el('span', 'csp-faq__visually-hidden');
    footer.appendChild(this.stillStuck);
    footer.appendChild(document.createTextNode(' '));
    footer.appendChild(this.chatLink);

    host.appendChild(bar);
    host.appendChild(box);
    host.appendChild(this.possible);
    host.appendChild(this.hint);
    host.appendChild(this.status);
    host.appendChild(this.panel);
    host.appendChild(footer);

    this.input.addEventListener('input', function () {
      self.onInput();
    });
    this.input.addEventListener('keydown', function (event) {
      self.onKeyDown(event);
    });
    this.panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        self.closeAnswer(true);
      }
    });
    // Keep focus in the input while choosing with the mouse.
    this.list.addEventListener('mousedown', function (event) {
      event.preventDefault();
    });
    document.addEventListener('click', function (event) {
      if (!host.contains(event.target)) self.closeList();
    });
  };

  /** Puts every text in the current language; results and answer are fetched again in it. */
  Widget.prototype.applyLanguage = function () {
    var self = this;
    this.host.lang = this.lang;
    this.label.textContent = this.t('label');
    this.input.placeholder = this.t('placeholder');
    this.hint.textContent = this.t('hint');
    this.languages.setAttribute('aria-label', this.t('languageGroup'));
    this.languageButtons.forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === self.lang));
    });
    this.list.setAttribute('aria-label', this.t('resultsLabel'));
    this.possibleTitle.textContent = this.t('possibleMatches');
    this.closeButton.setAttribute('aria-label', this.t('closeAnswer'));
    this.helpful.textContent = this.t('helpful');
    this.yes.textContent = this.t('yes');
    this.no.textContent = this.t('no');
    this.stillStuck.textContent = this.t('stillStuck');
    this.chatLink.textContent = this.t('chat');
    this.chatNote.textContent = ' ' + this.t('newWindow');
    this.chatLink.appendChild(this.chatNote);
    this.chatLink.href = ORIGIN + '/?lang=' + this.lang;
  };

  Widget.prototype.setLanguage = function (lang) {
    if (lang === this.lang) return;
    this.lang = lang;
    this.applyLanguage();
    if (this.answer) this.openAnswer(this.answer.id, false);
    if (this.query.length >= MIN_QUERY) this.search(this.query, false);
  };

  Widget.prototype.onInput = function () {
    var self = this;
    // A trailing space is kept: it tells the search the last word is finished.
    var query = this.input.value.replace(/^\s+/, '');
    clearTimeout(this.timer);
    if (query.trim().length < MIN_QUERY) {
      this.query = '';
      this.sequence++;
      this.setResults([]);
      this.setPossibleMatches([]);
      this.status.textContent = '';
      return;
    }
    this.timer = setTimeout(function () {
      self.search(query, true);
    }, DEBOUNCE_MS);
  };

  Widget.prototype.search = async function (query, open) {
    var sequence = ++this.sequence;
    this.query = query;
    if (this.controller) this.controller.abort();
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    this.controller = controller;
    this.host.setAttribute('aria-busy', 'true');
    try {
      // Type-ahead lookups are not questions yet: the staff analytics records one when an answer is opened.
      // mode=prefix: the last word may be unfinished ("fact" on the way to "factures").
      var params = new URLSearchParams({
        q: query,
        lang: this.lang,
        top: String(MAX_RESULTS),
        surface: 'widget',
        record: 'false',
        mode: 'prefix',
      });
      var response = await fetch(ORIGIN + '/api/faq/search?' + params.toString(), {
        headers: { Accept: 'application/json' },
        signal: controller ? controller.signal : undefined,
      });
      if (!response.ok) throw new Error('search failed: ' + response.status);
      var body = await response.json();
      if (sequence !== this.sequence) return;
      this.setResults(body.results || [], open);
      this.setPossibleMatches(body.confident ? [] : body.suggestions || []);
      this.status.textContent = this.results.length
        ? this.results.length === 1
          ? this.t('resultsOne')
          : this.t('resultsMany', { count: this.results.length })
        : this.t('noResults', { query: query.trim() });
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      if (sequence !== this.sequence) return;
      this.setResults([]);
      this.setPossibleMatches([]);
      this.status.textContent = this.t('unavailable');
    } finally {
      if (sequence === this.sequence) this.host.removeAttribute('aria-busy');
    }
  };

  Widget.prototype.setResults = function (results, open) {
    var self = this;
    var terms = queryTerms(this.query);
    this.results = results;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    results.forEach(function (result, index) {
      var option = el('li', 'csp-faq__option');
      option.id = self.id + '-option-' + index;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.setAttribute('data-id', result.id);
      var question = el('span', 'csp-faq__question');
      appendHighlighted(question, result.question, terms);
      var text = el('span', 'csp-faq__snippet');
      appendHighlighted(text, snippet(result.answer), terms);
      option.appendChild(question);
      option.appendChild(text);
      option.addEventListener('click', function () {
        self.choose(index);
      });
      self.list.appendChild(option);
    });
    if (results.length && (open || !this.list.hidden)) this.openList();
    else this.closeList();
  };

  /** Shows the entries worth offering when the search is not sure ("Possible matches"), or hides the section. */
  Widget.prototype.setPossibleMatches = function (suggestions) {
    var self = this;
    var terms = queryTerms(this.query);
    while (this.possibleList.firstChild) this.possibleList.removeChild(this.possibleList.firstChild);
    suggestions.forEach(function (suggestion) {
      var item = el('li', 'csp-faq__possible-item');
      var button = el('button', 'csp-faq__possible-match');
      button.type = 'button';
      button.setAttribute('data-id', suggestion.id);
      appendHighlighted(button, suggestion.question, terms);
      button.addEventListener('click', function () {
        self.takeSuggestion(suggestion);
      });
      item.appendChild(button);
      self.possibleList.appendChild(item);
    });
    this.possible.hidden = suggestions.length === 0;
  };

  /** Opens a possible match and tells the server it was taken for this question (a candidate phrasing for the staff). */
  Widget.prototype.takeSuggestion = function (suggestion) {
    var query = this.query;
    this.cancelSearch();
    this.closeList();
    this.setPossibleMatches([]);
    this.answer = { id: suggestion.id, question: suggestion.question };
    this.openAnswer(suggestion.id, true);
    this.recordQuestion(query, suggestion.id);
    this.recordSuggestionTaken(query, suggestion.id);
  };

  Widget.prototype.recordSuggestionTaken = async function (query, id) {
    try {
      await fetch(ORIGIN + '/api/faq/' + encodeURIComponent(id) + '/suggestion', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ q: query, lang: this.lang }),
      });
    } catch (error) {
      // For the staff's candidate phrasings only: the answer is shown either way.
    }
  };

  Widget.prototype.openList = function () {
    if (!this.results.length) return;
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  };

  Widget.prototype.closeList = function () {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.setActive(-1);
  };

  Widget.prototype.setActive = function (index) {
    var options = this.list.children;
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute('aria-selected', 'false');
      options[this.active].classList.remove('csp-faq__option--active');
    }
    this.active = index;
    if (index < 0 || !options[index]) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    options[index].setAttribute('aria-selected', 'true');
    options[index].classList.add('csp-faq__option--active');
    this.input.setAttribute('aria-activedescendant', options[index].id);
    if (typeof options[index].scrollIntoView === 'function') options[index].scrollIntoView({ block: 'nearest' });
  };

  Widget.prototype.move = function (delta) {
    if (!this.results.length) return;
    if (this.list.hidden) {
      this.openList();
      this.setActive(delta > 0 ? 0 : this.results.length - 1);
      return;
    }
    var count = this.results.length;
    var next = this.active < 0 ? (delta > 0 ? 0 : count - 1) : (this.active + delta + count) % count;
    this.setActive(next);
  };

  /** Drops a search that is waiting or running, so its results don't reopen a list the user has left. */
  Widget.prototype.cancelSearch = function () {
    clearTimeout(this.timer);
    this.sequence++;
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.host.removeAttribute('aria-busy');
  };

  Widget.prototype.onKeyDown = function (event) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.move(-1);
        break;
      case 'Enter':
        if (!this.list.hidden && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case 'Escape':
        this.cancelSearch();
        if (!this.list.hidden) {
          event.preventDefault();
          this.closeList();
        } else if (this.answer) {
          event.preventDefault();
          this.closeAnswer(false);
        }
        break;
    }
  };

  Widget.prototype.choose = function (index) {
    var result = this.results[index];
    if (!result) return;
    this.cancelSearch();
    this.closeList();
    this.showAnswer(result, true);
    this.recordQuestion(this.input.value.trim() || this.query, result.id);
  };

  /** Records the question whose answer was opened (for the staff analytics); feedback then refers to it. */
  Widget.prototype.recordQuestion = async function (query, id) {
    try {
      var params = new URLSearchParams({ q: query, lang: this.lang, top: '1', surface: 'widget', record: 'true' });
      var response = await fetch(ORIGIN + '/api/faq/search?' + params.toString(), { headers: { Accept: 'application/json' } });
      var body = response.ok ? await response.json() : {};
      if (this.answer && this.answer.id === id && typeof body.questionId === 'string') this.answer.questionId = body.questionId;
    } catch (error) {
      // Analytics only: the answer is shown either way.
    }
  };

  /** Expands an answer below the search box and moves focus to it (Escape returns to the box). */
  Widget.prototype.showAnswer = function (entry, focus) {
    var terms = queryTerms(this.query);
    var body = this.panelBody;
    var questionId = this.answer && this.answer.id === entry.id ? this.answer.questionId : undefined;
    this.answer = { id: entry.id, question: entry.question, questionId: questionId };
    this.panel.setAttribute('data-id', entry.id);
    this.panelTitle.textContent = '';
    appendHighlighted(this.panelTitle, entry.question, terms);
    while (body.firstChild) body.removeChild(body.firstChild);
    appendAnswer(body, entry.answer, terms);
    this.resetFeedback();
    this.panel.hidden = false;
    this.status.textContent = this.t('answerShown', { question: entry.question });
    if (focus) this.panel.focus();
  };

  /** Fetches an entry in the current language (after a language switch). */
  Widget.prototype.openAnswer = async function (id, focus) {
    try {
      var response = await fetch(ORIGIN + '/api/faq/' + encodeURIComponent(id) + '?lang=' + this.lang, {
        headers: { Accept: 'application/json' },
      });
      if (!response.ok) throw new Error('entry failed: ' + response.status);
      var entry = await response.json();
      if (this.answer && this.answer.id === id) this.showAnswer(entry, focus);
    } catch (error) {
      this.status.textContent = this.t('unavailable');
    }
  };

  Widget.prototype.closeAnswer = function (focusInput) {
    this.panel.hidden = true;
    this.answer = null;
    this.status.textContent = '';
    if (focusInput) this.input.focus();
  };

  Widget.prototype.resetFeedback = function () {
    this.thanks.textContent = '';
    [this.yes, this.no].forEach(function (button) {
      button.disabled = false;
      button.setAttribute('aria-pressed', 'false');
    });
  };

  Widget.prototype.sendFeedback = async function (helpful) {
    if (!this.answer) return;
    var id = this.answer.id;
    var feedback = { helpful: helpful, lang: this.lang };
    if (this.answer.questionId) feedback.questionId = this.answer.questionId;
    var chosen = helpful ? this.yes : this.no;
    this.yes.disabled = true;
    this.no.disabled = true;
    chosen.setAttribute('aria-pressed', 'true');
    try {
      var response = await fetch(ORIGIN + '/api/faq/' + encodeURIComponent(id) + '/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(feedback),
      });
      if (!response.ok) throw new Error('feedback failed: ' + response.status);
      this.thanks.textContent = this.t('thanks');
    } catch (error) {
      this.thanks.textContent = this.t('feedbackFailed');
      this.yes.disabled = false;
      this.no.disabled = false;
      chosen.setAttribute('aria-pressed', 'false');
    }
  };

  function start() {
    ensureStylesheet();
    var hosts = document.querySelectorAll('[data-csp-faq]');
    for (var i = 0; i < hosts.length; i++) {
      if (!hosts[i].hasAttribute('data-csp-faq-ready')) {
        hosts[i].setAttribute('data-csp-faq-ready', '');
        new Widget(hosts[i]);
      }
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(/* STRINGS */ { en: {}, fr: {} });
