/**
 * Reads any lab file: a `cxl-lab/1` file (one host, exactly as before) or a `cxl-lab/2` file (several
 * hosts and a shared fabric, issue 18). A file without hosts is always written as `cxl-lab/1`; only a
 * lab with a fabric needs `cxl-lab/2`.
 */
import type { CxlError, Result } from '../result.ts';
import { type LabFile, MULTI_HOST_FORMAT, parseLabJson, readLabFileJson } from '../topology/file.ts';
import { validateTopology } from '../topology/validate.ts';
import type { FabricLabFile } from './fabric-lab.ts';
import { readMultiHostJson } from './file-read.ts';
import { validateFabric } from './validate.ts';
import { hostView } from './views.ts';

export type AnyLabFile = { hosts: 'single'; file: LabFile } | { hosts: 'multi'; file: FabricLabFile };

/**
 * Parses lab file text of either format. With `validate` (default true) a multi-host file's fabric
 * and every host's view are validated too, each error naming its host.
 */
export function parseAnyLabFile(
  input: string,
  options: { validate?: boolean } = {},
): Result<AnyLabFile, CxlError[]> {
  const json = parseLabJson(input);
  if (!json.ok) return json;
  if (json.value.format !== MULTI_HOST_FORMAT) {
    const single = readLabFileJson(json.value, options);
    return single.ok ? { ok: true, value: { hosts: 'single', file: single.value } } : single;
  }
  const multi = readMultiHostJson(json.value);
  if (!multi.ok) return multi;
  if (options.validate !== false) {
    const errors = hostViewErrors(multi.value);
    if (errors.length > 0) return { ok: false, error: errors };
  }
  return { ok: true, value: { hosts: 'multi', file: multi.value } };
}

/** Every host view's validation errors, each message starting with its host. */
function hostViewErrors(file: FabricLabFile): CxlError[] {
  const index = validateFabric(file.spec);
  if (!index.ok) return index.error;
  const out: CxlError[] = [];
  for (const host of file.spec.hosts) {
    const v = validateTopology(hostView(index.value, host.id));
    if (!v.ok) for (const e of v.error) out.push({ ...e, message: `host ${host.id}: ${e.message}` });
  }
  return out;
}
