/**
 * The FM command catalogue (`fm.catalog`, issue 18). The emulator's multi-host state lives in
 * `fabric-session.ts` (focus, `fabric.focus`), FM runs and steps in `fabric-fm.ts`.
 */
import { FM_COMMANDS } from '../cxl/fm/index.ts';
import { ok, type Result } from '../cxl/result.ts';
import { FM_OPCODE } from '../cxl/spec/fm-api.ts';
import type { FabricRequestMap, FmCommandView } from './fabric-types.ts';
import { fmInputLayout } from './fm-input-layout.ts';

/** The FM API commands the lab implements, in opcode order. */
export function fmCatalog(): FmCommandView[] {
  return FM_COMMANDS.map((c) => ({
    opcode: c.opcode,
    opcodeText: `0x${c.opcode.toString(16).padStart(4, '0')}`,
    name: c.name,
    cli: c.cli,
    spec: c.spec,
    processedBy: c.processedBy,
    effects: c.effects,
    background: c.opcode === FM_OPCODE.bindVppb || c.opcode === FM_OPCODE.unbindVppb,
    ...fmInputLayout(c),
  }));
}

export function fmCatalogHandlers() {
  return {
    'fm.catalog': (): Result<FabricRequestMap['fm.catalog']['result']> => ok({ commands: fmCatalog() }),
  };
}
