// app.js: the console's entry point: a hash router over the pages. Each page is a module with a
// `render(main, params, query)` that fills <main> and returns a cleanup function (or nothing).
import * as connectionFormPage from './connection_form_page.js';
import * as connectionPage from './connection_page.js';
import * as connectionsPage from './connections_page.js';
import {h, notice, show} from './dom.js';
import * as flowsPage from './flows_page.js';
import * as runPage from './run_page.js';
import * as webhooksPage from './webhooks_page.js';

// [pattern, page, section]: patterns match the hash path; :name segments become params.
const routes = [
  ['/connections', connectionsPage, 'connections'],
  ['/connections/new', connectionFormPage, 'connections'],
  ['/connections/:name/edit', connectionFormPage, 'connections'],
  ['/connections/:name', connectionPage, 'connections'],
  ['/flows', flowsPage, 'flows'],
  ['/runs/:id', runPage, 'flows'],
  ['/webhooks', webhooksPage, 'webhooks'],
  ['/webhooks/:name', webhooksPage, 'webhooks'],
];

function match(pattern, path) {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':'))
      params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i])
      return null;
  }
  return params;
}

let cleanup = null;
let generation = 0;

// Each navigation renders into a fresh view inside <main>: a page still loading when the person
// moves on writes into its own detached view, never over the next page.
async function route(event) {
  generation += 1;
  const mine = generation;
  const main = h('div', {class: 'view'});
  document.getElementById('main').replaceChildren(main);
  if (event) document.getElementById('main').focus();
  const hash = location.hash.replace(/^#/, '') || '/connections';
  const [hashPath, queryString = ''] = hash.split('?');
  const query = new URLSearchParams(queryString);
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  for (const [pattern, page, section] of routes) {
    const params = match(pattern, hashPath);
    if (!params) continue;
    markSection(section);
    try {
      const done = await page.render(main, params, query);
      if (mine === generation)
        cleanup = done;
      else if (typeof done === 'function')
        done();
    } catch (e) {
      show(main, h('h1', {}, 'Something went wrong'), notice('error', e.message));
    }
    return;
  }
  show(
      main, h('h1', {}, 'Not found'),
      h('p', {}, 'No page here. ', h('a', {href: '#/connections'}, 'Connections')));
}

function markSection(section) {
  for (const link of document.querySelectorAll('nav a[data-section]')) {
    if (link.dataset.section === section)
      link.setAttribute('aria-current', 'page');
    else
      link.removeAttribute('aria-current');
  }
}

window.addEventListener('hashchange', route);
route();
