// connections_page.js: every connection with its state, OAuth client and shops.
import {api, path} from './api.js';
import {shopsSummary, stateBadge} from './connection_parts.js';
import {h, loadPage, show, table} from './dom.js';

export async function render(main) {
  const connections = await loadPage(main, 'Connections', () => api.get('/api/v1/connections'));
  if (!connections) return;
  show(
      main, h('h1', {}, 'Connections'),
      h('p', {}, h('a', {class: 'button primary', href: '#/connections/new'}, 'Create connection')),
      table(
          'Connections', connections,
          [
            ['Name', c => h('a', {href: path`#/connections/${c.name}`}, c.name)],
            ['Connector', c => c.connector],
            ['OAuth 2.0 client', c => c.oauth_client ?? ''],
            ['State', c => stateBadge(c.state)],
            ['Shops', c => shopsSummary(c.shops)],
          ],
          'No connections yet: create one.'));
}
