/** Default output root when --out is not given: results/<scenario id>/ in the working directory. */
export const DEFAULT_OUT = 'results';
