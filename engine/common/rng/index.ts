/** Counter-based RNG and normal-distribution functions shared by host code and the CPU backend. */
export { philox4x32_10 } from './philox.js';
export { uniform, patientUniforms, type Seed } from './uniform.js';
export { qnorm, pnorm } from './normal.js';
