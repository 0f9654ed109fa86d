// One HDM decoder's light on a canvas card (types only): shared by the single-host cards and the multi-host VCS bands.

export type DecoderLightState = 'committed' | 'locked' | 'error' | 'programmed' | 'off';

export interface DecoderLight {
  index: number;
  /** Linux name `decoder5.0`, or the lab's `hb0 decoder 0` when it has no Linux port. */
  name: string;
  state: DecoderLightState;
  /** Hover text: state, range, interleave, reason. */
  title: string;
}
