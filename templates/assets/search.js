// The search box in the header: on first use loads folio's search index reader (search/ at the
// site root, written by `folio build`; src/render/search-runtime.js), which fetches only the
// parts of the index a query needs, and lists matching articles under the box. Same origin only.
(function () {
  'use strict';

  var form = document.querySelector('form.site-search');
  if (!form || !('fetch' in window)) return;
  // Browsers refuse to load scripts and index files from disk (file://): keep the box hidden there.
  if (location.protocol === 'file:') return;

  var MAX_RESULTS = 10;
  var DEBOUNCE_MS = 200;
  var input = form.querySelector('.site-search-input');
  var status = form.querySelector('.site-search-status');
  var list = form.querySelector('.site-search-results');
  var root = form.getAttribute('data-root') || './';
  // Resolved against this page's address, so it works at a domain root and under a sub-path.
  var indexDir = new URL(root + 'search/', location.href).href;
  var reader = null;
  var latest = 0;
  var timer = 0;

  form.hidden = false;

  function load() {
    if (!reader) {
      // meta.json first: its build id also names the reader, so a cached reader of an older
      // build is never used with this build's index.
      reader = fetch(indexDir + 'meta.json', { cache: 'no-cache' }).then(function (response) {
        if (!response.ok) throw new Error('search index: ' + response.status);
        return response.json();
      }).then(function (meta) {
        return import(indexDir + 'folio-search.js?v=' + encodeURIComponent(meta.build)).then(function (module) {
          return module.openIndex(indexDir, undefined, meta);
        });
      });
      reader.catch(function () { reader = null; });
    }
    return reader;
  }

  function clear() {
    list.textContent = '';
    list.hidden = true;
    status.textContent = '';
  }

  // The excerpt comes as [text, matched] pieces; built as text nodes and <mark>s, never as HTML.
  function excerptNodes(pieces) {
    return pieces.map(function (piece) {
      if (!piece[1]) return document.createTextNode(piece[0]);
      var mark = document.createElement('mark');
      mark.textContent = piece[0];
      return mark;
    });
  }

  function show(results) {
    list.textContent = '';
    results.forEach(function (data) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      // Article addresses in the index are relative to the site root (articles/<slug>/).
      link.href = root + String(data.url).replace(/^\/+/, '');
      link.textContent = data.title || data.url;
      var excerpt = document.createElement('p');
      excerptNodes(data.excerpt || []).forEach(function (node) { excerpt.appendChild(node); });
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  function run(query) {
    var ticket = ++latest;
    if (!query.trim()) return clear();
    load().then(function (index) {
      return index.search(query);
    }).then(function (search) {
      if (ticket !== latest) return null;
      var total = search.total;
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.load(); })).then(function (results) {
        if (ticket !== latest) return;
        show(results);
        status.textContent = total ? form.getAttribute('data-found').replace('{n}', String(total)) : form.getAttribute('data-none');
      });
    }).catch(function () {
      if (ticket !== latest) return;
      clear();
      status.textContent = form.getAttribute('data-failed');
    });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
  });
  input.addEventListener('focus', function () { load(); }, { once: true });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { input.value = ''; clear(); }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });

  // ?q=… in the address searches at once, so a search can be linked to.
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
