// connection_parts.js: pieces several connection pages show the same way.
import {api} from './api.js';
import {h, table} from './dom.js';

// The states GET /api/v1/connections reports, as words and a class for colour.
export function stateBadge(state) {
  const known = ['not authorized', 'authorized', 'expiring', 'deauthorized'];
  const kind = known.includes(state) ? state.replace(' ', '-') : 'unknown';
  return h('span', {class: `state state-${kind}`}, state ?? 'unknown');
}

export function shopsSummary(shops) {
  if (!shops || shops.length === 0) return h('span', {class: 'empty'}, 'none');
  return shops.map(s => `${s.name ?? s.shop_id} (${s.shop_id})`).join(', ');
}

// Shop ID, name, region and cipher: what a person enters in exports and imports.
export function shopsTable(shops, caption = 'Shops') {
  return table(
      caption, shops,
      [
        ['Shop ID', s => h('code', {}, s.shop_id ?? '')],
        ['Name', s => s.name ?? ''],
        ['Region', s => s.region ?? ''],
        ['Cipher', s => h('code', {}, s.cipher ?? '')],
      ],
      'No shops yet: authorize the connection.');
}

let connectorsPromise = null;

// GET /api/v1/connectors, once per page load (connectors do not change while serve runs).
export function connectors() {
  connectorsPromise ??= api.get('/api/v1/connectors').catch(e => {
    connectorsPromise = null;
    throw e;
  });
  return connectorsPromise;
}

export async function connectorById(id) {
  const list = await connectors();
  const found = list.find(c => c.id === id);
  if (!found) throw new Error(`No connector "${id}" is loaded in this host.`);
  return found;
}

// The connector's "How to retrieve" texts for one kind of document ('connection' or
// 'oauth_client'), keyed by the pointers that document's fields have.
export function helpFor(connector, documentKind) {
  return connector.help?.[documentKind] ?? {};
}
