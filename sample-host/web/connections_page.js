// connections_page.js: every connection with its state, OAuth client and shops.
import {api, path} from './api.js';
import {shopsSummary, stateBadge} from './connection_parts.js';
import {h, notice, show, table} from './dom.js';

export async function render(main) {
  show(main, h('h1', {}, 'Connections'), h('p', {class: 'loading'}, 'Loading…'));
  let connections;
  try {
    connections = await api.get('/api/v1/connections');
  } catch (e) {
    show(main, h('h1', {}, 'Connections'), notice('error', e.message));
    return;
  }
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
