// webhooks_page.js: per connection, the webhook subscriptions per shop (asked of the remote side
// through the connector), the inbox (recent deliveries; duplicates refused) and alerts
// (deauthorizations, expiries).
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
  const subscriptions =
      h('section', {'aria-labelledby': 'subscriptions-heading', 'aria-live': 'polite'},
        h('h2', {id: 'subscriptions-heading'}, 'Subscriptions'),
        h('p', {class: 'loading'}, 'Asking the remote side for each shop\'s subscriptions…'));
  try {
    const hooks = await api.get(path`/api/v1/connections/${params.name}/webhooks`);
    show(
        body, subscriptions, section('Inbox', hooks.inbox, 'No deliveries waiting.'),
        typeof hooks.inbox_total === 'number' ?
            h('p', {id: 'inbox-total'},
              `${hooks.inbox_total} deliveries waiting in the inbox ` +
                  '(duplicates were refused on arrival; a flow of kind "listener" drains them).') :
            null,
        section('Alerts', hooks.alerts, 'No alerts.'));
  } catch (e) {
    show(body, notice('error', e.message));
    return;
  }
  // A remote call per shop: shown when it answers, the inbox meanwhile.
  try {
    const answer = await api.get(path`/api/v1/connections/${params.name}/webhooks/subscriptions`);
    show(
        subscriptions, h('h2', {id: 'subscriptions-heading'}, 'Subscriptions'),
        answer.shops.map(shopSubscriptions));
  } catch (e) {
    show(
        subscriptions, h('h2', {id: 'subscriptions-heading'}, 'Subscriptions'),
        notice('error', e.message));
  }
}

// One shop's subscriptions at the remote side, or why they could not be listed.
function shopSubscriptions(shop) {
  const title = `Shop ${shop.shop_id}` + (shop.name ? ` (${shop.name})` : '');
  return h(
      'div', {class: 'shop-subscriptions', 'data-shop': shop.shop_id}, h('h3', {}, title),
      shop.error ? notice('error', shop.error) :
                   table(
                       `Subscriptions of ${title}`, shop.subscriptions,
                       columnsOf(shop.subscriptions), 'No subscriptions for this shop.'));
}

// The rows' shape is the connector's; every key becomes a column.
function section(title, rows, empty) {
  if (!Array.isArray(rows))
    return h(
        'section', {}, h('h2', {}, title),
        h('p', {class: 'empty'}, 'Not reported by this server.'));
  return h('section', {}, h('h2', {}, title), table(title, rows, columnsOf(rows), empty));
}
