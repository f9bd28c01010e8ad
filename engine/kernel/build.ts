/**
 * The kernel program of a plan: the fixed program (engine/kernel/program/) plus the job-specific
 * functions generated from the plan (job-code.ts), parsed, checked and specialised once; each
 * target then only prints it (engine/codegen/js, engine/codegen/wgsl).
 */
import type { Program } from './lang/ast.js';
import { checkProgram } from './lang/check.js';
import { parseProgram } from './lang/parse.js';
import { specialise } from './lang/transform.js';
import { jobKl } from './job-code.js';
import type { KernelPlan } from './plan.js';
import { interfaceKl } from './program/interface.kl.js';
import { driverKl } from './program/driver.kl.js';
import { stepperKl } from './program/stepper.kl.js';
import { rosenbrockKl } from './program/rosenbrock.kl.js';
import { linearKl } from './program/linear.kl.js';
import { dosesKl } from './program/doses.kl.js';
import { rulesKl } from './program/rules.kl.js';
import { summariesKl } from './program/summaries.kl.js';
import { sketchKl } from './program/sketch.kl.js';

/** Every source of the per-patient program, in declaration order. */
export function kernelSources(plan: KernelPlan): { file: string; text: string }[] {
  return [jobKl(plan), interfaceKl, driverKl, stepperKl, rosenbrockKl, linearKl, dosesKl, rulesKl, summariesKl, sketchKl];
}

/** The specialised program reachable from `entries` (default: the per-patient driver). */
export function buildKernelProgram(plan: KernelPlan, entries: string[] = ['run_dispatch']): Program {
  return specialise(checkProgram(parseProgram(kernelSources(plan))), entries);
}

/** The sketch bucket function alone (the GPU's quantile pass). */
export function buildSketchProgram(): Program {
  const externs = { file: 'sketch-interface.kl', text: 'extern fn is_nan(x: real) -> bool;' };
  return specialise(checkProgram(parseProgram([externs, sketchKl])), ['sketch_bucket']);
}
