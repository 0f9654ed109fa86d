/**
 * Programs a preset the way Linux would: builds the bare topology with `createLab`, runs the core's
 * `createRegion` + `applyPlan` for every region in order (the MMIO writes and bottom-up commits Linux
 * makes), reads the committed decoders back with `lab.toFile()` and serializes them as `cxl-lab/1`.
 *
 * Run `npx tsx scripts/presets/write.ts` to rewrite `src/presets/*.topology.json` after changing a
 * definition; `tests/unit/presets.test.ts` fails when a stored file no longer matches.
 */
import { createLab } from '../../src/cxl/lab.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';
import { serializeLabFile } from '../../src/cxl/topology/file.ts';
import type { TopologySpec } from '../../src/cxl/topology/model.ts';
import type { PresetDefinition } from './definitions.ts';

export interface BuiltPreset {
  definition: PresetDefinition;
  spec: TopologySpec;
  /** Linux region names in creation order (`region0`, …). */
  regionNames: string[];
  text: string;
}

/** Throws with the refusal text if Linux would refuse a region: a preset must build. */
export function buildPreset(definition: PresetDefinition): BuiltPreset {
  const created = createLab(structuredClone(definition.spec));
  if (!created.ok) throw new Error(`${definition.id}: ${created.error.message}`);
  if (created.value.findings.length > 0) {
    throw new Error(`${definition.id}: ${created.value.findings.map((f) => f.message).join('; ')}`);
  }
  const lab = created.value.lab;
  const regionNames: string[] = [];
  for (const request of definition.regions) {
    const plan = createRegion(lab, request);
    if (!plan.ok)
      throw new Error(`${definition.id}: ${request.window}: ${plan.error.message} — ${plan.error.log}`);
    const applied = applyPlan(lab, plan.value);
    if (!applied.ok) throw new Error(`${definition.id}: ${request.window}: ${applied.error.message}`);
    regionNames.push(plan.value.region);
  }
  const file = lab.toFile();
  if (file.registers.size > 0) {
    throw new Error(
      `${definition.id}: decoder programs do not reproduce ${[...file.registers.keys()].join(', ')}`,
    );
  }
  const spec = file.spec;
  definition.misprogram?.(spec);
  const text = serializeLabFile(spec);
  return { definition, spec, regionNames, text };
}
