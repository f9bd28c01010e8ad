/**
 * The facts of the Kubernetes batch/v1 Job and core/v1 PersistentVolumeClaim schemas that the
 * manifests in deploy/k8s/ rely on, hand-written from the API reference (no network at test time):
 * field names and types (strict: a misspelt field is an error, as `kubectl apply --validate=strict`
 * would report), enum values, and the Job rules the API server enforces on them.
 */
import { z } from 'zod';

/** RFC 1123 label (metadata.name of a Job, container and volume names). */
const dnsLabel = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
const quantity = z.string().regex(/^[0-9.]+(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/);
const labels = z.record(z.string(), z.string());

const resourceList = z.object({ cpu: quantity.optional(), memory: quantity.optional(), 'nvidia.com/gpu': quantity.optional() }).strict();

const envVar = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  value: z.string().optional(),
  valueFrom: z.object({ fieldRef: z.object({ fieldPath: z.string() }).strict() }).strict().optional(),
}).strict();

const container = z.object({
  name: dnsLabel,
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()),
  env: z.array(envVar).optional(),
  resources: z.object({
    requests: resourceList.optional(),
    limits: resourceList.optional(),
  }).strict().optional(),
  volumeMounts: z.array(z.object({ name: dnsLabel, mountPath: z.string().startsWith('/') }).strict()),
}).strict();

const podSpec = z.object({
  // A Job's pods may not use Always (API server validation).
  restartPolicy: z.enum(['Never', 'OnFailure']),
  containers: z.array(container).min(1),
  volumes: z.array(z.object({ name: dnsLabel, persistentVolumeClaim: z.object({ claimName: dnsLabel }).strict() }).strict()),
}).strict();

export const jobSchema = z.object({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('Job'),
  metadata: z.object({ name: dnsLabel, labels: labels.optional() }).strict(),
  spec: z.object({
    completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
    completions: z.number().int().min(1),
    parallelism: z.number().int().min(1),
    backoffLimit: z.number().int().min(0).optional(),
    backoffLimitPerIndex: z.number().int().min(0).optional(),
    maxFailedIndexes: z.number().int().min(0).optional(),
    template: z.object({ metadata: z.object({ labels: labels.optional() }).strict().optional(), spec: podSpec }).strict(),
  }).strict()
    // batch/v1 validation: per-index limits need an Indexed Job whose pods are not restarted in place.
    .refine((s) => s.backoffLimitPerIndex === undefined || s.completionMode === 'Indexed', 'backoffLimitPerIndex needs completionMode: Indexed')
    .refine((s) => s.backoffLimitPerIndex === undefined || s.template.spec.restartPolicy === 'Never', 'backoffLimitPerIndex needs restartPolicy: Never')
    .refine((s) => s.maxFailedIndexes === undefined || (s.backoffLimitPerIndex !== undefined && s.maxFailedIndexes <= s.completions), 'maxFailedIndexes needs backoffLimitPerIndex and at most completions'),
}).strict();

export const pvcSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('PersistentVolumeClaim'),
  metadata: z.object({ name: dnsLabel }).strict(),
  spec: z.object({
    accessModes: z.array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'])).min(1),
    resources: z.object({ requests: z.object({ storage: quantity }).strict() }).strict(),
  }).strict(),
}).strict();

export type Job = z.infer<typeof jobSchema>;

/** The downward-API path of an Indexed Job's completion index. */
export const COMPLETION_INDEX_PATH = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

/**
 * Container args with `$(VAR)` expanded as the kubelet does, from the container's env: values,
 * or `fieldRefs` for downward-API fields. An undefined variable is left as written (kubelet rule).
 */
export function expandArgs(c: Job['spec']['template']['spec']['containers'][number], fieldRefs: Record<string, string>): string[] {
  const env = new Map<string, string>();
  for (const e of c.env ?? []) {
    const v = e.value ?? (e.valueFrom ? fieldRefs[e.valueFrom.fieldRef.fieldPath] : undefined);
    if (v !== undefined) env.set(e.name, v);
  }
  return c.args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env.get(name) ?? m));
}
