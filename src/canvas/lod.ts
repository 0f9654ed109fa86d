// Level of detail of the canvas's cards: which form a card takes at a zoom so that every text it shows
// stays at least 11 CSS px on screen (font size in canvas px × zoom), with hysteresis against flicker.
import type { CSSProperties } from 'react';

/**
 * - `full`: the whole card (its smallest text is 12 px).
 * - `compact`: the name bigger and one line of detail (Linux name, capacity, port number); no badges,
 *   handle numbers or window facts.
 * - `name`: host bridges, switches and devices show only their name, big; ports and window rows no text.
 * - `glyph`: colour blocks, no text; the name of the card under the pointer or focus is drawn beside it
 *   at screen size (`LodPeek`).
 */
export type Lod = 'full' | 'compact' | 'name' | 'glyph';

/** Most detailed first. */
export const LODS: readonly Lod[] = ['full', 'compact', 'name', 'glyph'];

/** No text on the canvas is drawn smaller than this on screen (CSS px). */
export const MIN_SCREEN_TEXT_PX = 11;

/** Font sizes in canvas px that each level draws its texts at (the CSS reads them as variables). */
export const LOD_FONT_PX = {
  /** The cards' own stylesheet: --fs-small and --fs-tiny are both 12 px (src/ui/theme.css). */
  full: 12,
  compactName: 22,
  compactDetail: 18,
  name: 40,
} as const;

/** The smallest text each level shows (glyph shows none). */
const SMALLEST_TEXT_PX: Record<Lod, number | null> = {
  full: LOD_FONT_PX.full,
  compact: Math.min(LOD_FONT_PX.compactName, LOD_FONT_PX.compactDetail),
  name: LOD_FONT_PX.name,
  glyph: null,
};

/**
 * Going back to a more detailed level needs this much more zoom than the level's minimum, so a zoom
 * resting near a threshold does not flip cards back and forth. (8 %: a small lab fitted at 100 %
 * after zooming out still returns to full cards, since 11/12 × 1.08 = 0.99.)
 */
export const LOD_HYSTERESIS = 1.08;

/** The lowest zoom at which a level's texts are all at least MIN_SCREEN_TEXT_PX on screen. */
export function lodMinZoom(level: Lod): number {
  const px = SMALLEST_TEXT_PX[level];
  return px === null ? 0 : MIN_SCREEN_TEXT_PX / px;
}

/**
 * The level at `zoom`, coming from `prev`: the most detailed level whose texts stay readable; a level
 * more detailed than `prev` only once the zoom passes its minimum by LOD_HYSTERESIS.
 */
export function nextLod(prev: Lod, zoom: number): Lod {
  const prevRank = LODS.indexOf(prev);
  for (const [rank, level] of LODS.entries()) {
    const min = lodMinZoom(level);
    const needed = rank < prevRank ? min * LOD_HYSTERESIS : min;
    if (zoom >= needed) return level;
  }
  return 'glyph';
}

/** The font sizes as CSS variables on the canvas (lod.css uses them). */
export const LOD_STYLE = {
  '--lod-compact-name': `${LOD_FONT_PX.compactName}px`,
  '--lod-compact-detail': `${LOD_FONT_PX.compactDetail}px`,
  '--lod-name': `${LOD_FONT_PX.name}px`,
} as CSSProperties;
