/**
 * The patient twin's Web Worker (the Patient screen, patient-screen.ts): loads the scenario on screen
 * and the patient's record, fits the twin on the CPU backend and returns what the screen shows and
 * exports, as plain data. A worker because the CPU backend instantiates generated kernels with
 * `new Function`, which only the workers' Content-Security-Policy allows (desktop/serve-policy.ts).
 */
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { formatDiagnostic, InputError } from '../../engine/common/errors.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { readPatientFile } from '../../engine/common/patient-record/read-patient-file.js';
import { loadScenario } from '../../engine/common/scenario/index.js';
import { runTwin } from '../../engine/twin/run-twin.js';
import { twinCharts } from '../../engine/twin/twin-charts.js';
import { twinJson } from '../../engine/twin/twin-report.js';
import { twinReportHtml } from '../../engine/twin/twin-report-html.js';
import { twinView, type TwinRequestMessage, type TwinReply } from './twin-view.js';
import { UrlFileHost } from './url-file-host.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<TwinRequestMessage>) => void) | null; postMessage(m: TwinReply): void };

scope.onmessage = (e) => {
  void handle(e.data).then((reply) => scope.postMessage(reply));
};

async function handle(m: TwinRequestMessage): Promise<TwinReply> {
  const host = new UrlFileHost(m.origin, new Map([[m.scenarioFile, m.scenarioYaml], [m.recordName, m.recordText]]));
  const backend = createCpuBackend({ device: 'Web Worker thread' });
  try {
    const scenario = await loadScenario(m.scenarioFile, host, loadModel, { builtinModelsDir: '/models' });
    const record = await readPatientFile(m.recordName, host);
    const t0 = performance.now();
    const s = await runTwin(scenario.model, record, backend, scenario, { candidates: 4000, draws: 400, ...(m.target ? { target: m.target } : {}) });
    const ms = performance.now() - t0;
    const json = twinJson(s, { startedAt: new Date().toISOString(), durationMs: ms, backend: 'cpu', device: backend.describe(), precision: 64, seed: 1, recordText: m.recordText, scenario: { path: scenario.path, sha256: scenario.sha256 } });
    return {
      ok: true, ms, view: twinView(s), charts: twinCharts(s), json: JSON.stringify(json, null, 2),
      html: twinReportHtml(s, { generated: new Date().toISOString(), scenario: scenario.path, backend: backend.describe() }),
      id: record.id || 'patient',
    };
  } catch (e) {
    return { ok: false, problem: e instanceof InputError ? e.diagnostics.map(formatDiagnostic).join('\n') : String((e as Error)?.message ?? e) };
  } finally {
    await backend.dispose();
  }
}
