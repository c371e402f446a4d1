/*
 * CSP supplier FAQ search widget (plain ES2017, no framework).
 *
 *   <script src="https://ASSISTANT_HOST/widget.js" defer></script>
 *   <div data-csp-faq></div>
 *
 * Optional on the div: data-lang="fr|en" (else the page's language), data-heading-level="2…6"
 * (the level of the widget's section titles, h2 by default).
 *
 * Every element is built with createElement/textContent: text from the user or the FAQ never
 * goes through innerHTML. The server replaces STRINGS below with the FR/EN texts.
 */
// @ts-check
/**
 * The texts by language and key, put in by the server.
 * @typedef {{ en: Record<string, string>, fr: Record<string, string> } & Record<string, Record<string, string> | undefined>} Strings
 */
/** @typedef {'fr' | 'en'} Language */
/** @typedef {{ id: string, question: string, answer: string }} Entry  an FAQ entry as the API sends it */
/** @typedef {{ id: string, question: string }} Suggestion  a possible match the search is not sure of */
/** @typedef {{ id: string, question: string, questionId?: string }} OpenAnswer  the answer shown, and the recorded question it answers */
(/** @param {Strings} STRINGS */ function (STRINGS) {
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

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * @param {string} template
   * @param {Record<string, string | number>} values
   */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, /** @type {string} */ key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : '';
    });
  }

  /**
   * The page's language (or the element's): French when it starts with "fr", English otherwise.
   * @param {Element} host
   * @returns {Language}
   */
  function pageLanguage(host) {
    var explicit = host.getAttribute('data-lang');
    var tagged = host.closest('[lang]');
    var lang = (explicit || (tagged && tagged.getAttribute('lang')) || document.documentElement.lang || '').toLowerCase();
    return lang.indexOf('fr') === 0 ? 'fr' : 'en';
  }

  /**
   * The tag of the widget's section titles: `data-heading-level` on the host (2 to 6), else h2.
   * The widget cannot see the page's outline: a host under an h2 says 3, so that the answer's
   * title does not skip a level (an h3 straight under the demo page's h1 did).
   * @param {Element} host
   * @returns {'h2' | 'h3' | 'h4' | 'h5' | 'h6'}
   */
  function headingTag(host) {
    /** @type {('h2' | 'h3' | 'h4' | 'h5' | 'h6')[]} */
    var tags = ['h2', 'h3', 'h4', 'h5', 'h6'];
    return tags[Number(host.getAttribute('data-heading-level')) - 2] || 'h2';
  }

  /**
   * Lower case without accents, one output character per input character (so offsets line up).
   * @param {string} text
   */
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

  /**
   * The words of a query worth highlighting, folded, without stop words, plural s removed.
   * @param {string} query
   */
  function queryTerms(query) {
    /** @type {string[]} */
    var terms = [];
    var words = fold(query).match(WORD) || [];
    words.forEach(function (word) {
      if (word.length < 2 || STOP_WORDS.has(word)) return;
      var stem = word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
      if (terms.indexOf(stem) === -1) terms.push(stem);
    });
    return terms;
  }

  /**
   * @param {string} word
   * @param {string} term
   */
  function matchesTerm(word, term) {
    if (word.indexOf(term) === 0) return true;
    // "invoicing" finds "invoice": a long term matches a word sharing most of its beginning.
    return term.length >= 5 && word.length >= 4 && term.indexOf(word.slice(0, Math.max(4, word.length - 2))) === 0;
  }

  /**
   * Appends `text` to `parent` as text nodes, with each word matching a query term in a <mark>.
   * @param {Node} parent
   * @param {string} text
   * @param {string[]} terms
   */
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

  /**
   * FAQ answers use **bold**; everything else is plain text.
   * @param {Node} parent
   * @param {string} text
   * @param {string[]} terms
   */
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

  /**
   * Paragraphs (blank lines), line breaks, and "- " or "1. " lines as lists.
   * @param {Node} parent
   * @param {string} answer
   * @param {string[]} terms
   */
  function appendAnswer(parent, answer, terms) {
    answer.split(/\n{2,}/).forEach(function (paragraph) {
      /** @type {HTMLElement | null} */
      var block = null;
      paragraph.split('\n').forEach(function (line) {
        var bullet = line.match(BULLET);
        if (bullet) {
          /** @type {'ol' | 'ul'} */
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

  /** @param {string} answer */
  function snippet(answer) {
    var plain = answer.replace(/\*\*/g, '').replace(/^\s*(?:[-•*]|\d+[.)])\s+/gm, '').replace(/\s+/g, ' ').trim();
    if (plain.length <= SNIPPET_LENGTH) return plain;
    var cut = plain.slice(0, SNIPPET_LENGTH);
    var space = cut.lastIndexOf(' ');
    return (space > SNIPPET_LENGTH / 2 ? cut.slice(0, space) : cut) + '…';
  }

  /**
   * The bar above the box: the label and the FR/EN switch.
   * @param {string} id
   * @param {(lang: Language) => void} onLanguage
   */
  function buildBar(id, onLanguage) {
    var element = el('div', 'csp-faq__bar');
    var label = el('label', 'csp-faq__label');
    label.htmlFor = id + '-input';
    var languages = el('div', 'csp-faq__languages');
    languages.setAttribute('role', 'group');
    /** @type {Language[]} */
    var both = ['fr', 'en'];
    var languageButtons = both.map(function (lang) {
      var button = el('button', 'csp-faq__language', lang.toUpperCase());
      button.type = 'button';
      button.lang = lang;
      button.setAttribute('data-lang', lang);
      // The visible "FR"/"EN" stays part of the name (WCAG 2.5.3: speech users say what they see).
      button.setAttribute('aria-label', lang === 'fr' ? 'FR (Français)' : 'EN (English)');
      button.addEventListener('click', function () {
        onLanguage(lang);
      });
      languages.appendChild(button);
      return button;
    });
    element.appendChild(label);
    element.appendChild(languages);
    return { element: element, label: label, languages: languages, languageButtons: languageButtons };
  }

  /**
   * The search input (an ARIA combobox) and its list of results.
   * @param {string} id
   */
  function buildSearchBox(id) {
    var element = el('div', 'csp-faq__box');
    var input = el('input', 'csp-faq__input');
    input.id = id + '-input';
    input.type = 'search';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id + '-list');
    input.setAttribute('aria-describedby', id + '-hint');
    input.maxLength = 500;
    var list = el('ul', 'csp-faq__list');
    list.id = id + '-list';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    element.appendChild(input);
    element.appendChild(list);
    return { element: element, input: input, list: list };
  }

  /**
   * Not confident: the entries the search still finds worth offering, under the results.
   * @param {string} id
   * @param {'h2' | 'h3' | 'h4' | 'h5' | 'h6'} heading  the tag of the section's title (see headingTag)
   */
  function buildPossibleMatches(id, heading) {
    var element = el('section', 'csp-faq__possible');
    element.hidden = true;
    element.setAttribute('aria-labelledby', id + '-possible-title');
    var title = el(heading, 'csp-faq__possible-title');
    title.id = id + '-possible-title';
    var list = el('ul', 'csp-faq__possible-list');
    element.appendChild(title);
    element.appendChild(list);
    return { element: element, title: title, list: list };
  }

  /**
   * The "Was this helpful?" yes/no buttons and their thanks.
   * @param {string} id
   * @param {(helpful: boolean) => void} onVote
   */
  function buildFeedback(id, onVote) {
    var element = el('div', 'csp-faq__feedback');
    element.setAttribute('role', 'group');
    element.setAttribute('aria-labelledby', id + '-helpful');
    var helpful = el('span', 'csp-faq__helpful');
    helpful.id = id + '-helpful';
    var yes = el('button', 'csp-faq__vote');
    var no = el('button', 'csp-faq__vote');
    [yes, no].forEach(function (button, index) {
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('data-helpful', index === 0 ? 'true' : 'false');
      button.addEventListener('click', function () {
        onVote(index === 0);
      });
    });
    var thanks = el('span', 'csp-faq__thanks');
    thanks.setAttribute('role', 'status');
    element.appendChild(helpful);
    element.appendChild(yes);
    element.appendChild(no);
    element.appendChild(thanks);
    return { element: element, helpful: helpful, yes: yes, no: no, thanks: thanks };
  }

  /**
   * The panel an opened answer expands into, with its close button and the feedback.
   * @param {string} id
   * @param {'h2' | 'h3' | 'h4' | 'h5' | 'h6'} heading  the tag of the answer's title (see headingTag)
   * @param {() => void} onClose
   * @param {HTMLElement} feedback
   */
  function buildAnswerPanel(id, heading, onClose, feedback) {
    var element = el('section', 'csp-faq__answer');
    element.hidden = true;
    element.tabIndex = -1;
    element.setAttribute('aria-labelledby', id + '-answer-title');
    var title = el(heading, 'csp-faq__answer-title');
    title.id = id + '-answer-title';
    var body = el('div', 'csp-faq__answer-body');
    var closeButton = el('button', 'csp-faq__close', '×');
    closeButton.type = 'button';
    closeButton.addEventListener('click', onClose);
    element.appendChild(closeButton);
    element.appendChild(title);
    element.appendChild(body);
    element.appendChild(feedback);
    return { element: element, title: title, body: body, closeButton: closeButton };
  }

  /** The "Still stuck? Chat with the assistant" line under everything. */
  function buildChatFooter() {
    var element = el('p', 'csp-faq__chat');
    var stillStuck = el('span');
    var chatLink = el('a', 'csp-faq__chat-link');
    chatLink.target = '_blank';
    chatLink.rel = 'noopener';
    var chatNote = el('span', 'csp-faq__visually-hidden');
    element.appendChild(stillStuck);
    element.appendChild(document.createTextNode(' '));
    element.appendChild(chatLink);
    return { element: element, stillStuck: stillStuck, chatLink: chatLink, chatNote: chatNote };
  }

  /** One search box on the page, built inside its `[data-csp-faq]` host. */
  class Widget {
    /** @param {HTMLElement} host */
    constructor(host) {
      var self = this;
      this.host = host;
      this.id = 'csp-faq-' + ++counter;
      this.lang = pageLanguage(host);
      /** @type {Entry[]} */
      this.results = [];
      this.active = -1;
      this.query = '';
      this.sequence = 0;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      this.timer = undefined;
      /** @type {AbortController | null} */
      this.controller = null;
      /** @type {OpenAnswer | null} */
      this.answer = null;

      host.classList.add('csp-faq');
      while (host.firstChild) host.removeChild(host.firstChild);
      var bar = buildBar(this.id, function (lang) {
        self.setLanguage(lang);
      });
      this.label = bar.label;
      this.languages = bar.languages;
      this.languageButtons = bar.languageButtons;
      var box = buildSearchBox(this.id);
      this.input = box.input;
      this.list = box.list;
      var heading = headingTag(host);
      var possible = buildPossibleMatches(this.id, heading);
      this.possible = possible.element;
      this.possibleTitle = possible.title;
      this.possibleList = possible.list;
      this.hint = el('p', 'csp-faq__hint');
      this.hint.id = this.id + '-hint';
      this.status = el('p', 'csp-faq__status');
      this.status.setAttribute('role', 'status');
      this.status.setAttribute('aria-live', 'polite');
      var feedback = buildFeedback(this.id, function (helpful) {
        self.sendFeedback(helpful);
      });
      this.helpful = feedback.helpful;
      this.yes = feedback.yes;
      this.no = feedback.no;
      this.thanks = feedback.thanks;
      var panel = buildAnswerPanel(this.id, heading, function () {
        self.closeAnswer(true);
      }, feedback.element);
      this.panel = panel.element;
      this.panelTitle = panel.title;
      this.panelBody = panel.body;
      this.closeButton = panel.closeButton;
      var footer = buildChatFooter();
      this.stillStuck = footer.stillStuck;
      this.chatLink = footer.chatLink;
      this.chatNote = footer.chatNote;
      [bar.element, box.element, this.possible, this.hint, this.status, this.panel, footer.element].forEach(function (part) {
        host.appendChild(part);
      });
      this.listen();
      this.applyLanguage();
    }

    /**
     * The text for `key` in the widget's language (English, then the key, when missing).
     * @param {string} key
     * @param {Record<string, string | number>} [values]
     */
    t(key, values) {
      var strings = STRINGS[this.lang];
      var text = (strings && strings[key]) || STRINGS.en[key] || key;
      return values ? format(text, values) : text;
    }

    /** Wires the keyboard and mouse: typing searches, arrows pick, Escape closes, a click outside closes the list. */
    listen() {
      var self = this;
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
        if (!self.host.contains(/** @type {Node | null} */ (event.target))) self.closeList();
      });
    }

    /** Puts every text in the current language; results and answer are fetched again in it. */
    applyLanguage() {
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
    }

    /** @param {Language} lang */
    setLanguage(lang) {
      if (lang === this.lang) return;
      this.lang = lang;
      this.applyLanguage();
      if (this.answer) this.openAnswer(this.answer.id, false);
      if (this.query.length >= MIN_QUERY) this.search(this.query, false);
    }

    onInput() {
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
    }

    /**
     * Looks `query` up (type-ahead) and shows the results; a later search makes this one's answer moot.
     * @param {string} query
     * @param {boolean} open  whether to open the list of results
     */
    async search(query, open) {
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
        /** @type {{ results?: Entry[], confident?: boolean, suggestions?: Suggestion[] }} */
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
        if (error && /** @type {{ name?: unknown }} */ (error).name === 'AbortError') return;
        if (sequence !== this.sequence) return;
        this.setResults([]);
        this.setPossibleMatches([]);
        this.status.textContent = this.t('unavailable');
      } finally {
        if (sequence === this.sequence) this.host.removeAttribute('aria-busy');
      }
    }

    /**
     * @param {Entry[]} results
     * @param {boolean} [open]
     */
    setResults(results, open) {
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
    }

    /**
     * Shows the entries worth offering when the search is not sure ("Possible matches"), or hides the section.
     * @param {Suggestion[]} suggestions
     */
    setPossibleMatches(suggestions) {
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
    }

    /**
     * Opens a possible match and tells the server it was taken for this question (a candidate phrasing for the staff).
     * @param {Suggestion} suggestion
     */
    takeSuggestion(suggestion) {
      var query = this.query;
      this.cancelSearch();
      this.closeList();
      this.setPossibleMatches([]);
      this.answer = { id: suggestion.id, question: suggestion.question };
      this.openAnswer(suggestion.id, true);
      this.recordQuestion(query, suggestion.id);
      this.recordSuggestionTaken(query, suggestion.id);
    }

    /**
     * @param {string} query
     * @param {string} id
     */
    async recordSuggestionTaken(query, id) {
      try {
        await fetch(ORIGIN + '/api/faq/' + encodeURIComponent(id) + '/suggestion', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ q: query, lang: this.lang }),
        });
      } catch {
        // For the staff's candidate phrasings only: the answer is shown either way.
      }
    }

    openList() {
      if (!this.results.length) return;
      this.list.hidden = false;
      this.input.setAttribute('aria-expanded', 'true');
    }

    closeList() {
      this.list.hidden = true;
      this.input.setAttribute('aria-expanded', 'false');
      this.setActive(-1);
    }

    /** @param {number} index  the option to mark as active, -1 for none */
    setActive(index) {
      var options = this.list.children;
      var previous = options[this.active];
      if (this.active >= 0 && previous) {
        previous.setAttribute('aria-selected', 'false');
        previous.classList.remove('csp-faq__option--active');
      }
      this.active = index;
      var option = options[index];
      if (index < 0 || !option) {
        this.input.removeAttribute('aria-activedescendant');
        return;
      }
      option.setAttribute('aria-selected', 'true');
      option.classList.add('csp-faq__option--active');
      this.input.setAttribute('aria-activedescendant', option.id);
      if (typeof option.scrollIntoView === 'function') option.scrollIntoView({ block: 'nearest' });
    }

    /** @param {number} delta  +1 down, -1 up, wrapping around */
    move(delta) {
      if (!this.results.length) return;
      if (this.list.hidden) {
        this.openList();
        this.setActive(delta > 0 ? 0 : this.results.length - 1);
        return;
      }
      var count = this.results.length;
      var next = this.active < 0 ? (delta > 0 ? 0 : count - 1) : (this.active + delta + count) % count;
      this.setActive(next);
    }

    /** Drops a search that is waiting or running, so its results don't reopen a list the user has left. */
    cancelSearch() {
      clearTimeout(this.timer);
      this.sequence++;
      if (this.controller) this.controller.abort();
      this.controller = null;
      this.host.removeAttribute('aria-busy');
    }

    /** @param {KeyboardEvent} event */
    onKeyDown(event) {
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
    }

    /** @param {number} index */
    choose(index) {
      var result = this.results[index];
      if (!result) return;
      this.cancelSearch();
      this.closeList();
      this.showAnswer(result, true);
      this.recordQuestion(this.input.value.trim() || this.query, result.id);
    }

    /**
     * Records the question whose answer was opened (for the staff analytics); feedback then refers to it.
     * @param {string} query
     * @param {string} id
     */
    async recordQuestion(query, id) {
      try {
        var params = new URLSearchParams({ q: query, lang: this.lang, top: '1', surface: 'widget', record: 'true' });
        var response = await fetch(ORIGIN + '/api/faq/search?' + params.toString(), { headers: { Accept: 'application/json' } });
        /** @type {{ questionId?: unknown }} */
        var body = response.ok ? await response.json() : {};
        if (this.answer && this.answer.id === id && typeof body.questionId === 'string') this.answer.questionId = body.questionId;
      } catch {
        // Analytics only: the answer is shown either way.
      }
    }

    /**
     * Expands an answer below the search box and moves focus to it (Escape returns to the box).
     * @param {Entry} entry
     * @param {boolean} focus
     */
    showAnswer(entry, focus) {
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
    }

    /**
     * Fetches an entry in the current language (after a language switch).
     * @param {string} id
     * @param {boolean} focus
     */
    async openAnswer(id, focus) {
      try {
        var response = await fetch(ORIGIN + '/api/faq/' + encodeURIComponent(id) + '?lang=' + this.lang, {
          headers: { Accept: 'application/json' },
        });
        if (!response.ok) throw new Error('entry failed: ' + response.status);
        /** @type {Entry} */
        var entry = await response.json();
        if (this.answer && this.answer.id === id) this.showAnswer(entry, focus);
      } catch {
        this.status.textContent = this.t('unavailable');
      }
    }

    /** @param {boolean} focusInput */
    closeAnswer(focusInput) {
      this.panel.hidden = true;
      this.answer = null;
      this.status.textContent = '';
      if (focusInput) this.input.focus();
    }

    resetFeedback() {
      this.thanks.textContent = '';
      [this.yes, this.no].forEach(function (button) {
        button.disabled = false;
        button.setAttribute('aria-pressed', 'false');
      });
    }

    /** @param {boolean} helpful */
    async sendFeedback(helpful) {
      if (!this.answer) return;
      var id = this.answer.id;
      /** @type {{ helpful: boolean, lang: Language, questionId?: string }} */
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
      } catch {
        this.thanks.textContent = this.t('feedbackFailed');
        this.yes.disabled = false;
        this.no.disabled = false;
        chosen.setAttribute('aria-pressed', 'false');
      }
    }
  }

  function start() {
    ensureStylesheet();
    var hosts = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-csp-faq]'));
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
