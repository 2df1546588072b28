import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { NoctuaApp } from '../../../src/app';
import { loadConfigFile } from '../../../src/config/load';
import { createLogger } from '../../../src/observability/logger';
import { InfluxServer } from '../../support/tsdb';

/*
 * Every dashboard under grafana/dashboards, checked against real data: the
 * demo-like example (examples/influxdb.yaml) runs ten simulated minutes into
 * a real InfluxDB 1.6; then every InfluxQL query of every variable, panel
 * and annotation is run with the variables and time range substituted, and
 * must return data. PromQL panels may only use metrics Noctua exports.
 */

const ROOT = join(__dirname, '..', '..', '..');
const DASHBOARDS = join(ROOT, 'grafana', 'dashboards');
const DATABASE = 'noctua';

interface Target {
  refId: string;
  datasource: { type: string; uid: string };
  query?: string;
  expr?: string;
}
interface Panel {
  title: string;
  datasource: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  query: string;
  datasource: { type: string; uid: string };
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
  annotations: { list: Array<{ name: string; query?: string; datasource: { type: string; uid: string } }> };
}

const influx = new InfluxServer();
const dir = mkdtempSync(join(tmpdir(), 'noctua-grafana-'));
let exposition = '';

beforeAll(async () => {
  await influx.start();
  await influx.createDatabase(DATABASE);
  const example = parse(readFileSync(join(ROOT, 'examples', 'influxdb.yaml'), 'utf8'));
  // Ten simulated minutes, ending now, as fast as the pipeline goes.
  Object.assign(example.collectors.lab, {
    pace: 'max',
    rounds: 600,
    start_time: new Date(Date.now() - 600_000).toISOString(),
  });
  Object.assign(example.sinks.influx, { url: influx.url, spool: { dir: join(dir, 'spool') } });
  example.service.http.enabled = false;
  const path = join(dir, 'noctua.yaml');
  writeFileSync(path, stringify(example));
  const app = new NoctuaApp(loadConfigFile(path).config, {
    logger: createLogger({ level: 'warn' }),
    version: 'test',
  });
  await app.start();
  await app.finished;
  const report = await app.stop();
  expect(report.clean).toBe(true);
  exposition = await app.metrics.registry.metrics();
}, 60_000);

afterAll(async () => {
  await influx.remove();
  rmSync(dir, { recursive: true, force: true });
});

const dashboards: Array<[string, Dashboard]> = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as Dashboard]);

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/** Grafana's built-in variables, for a one-hour range. */
function substitute(query: string, values: ReadonlyMap<string, string>): string {
  let text = query.replace(/\$timeFilter/g, 'time >= now() - 1h').replace(/\$__interval/g, '1m');
  for (const [name, value] of values) text = text.replace(new RegExp(`\\$${name}\\b`, 'g'), value);
  return text;
}

/** Rows with at least one value besides time. */
function rowsWithData(series: Awaited<ReturnType<InfluxServer['query']>>): number {
  return series.flatMap((s) => s.values).filter((row) => row.some((value, i) => i > 0 && value !== null))
    .length;
}

test('the datasources the dashboards use are provisioned', () => {
  const provisioned = parse(
    readFileSync(join(ROOT, 'grafana', 'provisioning', 'datasources', 'noctua.yaml'), 'utf8'),
  ) as { datasources: Array<{ uid: string; type: string }> };
  const known = new Set(provisioned.datasources.map((d) => `${d.type}/${d.uid}`));
  for (const [, dashboard] of dashboards) {
    const used = [
      ...panelsOf(dashboard.panels).flatMap((p) => [
        p.datasource,
        ...(p.targets ?? []).map((t) => t.datasource),
      ]),
      ...dashboard.templating.list.map((v) => v.datasource),
    ];
    for (const ds of used) expect(known).toContain(`${ds.type}/${ds.uid}`);
  }
  expect(dashboards.map(([file]) => file).sort()).toEqual([
    'alert-timeline.json',
    'anomaly-explorer.json',
    'interface-drilldown.json',
    'modbus.json',
    'noc-overview.json',
    'self-health.json',
  ]);
});

describe.each(dashboards)('%s', (_file, dashboard) => {
  const queries = [
    ...panelsOf(dashboard.panels).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((t) => t.datasource.type === 'influxdb')
        .map((t) => ({ where: `${panel.title} ${t.refId}`, query: t.query! })),
    ),
    ...dashboard.annotations.list
      .filter((a) => a.datasource.type === 'influxdb')
      .map((a) => ({ where: `annotation ${a.name}`, query: a.query! })),
  ];

  async function expectData(where: string, query: string): Promise<void> {
    const rows = rowsWithData(await influx.query(query, DATABASE));
    expect({ where, query, rows: rows > 0 }).toEqual({ where, query, rows: true });
  }

  test('with every variable at its default (All), every panel and annotation query returns data', async () => {
    const all = new Map(dashboard.templating.list.map((v) => [v.name, '.*']));
    for (const { where, query } of queries) await expectData(where, substitute(query, all));
  });

  test('every variable has values; with the first of each, every data panel returns data', async () => {
    const values = new Map<string, string>();
    for (const variable of dashboard.templating.list) {
      const series = await influx.query(substitute(variable.query, values), DATABASE);
      const found = series.flatMap((s) => s.values.map((row) => String(row.at(-1))));
      expect({ variable: variable.name, found: found.length > 0 }).toEqual({
        variable: variable.name,
        found: true,
      });
      // The first value, escaped for the /^$name$/ regex the queries use.
      values.set(variable.name, found[0]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    }
    // Events are sparse: one device may have none in the range, so they are checked with All only.
    for (const { where, query } of queries.filter((q) => !q.query.includes('"noctua_event"'))) {
      await expectData(where, substitute(query, values));
    }
  });

  test('every PromQL panel uses metrics Noctua exports', () => {
    const exported = new Set(
      [...exposition.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
      ),
    );
    const expressions = panelsOf(dashboard.panels).flatMap((panel) =>
      (panel.targets ?? []).filter((t) => t.datasource.type === 'prometheus').map((t) => t.expr!),
    );
    for (const expr of expressions) {
      for (const [name] of expr.matchAll(/noctua_[a-z_]+/g))
        expect({ expr, name, exported: exported.has(name) }).toEqual({ expr, name, exported: true });
    }
  });
});
