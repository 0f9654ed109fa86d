/**
 * The multi-host requests (issue 18): focusing a host, the Fabric Manager API run by a fabric manager
 * that is not any host, and the fabric devices' media for the MLD hex view. Types only.
 */
import type { LdOwner } from '../cxl/fabric/model.ts';
import type { PayloadFieldView } from './device-types.ts';
import type { FabricLdView, LabState } from './lab-types.ts';

/** One FM API command the lab implements (`src/cxl/fm/registry.ts` `FM_COMMANDS`), for the panel. */
export interface FmCommandView {
  opcode: number;
  /** "0x5201". */
  opcodeText: string;
  /** Spec name, e.g. "Bind vPPB". */
  name: string;
  /** CLI name, e.g. "bind-vppb". */
  cli: string;
  /** Where it is defined, e.g. "CXL 2.0 §7.6.7.2.2". */
  spec: string;
  /** Who processes it: the switch's CCI, or an MLD (reached through a Tunnel Management Command). */
  processedBy: 'switch' | 'mld';
  /** Command Effects bits (CXL 2.0 §8.2.9.4.2.1). */
  effects: number;
  /** Whether it runs as a background operation (Bind vPPB, Unbind vPPB). */
  background: boolean;
  /** Fixed input size in bytes, or null when it varies (`fm-input-layout.ts`). */
  inputSize: number | null;
  /** A fresh input: the command's `--in-json` defaults encoded (empty for commands without input). */
  defaultInput: Uint8Array;
  /** The input's fields over `defaultInput` (the panel edits them as numbers, beside the hex). */
  inputFields: PayloadFieldView[];
}

/** What a tunnelled command's MLD answered (Tunnel Management Command, CXL 2.0 §7.6.7.3.1). */
export interface FmTunnelledView {
  port: number;
  returnCode: number;
  returnCodeName: string;
  message: string;
  output: Uint8Array;
  outputFields: PayloadFieldView[];
}

/** One FM API command's run, as `cxl-lab fm --json` prints it. */
export interface FmRunView {
  switch: string;
  opcode: number;
  command: string;
  returnCode: number;
  returnCodeName: string;
  /** What the command did, or why it was refused, in words. */
  message: string;
  input: Uint8Array;
  output: Uint8Array;
  inputFields: PayloadFieldView[];
  outputFields: PayloadFieldView[];
  tunnelled?: FmTunnelledView;
  /** The command started a background operation (`FabricView.pending` shows it). */
  background: boolean;
}

/** The completion of a background operation (Bind or Unbind vPPB). */
export interface FmCompletionView {
  opcode: number;
  returnCode: number;
  returnCodeName: string;
  message: string;
}

/** Who reaches one media byte (`FabricLab.reverse`). */
export interface MediaByteOwnerView {
  device: string;
  ld: number;
  dpa: number;
  owner: LdOwner | null;
  hpas: { hpa: number; decoder: number }[];
}

export interface FabricRequestMap {
  /**
   * Makes `host` the focused host: the view's single-host fields become its view. Not an edit of
   * the fabric; the store applies it without an undo step.
   */
  'fabric.focus': { args: { host: string }; result: LabState };
  /** The FM API commands the lab implements. */
  'fm.catalog': { args: Record<string, never>; result: { commands: FmCommandView[] } };
  /**
   * Sends one FM API command to switch `switch`'s CCI. `input`: payload bytes, or fields as
   * `cxl-lab fm --in-json` takes them. With `port`, an MLD Component command is tunnelled to the
   * MLD on that downstream port. A return code other than Success is a successful answer with the
   * lab unchanged; a command that changes the fabric answers the new state (an undoable edit).
   */
  'fm.run': {
    args: { switch: string; command: string; input: Uint8Array | { json: unknown }; port?: number };
    result: LabState & { run: FmRunView };
  };
  /**
   * Advances the pending background operation one step (`stepBackground`), or with `complete` to
   * its end; at 100 % the binding changes and every host's view follows.
   */
  'fm.step': {
    args: { complete?: boolean };
    result: LabState & { percent: number; completed: FmCompletionView | null };
  };
  /** Bytes of a fabric device's physical media and its LD slices (the MLD hex view). */
  'fabric.media': {
    args: { device: string; offset: number; length: number };
    result: {
      device: string;
      capacity: number;
      offset: number;
      bytes: Uint8Array;
      /** Media pages (4 KiB) in the range that have been written, as `dpa.read` reports them. */
      touchedPages: number[];
      slices: FabricLdView[];
    };
  };
  /** Which LD, DPA, host and HPAs reach media byte `offset` of `device`; null outside every LD. */
  'fabric.reverse': {
    args: { device: string; offset: number };
    result: { owner: MediaByteOwnerView | null };
  };
}
