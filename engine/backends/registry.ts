/**
 * Backend registry with logged fallback (the three.js WebGPU → WebGL habit): `auto` tries the
 * backends in preference order and records, for each one skipped, why — so a run always says which
 * backend ran and why the others did not.
 *
 * Interface rules: a backend asked for explicitly that cannot start is a RuntimeFailure (exit 3)
 * naming the backend and the reason; `auto` never fails while the CPU backend can start.
 * Host specifics (Dawn in Node, navigator.gpu in a browser, worker_threads or Web Workers) come in
 * through `BackendFactories`, so this file stays host-neutral.
 */
import { RuntimeFailure } from '../common/errors.js';
import type { BackendChoice, BackendName, SimBackend } from './backend.js';

/** How a host creates each backend; a factory throws (or rejects) with the reason it cannot. */
export interface BackendFactories {
  cpu(): Promise<SimBackend>;
  webgpu(): Promise<SimBackend>;
}

export interface SelectedBackend {
  backend: SimBackend;
  /** One line per backend skipped in auto mode, and the reason the chosen one was chosen. */
  notes: string[];
}

/** Preference order for `auto`: the GPU first, the CPU as the fallback that always exists. */
const AUTO_ORDER: BackendName[] = ['webgpu', 'cpu'];

export async function selectBackend(choice: BackendChoice, factories: BackendFactories): Promise<SelectedBackend> {
  if (choice !== 'auto') {
    try {
      return { backend: await factories[choice](), notes: [`backend ${choice}: requested explicitly`] };
    } catch (e) {
      throw new RuntimeFailure(
        `backend '${choice}' is unavailable: ${reason(e)}`,
        choice === 'webgpu' ? 'use --backend cpu, or install a Vulkan driver (chromium ships SwiftShader) and libvulkan1' : undefined,
      );
    }
  }
  const notes: string[] = [];
  for (const name of AUTO_ORDER) {
    try {
      const backend = await factories[name]();
      notes.push(`backend ${name}: selected by auto (${backend.describe()})`);
      return { backend, notes };
    } catch (e) {
      notes.push(`backend ${name}: skipped — ${reason(e)}`);
    }
  }
  throw new RuntimeFailure(`no backend could start: ${notes.join('; ')}`);
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
