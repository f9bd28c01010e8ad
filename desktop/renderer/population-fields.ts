/**
 * The Patients and Seed fields: they show `population.size` / `population.seed` of the YAML and write
 * typed values back. A value the scenario cannot take (0 patients, a seed of −1, nothing) is marked
 * invalid with the reason, and the YAML keeps the previous value — never silently.
 */
import { checkPatients, checkSeed, isInvalid, type Checked } from '../common/field-checks.js';
import { readPopulation, setPopulationField } from '../common/scenario-doc.js';
import type { EditYaml, OnValidity } from './regimen-form.js';

const FIELDS = { size: { label: 'Patients', check: checkPatients }, seed: { label: 'Seed', check: checkSeed } } as const;
type Key = keyof typeof FIELDS;

export class PopulationFields {
  private readonly refused = new Map<Key, string>();

  constructor(private readonly inputs: Record<Key, HTMLInputElement>, private readonly note: HTMLElement, edit: EditYaml, private readonly onValidity: OnValidity) {
    for (const k of Object.keys(FIELDS) as Key[]) {
      const input = inputs[k];
      input.addEventListener('input', () => {
        const v: Checked<number> = input.validity.badInput ? { invalid: 'not a number' } : FIELDS[k].check(input.value);
        this.mark(k, isInvalid(v) ? v.invalid : undefined);
        if (!isInvalid(v)) edit((t) => setPopulationField(t, k, v));
      });
    }
  }

  /** Shows the YAML's values (not in a field being typed in); disabled while the YAML does not parse. */
  update(text: string, broken: boolean): void {
    for (const k of Object.keys(FIELDS) as Key[]) this.inputs[k].disabled = broken;
    if (broken) return;
    const pop = readPopulation(text);
    for (const k of Object.keys(FIELDS) as Key[]) {
      const input = this.inputs[k];
      if (document.activeElement === input) continue;
      input.value = pop[k] === undefined ? '' : String(pop[k]);
      this.mark(k, undefined);
    }
  }

  problems(): string[] {
    return [...this.refused].map(([k, why]) => `${FIELDS[k].label}: ${why}`);
  }

  private mark(k: Key, why: string | undefined): void {
    const was = this.refused.has(k);
    const input = this.inputs[k];
    input.classList.toggle('invalid', why !== undefined);
    input.setAttribute('aria-invalid', String(why !== undefined));
    if (why === undefined) this.refused.delete(k);
    else this.refused.set(k, why);
    if (!was && why === undefined) return;
    const problems = this.problems();
    this.note.hidden = problems.length === 0;
    this.note.textContent = problems.map((p) => `${p} — not applied; the YAML keeps the previous value.`).join(' ');
    this.onValidity(problems);
  }
}
