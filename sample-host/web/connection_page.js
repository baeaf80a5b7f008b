// connection_page.js: one connection: its state and shops, Authorize (with the redirect URI to
// register and a copy button), Test connection, and its HTTP settings.
import {api, path} from './api.js';
import {connectorById, shopsTable, stateBadge} from './connection_parts.js';
import {h, loadPage, notice, show, table, timeText} from './dom.js';
import {httpSettings} from './http_settings.js';

export async function render(main, params, query) {
  const loaded = await loadPage(main, params.name, async () => {
    const connection = await api.get(path`/api/v1/connections/${params.name}`);
    return {connection, connector: await connectorById(connection.connector)};
  });
  if (!loaded) return;
  const {connection, connector} = loaded;
  const testResult = h('div', {class: 'test-result', 'aria-live': 'polite'});
  const authorizeStatus = h('div', {'aria-live': 'polite'});
  const redirect = redirectUri(connection, connector);
  show(
      main, h('h1', {}, connection.name, ' ', stateBadge(connection.state)),
      query.get('saved') ?
          notice('ok', 'Saved. Secrets are stored encrypted and never displayed.') :
          null,
      query.get('authorized') ?
          notice('ok', 'Authorized: the shops below are what the token covers.') :
          null,
      h('dl', {class: 'summary'}, h('dt', {}, 'Connector'),
        h('dd', {}, `${connector.name} (${connection.connector})`), h('dt', {}, 'OAuth 2.0 client'),
        h('dd', {}, connection.oauth_client ?? ''), h('dt', {}, 'Secrets set'),
        h('dd', {}, (connection.secret_fields_set ?? []).join(', ') || 'none'),
        connection.state_detail ? [h('dt', {}, 'State'), h('dd', {}, connection.state_detail)] :
                                  null,
        connection.token_expires_at ?
            [h('dt', {}, 'Token expires'), h('dd', {}, timeText(connection.token_expires_at))] :
            null),
      h('p', {class: 'actions'},
        h('a', {class: 'button', href: path`#/connections/${connection.name}/edit`}, 'Edit'),
        h('a', {class: 'button', href: path`#/webhooks/${connection.name}`}, 'Webhooks'),
        h('a', {class: 'button', href: '#/flows'}, 'Flows')),

      h('section', {'aria-labelledby': 'authorize-heading'},
        h('h2', {id: 'authorize-heading'}, 'Authorize'),
        h('p', {},
          'Register this redirect URI on your app exactly, then authorize the shop in your browser:'),
        copyable('redirect-uri', redirect),
        h('p', {},
          h('button', {
            type: 'button',
            class: 'primary',
            onclick: () => authorize(connection.name, authorizeStatus)
          },
            'Authorize')),
        authorizeStatus),

      h('section', {'aria-labelledby': 'shops-heading'}, h('h2', {id: 'shops-heading'}, 'Shops'),
        h('p', {}, 'The Shop ID (or cipher) is what exports and imports name as their shop.'),
        shopsTable(connection.shops)),

      h('section', {'aria-labelledby': 'test-heading'},
        h('h2', {id: 'test-heading'}, 'Test connection'),
        h('p', {},
          h('button', {type: 'button', onclick: () => test(connection.name, testResult)},
            'Test connection')),
        testResult),

      h('section', {'aria-labelledby': 'http-heading'},
        h('h2', {id: 'http-heading'}, 'HTTP settings'),
        h('details', {}, h('summary', {}, 'Show the effective HTTP settings (read-only)'),
          await httpSettings(connection.name))));
}

// The callback the connection was saved with (serve's own by default); the authorize answer
// names it too and wins once known.
function redirectUri(connection, connector) {
  return connection.redirect_uri ??
      new URL(connector.redirect_path ?? '/connection/oauth2callback', location.origin).href;
}

function copyable(id, text) {
  const status = h('span', {class: 'copy-status', role: 'status'});
  const code = h('code', {id}, text);
  return h(
      'p', {class: 'copyable'}, code, ' ',
      h('button', {
        type: 'button',
        'aria-label': 'Copy the redirect URI',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(code.textContent);
            status.textContent = 'Copied.';
          } catch {
            window.getSelection().selectAllChildren(code);
            status.textContent = 'Selected: press Ctrl+C to copy.';
          }
        }
      },
        'Copy'),
      ' ', status);
}

async function authorize(name, status) {
  show(status, h('p', {class: 'loading'}, 'Opening the authorize page…'));
  try {
    const answer = await api.post(path`/api/v1/connections/${name}/authorize`, {});
    const uri = document.getElementById('redirect-uri');
    if (uri && answer.redirect_uri) uri.textContent = answer.redirect_uri;
    location.assign(answer.authorize_url);
  } catch (e) {
    show(status, notice('error', e.message));
  }
}

async function test(name, out) {
  show(out, h('p', {class: 'loading'}, 'Testing…'));
  try {
    const result = await api.post(path`/api/v1/connections/${name}/test`, {});
    show(
        out, notice('ok', `The token works: it covers ${(result.shops ?? []).length} shop(s).`),
        shopsTable(result.shops ?? [], 'Shops the token covers'),
        h('dl', {class: 'summary'}, h('dt', {}, 'Token expires'),
          h('dd', {}, timeText(result.token_expires_at) || 'unknown')),
        scopesSection(result));
  } catch (e) {
    show(out, notice('error', e.message));
  }
}

// Granted vs needed: each scope the connection's flows (or, without flows, the connector's
// catalog) need, whether the token grants it, and who needs it.
function scopesSection(result) {
  const granted = result.scopes_granted ?? [];
  const needed = result.scopes_needed ?? [];
  const missing = result.scopes_missing;  // null: the token lists no scopes to compare with
  const byFlows = result.scopes_needed_from === 'flows';
  const neededBy = result.scopes_needed_by ?? {};
  const status = scope => missing === null ? 'unknown' :
      missing.includes(scope)              ? 'missing' :
                                             'granted';
  const users = scope => {
    const list = neededBy[scope] ?? [];
    return list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` :
                             list.join(', ');
  };
  return h(
      'section', {class: 'scopes', 'aria-label': 'Scopes'}, h('h3', {}, 'Scopes'),
      h('p', {},
        byFlows ? 'Needed by the flows of this connection:' :
                  'No flow names this connection yet; needed by the connector\'s calls:'),
      table(
          'Scopes needed', needed,
          [
            ['Scope', s => h('code', {}, s)],
            ['Status', s => h('span', {class: `scope-${status(s)}`}, status(s))],
            [byFlows ? 'Needed by flows' : 'Needed by endpoints', s => users(s)],
          ],
          'The connector states no scope for these calls.'),
      h('p', {id: 'scopes-granted'}, 'Granted: ', granted.join(', ') || 'none listed by the token'),
      missing === null ?
          notice('warn', 'The token lists no granted scopes, so what is missing cannot be told.') :
          missing.length ?
          notice(
              'error',
              `Missing scopes: ${missing.join(', ')}. Add them to the app's API permissions ` +
                  'where the app is registered, then authorize again.') :
          notice('ok', 'Every scope needed is granted.'));
}
