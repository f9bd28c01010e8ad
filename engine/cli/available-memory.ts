/**
 * Memory this process can still use: the smaller of the machine's available memory (Linux
 * MemAvailable through os.freemem: free plus reclaimable cache) and what the control group (a
 * container's or systemd unit's memory limit) leaves. Read once per check, never cached.
 */
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';

export interface AvailableMemory {
  bytes: number;
  /** Where the figure comes from, for messages. */
  source: string;
}

export function availableMemory(): AvailableMemory {
  const free = freemem();
  const cg = cgroupHeadroom(readText);
  if (cg !== undefined && cg < free) return { bytes: cg, source: 'left under this process\'s cgroup memory limit' };
  return { bytes: free, source: 'available on this machine' };
}

/**
 * Limit minus usage of this process's memory cgroup (v1 or v2), or undefined when unlimited or
 * unknown. `read` returns a file's text or undefined (injected by tests).
 */
export function cgroupHeadroom(read: (path: string) => string | undefined): number | undefined {
  const self = read('/proc/self/cgroup');
  if (self === undefined) return undefined; // not Linux
  const lines = self.split('\n');
  const v2 = lines.find((l) => l.startsWith('0::'))?.slice(3);
  const v1 = lines.map((l) => l.split(':')).find((p) => p[1]?.split(',').includes('memory'))?.[2];
  const candidates: [string, string][] = [];
  if (v1 !== undefined) {
    // Inside a container the cgroup path is often not visible under the mount: its root is ours.
    for (const dir of [`/sys/fs/cgroup/memory${v1}`, '/sys/fs/cgroup/memory']) {
      candidates.push([`${dir}/memory.limit_in_bytes`, `${dir}/memory.usage_in_bytes`]);
    }
  }
  if (v2 !== undefined) {
    for (const dir of [`/sys/fs/cgroup${v2}`, '/sys/fs/cgroup']) candidates.push([`${dir}/memory.max`, `${dir}/memory.current`]);
  }
  const readNumber = (path: string): number | undefined => {
    const text = read(path)?.trim();
    const n = text === undefined || text === '' ? NaN : Number(text);
    return Number.isFinite(n) ? n : undefined;
  };
  for (const [limitFile, usageFile] of candidates) {
    const limit = readNumber(limitFile);
    const usage = readNumber(usageFile);
    // "max" (v2) or a page-rounded 2^63 (v1) mean no limit.
    if (limit !== undefined && usage !== undefined && limit < 2 ** 60) return Math.max(0, limit - usage);
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
