// webhooks_page.js: per connection, the webhook subscriptions per shop, the inbox (recent
// deliveries; duplicates refused) and alerts (deauthorizations, expiries).
import {api, path} from './api.js';
import {columnsOf, h, loadPage, notice, show, table, uid} from './dom.js';

export async function render(main, params) {
  const connections = await loadPage(main, 'Webhooks', () => api.get('/api/v1/connections'));
  if (!connections) return;
  const id = uid('webhook-connection');
  const select = h(
      'select', {
        id,
        onchange: () => {
          location.hash = path`#/webhooks/${select.value}`;
        }
      },
      h('option', {value: ''}, '(choose a connection)'),
      connections.map(c => h('option', {value: c.name, selected: c.name === params.name}, c.name)));
  const body = h('div', {'aria-live': 'polite'});
  show(main, h('h1', {}, 'Webhooks'), h('div', {class: 'field'}, h('label', {for: id
                                        }, 'Connection'), select), body);
  if (!params.name) return;
  try {
    const hooks = await api.get(path`/api/v1/connections/${params.name}/webhooks`);
    show(
        body, section('Subscriptions', hooks.subscriptions, 'No subscriptions.'),
        section('Inbox', hooks.inbox, 'No deliveries waiting.'),
        typeof hooks.inbox_total === 'number' ?
            h('p', {id: 'inbox-total'},
              `${hooks.inbox_total} deliveries waiting in the inbox ` +
                  '(duplicates were refused on arrival; a flow of kind "listener" drains them).') :
            null,
        section('Alerts', hooks.alerts, 'No alerts.'));
  } catch (e) {
    show(body, notice('error', e.message));
  }
}

// The rows' shape is the connector's; every key becomes a column.
function section(title, rows, empty) {
  if (!Array.isArray(rows))
    return h(
        'section', {}, h('h2', {}, title),
        h('p', {class: 'empty'}, 'Not reported by this server.'));
  return h('section', {}, h('h2', {}, title), table(title, rows, columnsOf(rows), empty));
}
