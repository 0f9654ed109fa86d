/**
 * What a Fabric Manager background operation says in the toast stack (issue 18 polish): its start
 * names the vPPB, its completion what changed, and a completion that is not Success its return code.
 */
import { describe, expect, it } from 'vitest';
import { completedIntent, startedIntent } from '../../src/panels/fabric/fm-toasts.ts';

// Opcodes from CXL 2.0 §7.6.7.2.2–.3 (Table 205): Bind vPPB 5201h, Unbind vPPB 5202h.
const unbind = {
  opcode: 0x5202,
  switch: 'sw0',
  vcs: 0,
  vppb: 1,
  binding: { state: 'ld', port: 3, ld: 0 },
} as const;
const bind = { opcode: 0x5201, switch: 'sw1', vcs: 2, vppb: 3, binding: { state: 'port', port: 5 } } as const;

describe('background operation toasts', () => {
  it('the start names the operation, switch, VCS and vPPB', () => {
    expect(startedIntent(unbind)).toEqual({
      kind: 'fm-op',
      summary: 'Unbind vPPB started (sw0 VCS 0 vPPB 1)',
    });
    expect(startedIntent(bind)).toEqual({ kind: 'fm-op', summary: 'Bind vPPB started (sw1 VCS 2 vPPB 3)' });
  });

  it('a Success completion says what was bound or unbound', () => {
    const ok = { returnCode: 0, returnCodeName: 'Success (0x00)' };
    expect(completedIntent(unbind, ok).summary).toBe('VCS 0 vPPB 1 unbound from port 3 LD 0');
    expect(completedIntent(bind, ok).summary).toBe('VCS 2 vPPB 3 bound to port 5');
  });

  it('another return code is named', () => {
    const failed = { returnCode: 0x02, returnCodeName: 'Invalid Input (0x02)' };
    expect(completedIntent(bind, failed).summary).toBe(
      'Bind vPPB sw1 VCS 2 vPPB 3 ended: Invalid Input (0x02)',
    );
  });
});
