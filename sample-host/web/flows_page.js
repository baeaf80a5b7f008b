// flows_page.js: the flow manifests the host knows, a Run button per flow (all / delta / once /
// test) and the run history.
import {api, path} from './api.js';
import {h, loadPage, notice, show, table, uid} from './dom.js';
import {runsTable} from './run_parts.js';

const MODES = ['all', 'delta', 'once', 'test'];

export async function render(main) {
  const loaded = await loadPage(
      main, 'Flows', () => Promise.all([api.get('/api/v1/flows'), api.get('/api/v1/runs')]));
  if (!loaded) return;
  const [flows, runs] = loaded;
  const status = h('div', {'aria-live': 'polite'});
  show(
      main, h('h1', {}, 'Flows'), status,
      table(
          'Flows', flows,
          [
            ['Flow', f => h('span', {title: f.file ?? ''}, f.name)],
            ['Kind', f => f.kind],
            [
              'Connection',
              f => f.connection ?
                  h('a', {href: path`#/connections/${f.connection}`}, f.connection) :
                  ''
            ],
            ['Resource', f => f.resource ?? ''],
            ['Run', f => runControl(f, status)],
          ],
          'No flows: serve reads them from --flow-dir.'),
      h('h2', {id: 'history-heading'}, 'Run history'), runsTable(runs));
}

function runControl(flow, status) {
  const id = uid('mode');
  const select =
      h('select', {id},
        MODES.map(
            m =>
                h('option', {value: m, selected: m === (flow.kind === 'import' ? 'once' : 'delta')},
                  m)));
  return h('span', {class: 'inline'},
    h('label', {for: id, class: 'visually-hidden'}, `Mode for ${flow.name}`), select,
    h('button', {type: 'button', 'aria-label': `Run ${flow.name}`, onclick: async () => {
        show(status, h('p', {class: 'loading'}, `Starting ${flow.name}…`));
        try {
          const {run_id: runId} =
              await api.post(path`/api/v1/flows/${flow.name}/runs`, {mode: select.value});
          location.hash = path`#/runs/${runId}`;
        } catch (e) {
          show(status, notice('error', `${flow.name}: ${e.message}`));
        }
    }}, 'Run'));
}
