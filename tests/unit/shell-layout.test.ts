// The responsive shell's pure parts: re-fit policy on resize, hop label placement, shell keys, the
// remembered side layout (issue 15).
import { afterEach, describe, expect, it } from 'vitest';
import { readSideLayout, saveSideLayout } from '../../src/app/shell-layout';
import { shellCommand } from '../../src/app/use-shell-shortcuts';
import { placeLabel } from '../../src/canvas/label-placement';
import { refitAction } from '../../src/canvas/use-refit-on-resize';

describe('refitAction', () => {
  const before = { width: 800, height: 600 };
  const after = { width: 800, height: 400 }; // the dock grew by 200 px

  it('fits again when the whole drawing was on screen', () => {
    // Drawing 1000 × 800 at zoom 0.5 from (100, 50): on screen 100…600 × 50…450, inside 800 × 600.
    const all = { x: 0, y: 0, width: 1000, height: 800 };
    expect(refitAction(before, after, { x: 100, y: 50, zoom: 0.5 }, all, null)).toEqual({ kind: 'fit' });
  });

  it('centres a selection the new size cuts, at the same zoom', () => {
    // Zoom 2: the drawing spans 100…2100 on screen, so it was not all visible. The selection
    // (300, 200, 100 × 50) is on screen at x 700…900: past the 800 px width, so it is centred:
    // its centre (350, 225) × 2 = (700, 450) goes to (400, 200): x = 400 − 700, y = 200 − 450.
    const all = { x: 0, y: 0, width: 1000, height: 800 };
    const sel = { x: 300, y: 200, width: 100, height: 50 };
    expect(refitAction(before, after, { x: 100, y: 50, zoom: 2 }, all, sel)).toEqual({
      kind: 'move',
      reason: 'selection',
      viewport: { x: -300, y: -250, zoom: 2 },
    });
  });

  it('leaves the view alone when the selection is still on screen', () => {
    const all = { x: 0, y: 0, width: 1000, height: 800 };
    const sel = { x: 0, y: 0, width: 50, height: 50 }; // on screen 100…200 × 50…150
    expect(refitAction(before, after, { x: 100, y: 50, zoom: 2 }, all, sel)).toEqual({ kind: 'none' });
  });

  it('keeps the middle point in the middle with no selection', () => {
    // Height 600 → 400: the middle moves up 100 px, so the drawing moves up 100 px with it.
    const all = { x: 0, y: 0, width: 1000, height: 800 };
    expect(refitAction(before, after, { x: 100, y: 50, zoom: 2 }, all, null)).toEqual({
      kind: 'move',
      reason: 'center',
      viewport: { x: 100, y: -50, zoom: 2 },
    });
  });

  it('does nothing without nodes or with a hidden pane, and fits when the pane appears', () => {
    const all = { x: 0, y: 0, width: 10, height: 10 };
    expect(refitAction(before, after, { x: 0, y: 0, zoom: 1 }, null, null)).toEqual({ kind: 'none' });
    expect(refitAction(before, { width: 0, height: 0 }, { x: 0, y: 0, zoom: 1 }, all, null)).toEqual({
      kind: 'none',
    });
    expect(refitAction({ width: 0, height: 0 }, after, { x: 5000, y: 0, zoom: 1 }, all, null)).toEqual({
      kind: 'fit',
    });
  });
});

describe('placeLabel', () => {
  const anchor = { left: 90, right: 110, y: 100 };
  const size = { w: 50, h: 20 };
  const pane = { width: 400, height: 300 };

  it('goes right of the hop when that is free', () => {
    // x = right + 4 gap = 114; y = 100 − 20 / 2 = 90.
    expect(placeLabel(anchor, size, pane, [])).toEqual({ x: 114, y: 90, w: 50, h: 20 });
  });

  it('goes left when a node is on the right', () => {
    // Left: x = 90 − 4 − 50 = 36, ends at 86: 4 px short of the node at 120 (the gap), so it fits.
    const node = { x: 120, y: 80, w: 40, h: 40 };
    expect(placeLabel(anchor, size, pane, [node])).toEqual({ x: 36, y: 90, w: 50, h: 20 });
  });

  it('goes above when both sides of its row are taken', () => {
    // Nodes at y 95…125 on both sides take the hop's row (label y 90…110). The row above is
    // y = 100 − 20 − 10 = 70 … 90, which ends 5 px above them (more than the 4 px gap): right of the hop.
    const nodes = [
      { x: 120, y: 95, w: 40, h: 30 },
      { x: 20, y: 95, w: 40, h: 30 },
    ];
    expect(placeLabel(anchor, size, pane, nodes)).toEqual({ x: 114, y: 70, w: 50, h: 20 });
  });

  it('is left out when every place covers a node or leaves the pane', () => {
    expect(placeLabel(anchor, size, pane, [{ x: 0, y: 0, w: 400, h: 300 }])).toBeNull();
    expect(placeLabel(anchor, { w: 500, h: 20 }, pane, [])).toBeNull();
  });
});

describe('shellCommand', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
  ) => shellCommand({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

  it('maps [ ] and Shift+P, and leaves Ctrl and Cmd combinations alone', () => {
    expect(key('[')).toBe('palette');
    expect(key(']')).toBe('inspector');
    expect(key('P', { shiftKey: true })).toBe('present');
    expect(key('p')).toBeNull();
    expect(key('[', { ctrlKey: true })).toBeNull();
    expect(key('[', { metaKey: true })).toBeNull();
    // AltGr (Ctrl+Alt) types [ on German and other layouts.
    expect(key('[', { ctrlKey: true, altKey: true })).toBe('palette');
  });
});

describe('remembered side layout', () => {
  const store = new Map<string, string>();
  const fake = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  afterEach(() => {
    store.clear();
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('defaults to collapsed below 1200 px and open above, with or without storage', () => {
    expect(readSideLayout(1024)).toEqual({ palette: true, inspector: true });
    expect(readSideLayout(1440)).toEqual({ palette: false, inspector: false });
    Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true });
    expect(readSideLayout(1199)).toEqual({ palette: true, inspector: true });
    expect(readSideLayout(1200)).toEqual({ palette: false, inspector: false });
  });

  it('reads back what was saved, in any window, and ignores what it cannot read', () => {
    Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true });
    saveSideLayout({ palette: true, inspector: false });
    expect(readSideLayout(1920)).toEqual({ palette: true, inspector: false });
    expect(readSideLayout(1024)).toEqual({ palette: true, inspector: false });
    store.set('cxl-lab:layout', '{not json');
    expect(readSideLayout(1440)).toEqual({ palette: false, inspector: false });
    store.set('cxl-lab:layout', '{"palette":"yes","inspector":true}');
    expect(readSideLayout(1024)).toEqual({ palette: true, inspector: true });
  });
});
