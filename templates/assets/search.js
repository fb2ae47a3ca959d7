// The search box in the header: loads the Pagefind bundle (pagefind/ at the site root, written by
// `folio build`) on first use and lists matching articles under the box. Same origin only.
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
  var bundle = new URL(root + 'pagefind/pagefind.js', location.href).href;
  var pagefind = null;
  var latest = 0;
  var timer = 0;

  form.hidden = false;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle).then(function (module) {
        // Result URLs come back as /articles/<slug>/; they are made relative to this page below.
        return module.options({ baseUrl: '/' }).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function clear() {
    list.textContent = '';
    list.hidden = true;
    status.textContent = '';
  }

  // Pagefind's excerpt is HTML with <mark> around the matches: keep the text and the marks only.
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString('<p>' + html + '</p>', 'text/html');
    var nodes = [];
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === 'MARK') {
        var mark = document.createElement('mark');
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else nodes.push(document.createTextNode(node.textContent || ''));
    });
    return nodes;
  }

  function show(results) {
    list.textContent = '';
    results.forEach(function (data) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + String(data.url).replace(/^\/+/, '');
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement('p');
      excerptNodes(data.excerpt || '').forEach(function (node) { excerpt.appendChild(node); });
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  function run(query) {
    var ticket = ++latest;
    if (!query.trim()) return clear();
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (ticket !== latest) return null;
      var total = search.results.length;
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); })).then(function (results) {
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
