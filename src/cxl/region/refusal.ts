/** Building `RegionRefusal`s: one shape for every rule Linux or cxl-cli enforces. */
import type { LinuxErrno, RegionRefusal } from './types.ts';

export const SPEC_LINUX_REGION = 'linux drivers/cxl/core/region.c';
export const SPEC_LINUX_HDM = 'linux drivers/cxl/core/hdm.c';
export const SPEC_CXL_CLI = 'ndctl cxl/region.c (cxl create-region)';

export interface RefusalWhere {
  source?: 'kernel' | 'cxl-cli';
  step: string;
  /** Lab component id the rule is about, when there is one. */
  component?: string;
  spec?: string;
}

/** A refusal: `code` is `region.<rule-id>`; `message` is "<object>: <rule> (<errno>)". */
export function refuse(
  code: string,
  errno: LinuxErrno,
  object: string,
  rule: string,
  log: string,
  where: RefusalWhere,
): { ok: false; error: RegionRefusal } {
  const source = where.source ?? 'kernel';
  const error: RegionRefusal = {
    code: `region.${code}`,
    message: `${object}: ${rule} (${errno})`,
    errno,
    object,
    rule,
    log,
    source,
    step: where.step,
    spec: where.spec ?? (source === 'kernel' ? SPEC_LINUX_REGION : SPEC_CXL_CLI),
  };
  if (where.component !== undefined) error.component = where.component;
  return { ok: false, error };
}

/** `0x…` as Linux prints `%#llx` (0 prints as `0`). */
export function linuxHex(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`;
}

/** A resource as Linux's `%pr` prints it: `[mem 0x…-0x…]`. */
export function linuxRange(base: number, size: number): string {
  const end = size > 0 ? base + size - 1 : base;
  return `[mem ${`0x${base.toString(16).padStart(8, '0')}`}-${`0x${end.toString(16).padStart(8, '0')}`}]`;
}
