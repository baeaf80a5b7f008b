// run_page.js: one run, live: progress (records, pages, requests, errors, rate) polled while it
// runs, then its counts, cursors, import failures and the output to download.
import {api, path} from './api.js';
import {h, notice, show, table, textOf, timeText} from './dom.js';
import {countsText, duration, isRunning, outcomeOf} from './run_parts.js';

const POLL_MS = 700;

export async function render(main, params) {
  let timer = null;
  let stopped = false;
  const poll = async () => {
    let run;
    try {
      run = await api.get(path`/api/v1/runs/${params.id}`);
    } catch (e) {
      show(main, h('h1', {}, `Run ${params.id}`), notice('error', e.message));
      return;
    }
    if (stopped) return;
    showRun(main, run);
    if (isRunning(run)) timer = setTimeout(poll, POLL_MS);
  };
  show(main, h('h1', {}, `Run ${params.id}`), h('p', {class: 'loading'}, 'Loading…'));
  await poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function showRun(main, run) {
  const running = isRunning(run);
  const progress = run.progress ?? {};
  show(
      main, h('h1', {}, `Run ${run.id}: ${run.flow}` + (run.mode ? ` (${run.mode})` : '')),
      h('p', {class: `outcome outcome-${outcomeOf(run)}`, role: 'status', id: 'run-outcome'},
        running ? (run.outcome === 'queued' ? 'Queued: waiting for a worker…' : 'Running…') :
                  `Outcome: ${outcomeOf(run)}`),
      running ?
          h('dl', {class: 'summary progress', 'aria-label': 'Progress'},
            ['records', 'pages', 'requests', 'errors'].map(
                k => [h('dt', {}, k), h('dd', {'data-progress': k}, textOf(progress[k] ?? 0))]),
            h('dt', {}, 'rate'),
            h('dd', {}, `${Number(progress.rate_per_s ?? 0).toFixed(1)} records/s`)) :
          null,
      h('dl', {class: 'summary'}, h('dt', {}, 'Started'), h('dd', {}, timeText(run.started_at)),
        h('dt', {}, 'Ended'), h('dd', {}, timeText(run.ended_at)), h('dt', {}, 'Duration'),
        h('dd', {}, duration(run)), h('dt', {}, 'Counts'),
        h('dd', {id: 'run-counts'}, countsText(run.counts) || 'none yet'),
        h('dt', {}, 'Cursor before'),
        h('dd', {}, h('code', {}, textOf(run.cursor_before) || 'none')),
        h('dt', {}, 'Cursor after'),
        h('dd', {}, h('code', {}, textOf(run.cursor_after) || 'none'))),
      run.error ? notice('error', run.error) : null, failuresSection(run),
      h('p', {class: 'actions'},
        running || run.has_output === false ? null :
                                              h('a', {
                                                class: 'button',
                                                href: path`/api/v1/runs/${run.id}/output`,
                                                download: `run-${run.id}.jsonl`
                                              },
                                                'Download output'),
        h('a', {class: 'button', href: '#/flows'}, 'Back to flows')));
}

// An import's failed records: the history keeps the first ones; the counts say how many failed.
function failuresSection(run) {
  const failures = run.failures ?? [];
  if (failures.length === 0) return null;
  const failed = run.counts?.failed ?? failures.length;
  return h(
      'section', {'aria-labelledby': 'failures-heading'},
      h('h2', {id: 'failures-heading'}, 'Import failures'),
      failed > failures.length ?
          h('p', {}, `The first ${failures.length} of ${failed} failed records:`) :
          null,
      table('Import failures', failures, [
        ['Line', f => textOf(f.line)],
        ['Key', f => h('code', {}, f.key ?? '')],
        ['Code', f => f.code ?? ''],
        ['Message', f => f.message ?? ''],
      ]));
}
