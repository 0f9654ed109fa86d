/** How each component kind is named and marked in the palette, on the canvas and in the Inspector. */
import type { ComponentKind } from '../cxl/topology/model.ts';

export type { ComponentKind };

/** The theme's tones for marks and badges (`ui-badge--<tone>` in the theme). */
export type Tone = 'violet' | 'blue' | 'teal' | 'orange' | 'amber' | 'green' | 'neutral';

/** Palette order. */
export const COMPONENT_KINDS: readonly ComponentKind[] = [
  'host-bridge',
  'root-port',
  'switch',
  'downstream-port',
  'type3',
];

export type KindInfo = {
  /** Palette and Inspector title, e.g. "Type 3 device". */
  label: string;
  /** Fits a canvas card's second line, e.g. "Type 3". */
  shortLabel: string;
  /** Two-letter badge, e.g. "T3". */
  badge: string;
  /** One line for the palette's tooltip. */
  blurb: string;
  tone: Tone;
};

export const KIND_INFO: Readonly<Record<ComponentKind, KindInfo>> = {
  'host-bridge': {
    label: 'Host bridge',
    shortLabel: 'Host bridge',
    badge: 'HB',
    tone: 'blue',
    blurb: 'CXL host bridge (ACPI0016); interleaves across its root ports with an HDM decoder.',
  },
  'root-port': {
    label: 'Root port',
    shortLabel: 'Root port',
    badge: 'RP',
    tone: 'teal',
    blurb: 'Root port of a host bridge; a decoder target identified by its port number.',
  },
  switch: {
    label: 'Switch',
    shortLabel: 'Switch',
    badge: 'SW',
    tone: 'orange',
    blurb: 'CXL switch; its upstream port decodes and fans out to downstream ports.',
  },
  'downstream-port': {
    label: 'Downstream port',
    shortLabel: 'Downstream port',
    badge: 'DP',
    tone: 'amber',
    blurb: 'Switch downstream port; a decoder target identified by its port number.',
  },
  type3: {
    label: 'Type 3 device',
    shortLabel: 'Type 3',
    badge: 'T3',
    tone: 'green',
    blurb: 'CXL memory expander with volatile and/or persistent capacity.',
  },
};

/** A CXL 1.1 restricted host (a host bridge with `restricted`): its own palette entry and card badge. */
export const RCH_INFO: KindInfo = {
  label: 'Restricted host (CXL 1.1)',
  shortLabel: 'RCH',
  badge: 'RH',
  tone: 'blue',
  blurb:
    'CXL 1.1 restricted host bridge (RCH): an 8 KiB RCRB, no HDM decoders, no root ports; one restricted device (RCD) attaches directly below it.',
};

/** The CXL root (ACPI0017) is not a component in the file but is drawn as the top of the tree. */
export const ROOT_INFO: KindInfo = {
  label: 'CXL root',
  shortLabel: 'CXL root',
  badge: 'CR',
  tone: 'violet',
  blurb: 'Host side of CXL: the fixed memory windows (CFMWS) that route to host bridges.',
};
