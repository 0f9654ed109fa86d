/**
 * The Device tab's sub-views, in tab order: one entry per view (another view is one more entry). Each
 * names the component kinds it applies to and loads its code on first use (none is in the first paint).
 */
import type { ComponentType } from 'react';
import type { ComponentKind } from '../../cxl/topology/model.ts';
import type { DeviceViewProps } from './device-view-types';

export type { DeviceViewProps } from './device-view-types';

export interface DeviceViewEntry {
  id: string;
  /** The sub-tab's label. */
  label: string;
  /** The one-line explanation shown above the view. */
  intro: string;
  /** The component kinds the view applies to (the picker offers only these). */
  kinds: readonly ComponentKind[];
  /** Loads the view's component (`React.lazy` in the container, once). */
  load: () => Promise<ComponentType<DeviceViewProps>>;
}

/** Kinds with a PCIe configuration space the core builds (`cxl-lab config`). */
const CONFIG_KINDS: readonly ComponentKind[] = ['type3', 'root-port', 'switch', 'downstream-port'];

export const DEVICE_VIEWS: readonly DeviceViewEntry[] = [
  {
    id: 'config',
    label: 'Config space',
    intro:
      'The 4 KiB PCIe configuration space with its CXL DVSECs, decoded like lspci -vvv; select a field to see its bytes.',
    kinds: CONFIG_KINDS,
    load: () => import('./ConfigSpaceView').then((m) => m.ConfigSpaceView),
  },
  {
    id: 'registers',
    label: 'Device registers',
    intro:
      'The memory device register block (CXL 2.0 §8.2.8): capability headers, status and the primary mailbox, at their offsets.',
    kinds: ['type3'],
    load: () => import('./RegistersView').then((m) => m.RegistersView),
  },
  {
    id: 'mailbox',
    label: 'Mailbox',
    intro:
      'Send a mailbox command as the Linux driver does: payload, Command register, Doorbell, then read the return code and output.',
    kinds: ['type3'],
    load: () => import('./MailboxView').then((m) => m.MailboxView),
  },
];
