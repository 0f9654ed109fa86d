/**
 * Rewrites `src/presets/<id>.topology.json` from the definitions, then formats them with Biome (as
 * `npm run format` would): `npx tsx scripts/presets/write.ts`. Prints each preset's regions and size.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPreset } from './build.ts';
import { presetDefinitions } from './definitions.ts';
import { buildMultiHostPreset, multiHostPresets } from './multi-host.ts';

const written: string[] = [];
for (const definition of presetDefinitions()) {
  const built = buildPreset(definition);
  const path = fileURLToPath(new URL(`../../src/presets/${definition.id}.topology.json`, import.meta.url));
  writeFileSync(path, built.text);
  written.push(path);
  process.stdout.write(
    `${definition.id.padEnd(22)} ${(built.text.length / 1024).toFixed(1).padStart(6)} KiB  ${built.regionNames.join(', ')}\n`,
  );
}
for (const preset of multiHostPresets()) {
  const text = buildMultiHostPreset(preset);
  const path = fileURLToPath(
    new URL(`../../src/presets/multi-host/${preset.id}.cxl-lab.json`, import.meta.url),
  );
  writeFileSync(path, text);
  written.push(path);
  process.stdout.write(
    `${preset.id.padEnd(22)} ${(text.length / 1024).toFixed(1).padStart(6)} KiB  (cxl-lab/2)\n`,
  );
}
execFileSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'inherit' });
