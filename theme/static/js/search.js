/* Newsroom search: finds articles in the index the build wrote (plugins/offline_search).

   A page opened from file:// can load data only with script elements, so every index file is
   a script calling newsroomSearch.put(name, data): the table of contents and the stemmers come
   with the page (search.html names them), the word and key files of a query's words and one
   file per result shown are added when a query needs them. Every text from the index reaches
   the page through textContent and text nodes, never as HTML: it is the articles' text, and
   nobody vouches for it. */
(function () {
  "use strict";

  /* The text rules: the twin of plugins/offline_search/text.py (tests compare the two). */
  const STEMMERS = { de: "German", en: "English", es: "Spanish", fr: "French", pt: "Portuguese" };
  const SPELLED_OUT = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  const SPELLED = /[ßæœøłđðþı]/g;
  const WORD = /[\p{L}\p{N}]{2,}/gu; // a run of one letter or digit is not a word
  const MARKS = /\p{M}/gu;
  const stemmers = {};

  function words(text) {
    return text.normalize("NFKC").toLowerCase().match(WORD) || [];
  }

  const folds = new Map();
  function fold(word) {
    let bare = folds.get(word);
    if (bare === undefined) {
      bare = word.normalize("NFKD").replace(MARKS, "").replace(SPELLED, (c) => SPELLED_OUT[c]);
      folds.set(word, bare);
    }
    return bare;
  }

  function keys(word, lang) {
    const folded = fold(word);
    const stemmer = stemmers[lang];
    if (!stemmer) return [folded];
    return [...new Set([fold(stemmer.stemWord(word)), stemmer.stemWord(folded)])].sort();
  }

  function language(lang) {
    const primary = String(lang || "").split("-")[0].toLowerCase();
    return Object.hasOwn(STEMMERS, primary) ? primary : "";
  }

  /* Loading the index. */
  const form = document.getElementById("search-form");
  if (!form) return;
  const input = form.querySelector('input[name="q"]');
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const indexBase = form.dataset.index;
  const stemmerBase = form.dataset.stemmers;
  const siteBase = form.dataset.site;

  const received = new Map();
  const scripts = new Map();
  const api = (window.newsroomSearch = {
    put(name, data) {
      received.set(name, data);
    },
  });

  function load(src) {
    if (!scripts.has(src)) {
      scripts.set(
        src,
        new Promise((resolve, reject) => {
          const element = document.createElement("script");
          element.src = src;
          element.onload = () => {
            element.remove();
            resolve();
          };
          element.onerror = () => {
            element.remove();
            reject(new Error(`${src} could not be loaded`));
          };
          document.head.append(element);
        })
      );
    }
    return scripts.get(src);
  }

  function part(name) {
    return load(`${indexBase}${name}.js`).then(() => {
      if (!received.has(name)) throw new Error(`${name}.js is not part of this index`);
      return received.get(name);
    });
  }

  /* search.html names the table of contents and the stemmers its index needs as deferred scripts
     after this one, so they load in parallel with it and have run by DOMContentLoaded; anything
     missing is loaded then. */
  const parsed = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  });
  const ready = parsed
    .then(() => (received.has("index") ? received.get("index") : part("index")))
    .then((meta) => {
      if (meta.format !== 1) throw new Error("the index was written by another version");
      const wanted = meta.languages.filter((lang) => Object.hasOwn(STEMMERS, lang));
      return Promise.all(
        wanted.map(async (lang) => {
          const name = `${STEMMERS[lang]}Stemmer`;
          if (typeof window[name] !== "function") {
            await load(`${stemmerBase}${STEMMERS[lang].toLowerCase()}-stemmer.global.min.js`);
          }
          stemmers[lang] = new window[name]();
        })
      ).then(() => meta);
    });

  /* Finding. */
  const MAX_WORDS = 10; // a pasted paragraph stays a query, not a download of the index
  const MAX_EXPANSIONS = 20; // words a prefix stands for, the most frequent first
  const MAX_WORD_FILES = 4;
  const PAGE = 10;

  function fileFor(firsts, key) {
    let low = 0;
    let high = firsts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (firsts[middle] <= key) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  function frequency(entry) {
    return typeof entry === "number" ? entry : entry[0];
  }

  async function expand(meta, prefix) {
    let first = fileFor(meta.words, prefix);
    if (first < 0) {
      if (!meta.words.length || !meta.words[0].startsWith(prefix)) return [];
      first = 0;
    }
    const numbers = [first];
    while (
      numbers.length < MAX_WORD_FILES &&
      first + numbers.length < meta.words.length &&
      meta.words[first + numbers.length].startsWith(prefix)
    ) {
      numbers.push(first + numbers.length);
    }
    const files = await Promise.all(numbers.map((number) => part(`w/${number}`)));
    const found = files.flatMap((file) => Object.entries(file).filter(([word]) => word.startsWith(prefix)));
    found.sort((a, b) => frequency(b[1]) - frequency(a[1]) || (a[0] < b[0] ? -1 : 1));
    return found
      .slice(0, MAX_EXPANSIONS)
      .flatMap(([word, entry]) => (typeof entry === "number" ? [word] : entry.slice(1)));
  }

  /* What a query asks for: its words, the keys each stands for, and the word being typed: the
     last word, when the query ends with it. A query that ends with a single letter (`t`, or
     `tariff b`) has not reached its next word yet, and one letter is no word (WORD). */
  async function understand(meta, query) {
    const all = words(query);
    const last = all.length ? all[all.length - 1] : null;
    const typed = last !== null && query.normalize("NFKC").toLowerCase().endsWith(last) ? last : null;
    const asked = [...new Set(all)].slice(0, MAX_WORDS);
    const wanted = await Promise.all(
      asked.map(async (word) => {
        const found = new Set(meta.languages.flatMap((lang) => keys(word, lang)));
        prefetch(meta, found);
        if (word === typed) for (const key of await expand(meta, fold(word))) found.add(key);
        return found;
      })
    );
    return { asked, wanted, typed: typed === null ? null : fold(typed) };
  }

  /* Start loading the key files of a word's own keys while its completions are looked up;
     find() awaits the same loads (and sees their errors). */
  function prefetch(meta, found) {
    for (const key of found) {
      const number = fileFor(meta.keys, key);
      if (number >= 0) part(`k/${number}`).catch(() => undefined);
    }
  }

  /* Article numbers matching every word, title and standfirst matches first, then newest. */
  async function find(meta, wanted) {
    const numbers = [...new Set(wanted.flatMap((found) => [...found].map((key) => fileFor(meta.keys, key))))];
    const files = new Map(
      await Promise.all(numbers.filter((n) => n >= 0).map(async (n) => [n, await part(`k/${n}`)]))
    );
    let scores = null;
    for (const found of wanted) {
      const matches = new Map();
      for (const key of found) {
        const file = files.get(fileFor(meta.keys, key));
        if (!file || !Object.hasOwn(file, key)) continue;
        let number = -1;
        for (const value of file[key]) {
          number += (value >> 1) + 1;
          matches.set(number, Math.max(matches.get(number) || 0, value & 1));
        }
      }
      if (scores === null) {
        scores = matches;
      } else {
        const kept = new Map();
        for (const [number, score] of scores) {
          if (matches.has(number)) kept.set(number, score + matches.get(number));
        }
        scores = kept;
      }
      if (scores.size === 0) break;
    }
    return [...(scores || [])].sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([number]) => number);
  }

  /* Showing. */
  /* Whether a word of an article's text is one the query found; asked for every word of every
     result, so each distinct word is judged once per query and language. */
  function matcher(query, lang) {
    const stemLang = language(lang);
    query.matchers ??= new Map();
    if (query.matchers.has(stemLang)) return query.matchers.get(stemLang);
    const all = new Set(query.wanted.flatMap((found) => [...found]));
    // A stem is the start of its word but for its last letter or so (countri: country), so only
    // words that start like a key are worth stemming: a few words of each article, not all.
    const starts = [...all].map((key) => key.slice(0, Math.max(2, key.length - 1)));
    const verdicts = new Map();
    const matches = (token) => {
      let verdict = verdicts.get(token);
      if (verdict === undefined) {
        const word = token.normalize("NFKC").toLowerCase();
        const bare = fold(word);
        verdict =
          (query.typed !== null && bare.startsWith(query.typed)) ||
          (starts.some((start) => bare.startsWith(start)) &&
            keys(word, stemLang).some((key) => all.has(key)));
        verdicts.set(token, verdict);
      }
      return verdict;
    };
    query.matchers.set(stemLang, matches);
    return matches;
  }

  /* Text with the matching words in <mark>, built from text nodes. */
  function marked(parent, text, matches) {
    let done = 0;
    for (const found of text.matchAll(WORD)) {
      if (!matches(found[0])) continue;
      parent.append(text.slice(done, found.index));
      const mark = document.createElement("mark");
      mark.textContent = found[0];
      parent.append(mark);
      done = found.index + found[0].length;
    }
    parent.append(text.slice(done));
    return parent;
  }

  /* Some 40 words of the body (else the standfirst) around the most query words, cut at spaces. */
  function snippet(doc, matches) {
    for (const text of [doc.text, doc.standfirst]) {
      const found = [...text.matchAll(WORD)].filter((word) => matches(word[0]));
      if (!found.length) continue;
      let best = found[0];
      let most = 0;
      for (const word of found) {
        const near = found.filter((other) => other.index >= word.index && other.index < word.index + 200);
        const distinct = new Set(near.map((other) => fold(other[0].toLowerCase()))).size;
        if (distinct > most) [best, most] = [word, distinct];
      }
      let start = Math.max(0, best.index - 60);
      let end = Math.min(text.length, best.index + 220);
      if (start > 0) start = text.indexOf(" ", start) + 1 || best.index;
      if (start > best.index) start = best.index;
      if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), best.index + best[0].length);
      return `${start > 0 ? "… " : ""}${text.slice(start, end).trim()}${end < text.length ? " …" : ""}`;
    }
    const opening = doc.standfirst || doc.text;
    return opening.length > 250 ? `${opening.slice(0, opening.lastIndexOf(" ", 250))} …` : opening;
  }

  function element(name, className, text) {
    const made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function result(doc, query) {
    const matches = matcher(query, doc.lang);
    const item = element("li", "search-result");
    if (doc.lang) item.lang = doc.lang;
    const link = element("a");
    link.href = `${siteBase}/${doc.url}`;
    const headline = element("h2");
    headline.append(marked(link, doc.title, matches));
    const time = element("time", "", doc.when);
    time.dateTime = doc.date;
    const dateline = element("p", "dateline");
    dateline.append(time);
    const text = marked(element("p", "snippet"), snippet(doc, matches), matches);
    item.append(element("p", "kicker", doc.section), headline, dateline, text);
    return item;
  }

  let current = { numbers: [], shown: 0, query: null };
  let generation = 0;

  /* 12,345: Intl's first call costs tens of milliseconds, more than the search. */
  function thousands(count) {
    return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
  }

  function say(text) {
    status.textContent = text;
  }

  /* The next page of results, each shown as soon as it and those before it have loaded. */
  async function showMore(focusFirst) {
    const { numbers, shown, query } = current;
    const page = numbers.slice(shown, shown + PAGE);
    const loads = page.map((number) => part(`d/${number}`));
    let first = null;
    for (const loading of loads) {
      const doc = await loading;
      if (current.numbers !== numbers) return;
      const item = result(doc, query);
      list.append(item);
      if (first === null) {
        first = item;
        if (shown === 0) api.timings.first = performance.now();
      }
    }
    current.shown = shown + page.length;
    more.hidden = current.shown >= numbers.length;
    if (focusFirst && first) first.querySelector("a").focus();
  }

  async function run() {
    const text = input.value;
    const mine = ++generation;
    try {
      const meta = await ready;
      const query = await understand(meta, text);
      const numbers = query.asked.length ? await find(meta, query.wanted) : [];
      if (mine !== generation) return;
      current = { numbers, shown: 0, query };
      list.replaceChildren();
      more.hidden = true;
      remember(text);
      if (!query.asked.length) {
        say("");
        return;
      }
      await showMore(false);
      if (mine !== generation) return;
      const count = numbers.length;
      say(
        count === 0
          ? `No article matches “${text.trim()}”. Try fewer words, or browse the archives and tags.`
          : `${thousands(count)} ${count === 1 ? "article matches" : "articles match"} “${text.trim()}”.`
      );
      api.timings.results = performance.now();
    } catch (error) {
      if (mine === generation) say(`Search is not available: ${error.message}.`);
    }
  }

  function remember(text) {
    try {
      const url = new URL(window.location.href);
      if (text.trim()) url.searchParams.set("q", text);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
    } catch (error) {
      // Some browsers refuse to change the address of a file:// page; the search still works.
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  more.addEventListener("click", () => showMore(true));

  Object.assign(api, { ready, run, text: { words, fold, keys, language }, timings: {} });
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    api.done = run();
  } else {
    api.done = ready.then(() => undefined, () => undefined);
  }
})();
