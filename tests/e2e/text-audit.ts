/**
 * Measures every visible text node of the page: its font size and the contrast of its computed
 * colour against the colour actually behind it, with the WCAG 2.2 formulas written out here (the
 * app's colours are not read from its source, so a wrong token fails the test).
 */
import type { Page } from '@playwright/test';

export type TextSample = {
  text: string;
  where: string;
  fontPx: number;
  weight: number;
  large: boolean;
  fg: string;
  bg: string;
  ratio: number;
};

/** The result of one page audit: every distinct text style in use, and what could not be measured. */
export type TextAudit = { samples: TextSample[]; unmeasured: string[] };

/**
 * Runs in the page. For each text node: the element's computed `color` (SVG: `fill`) and font, and the
 * pixel behind it (see `layersUnder` and `paint`). Text is skipped when it is hidden, 1×1 (visually hidden, read by screen readers only), or part of
 * a disabled control (WCAG 2.2 SC 1.4.3 exempts "inactive user interface components"), or behind an
 * open modal dialog.
 */
function auditInPage(): TextAudit {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba | null => {
    let m = c.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    m = c.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/);
    if (m)
      return [
        Number(m[1]) * 255,
        Number(m[2]) * 255,
        Number(m[3]) * 255,
        m[4] === undefined ? 1 : Number(m[4]),
      ];
    return null;
  };
  const over = (src: Rgba, dst: Rgba): Rgba => {
    const a = src[3];
    return [src[0] * a + dst[0] * (1 - a), src[1] * a + dst[1] * (1 - a), src[2] * a + dst[2] * (1 - a), 1];
  };
  // WCAG 2.2 "relative luminance": sRGB channel c/255, linearised, weighted 0.2126 R + 0.7152 G + 0.0722 B.
  const luminance = (c: Rgba): number => {
    const lin = (v: number) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  // WCAG 2.2 "contrast ratio": (L1 + 0.05) / (L2 + 0.05), L1 the lighter.
  const ratio = (a: Rgba, b: Rgba): number => {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  const hex = (c: Rgba) =>
    `#${c
      .slice(0, 3)
      .map((v) => Math.round(v).toString(16).padStart(2, '0'))
      .join('')}`;
  const unmeasured: string[] = [];
  const label = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;

  /** The product of the `opacity` of `el` and its ancestors. */
  const opacityOf = (el: Element): number => {
    let o = 1;
    for (let e: Element | null = el; e !== null; e = e.parentElement)
      o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  /**
   * The layers under the text, bottom first: the elements at the text's centre, from the text's own
   * element down (`elementsFromPoint`, with the element made hit-testable for the look-up, so text
   * drawn outside its parent's box, like a handle's label, gets the background it really sits on).
   * Off-screen or clipped text falls back to its ancestors.
   */
  const layersUnder = (el: HTMLElement | SVGElement, x: number, y: number): Element[] => {
    const inView = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
    if (inView) {
      const saved = el.style.pointerEvents;
      el.style.pointerEvents = 'auto';
      const stack = document.elementsFromPoint(x, y);
      el.style.pointerEvents = saved;
      const at = stack.indexOf(el);
      if (at >= 0) return stack.slice(at).reverse();
    }
    const chain: Element[] = [];
    for (let e: Element | null = el; e !== null; e = e.parentElement) chain.unshift(e);
    return chain;
  };
  /**
   * The colours of the pixel behind the text and of the text itself: every layer's background colour
   * composited bottom-up over white, each with its alpha times the opacity of it and its ancestors.
   */
  const paint = (layers: Element[], fg: Rgba, fgOpacity: number): { fg: Rgba; bg: Rgba } => {
    let under: Rgba = [255, 255, 255, 1];
    for (const layer of layers) {
      const style = getComputedStyle(layer);
      if (style.backgroundImage !== 'none' && !unmeasured.includes(`background image on ${label(layer)}`))
        unmeasured.push(`background image on ${label(layer)}`);
      const bg = parse(style.backgroundColor) ?? [0, 0, 0, 0];
      if (bg[3] > 0) under = over([bg[0], bg[1], bg[2], bg[3] * opacityOf(layer)], under);
    }
    return { bg: under, fg: over([fg[0], fg[1], fg[2], fg[3] * fgOpacity], under) };
  };

  // With a modal <dialog> open, everything outside it is inert (HTML "blocked by a modal dialog").
  const modal = document.querySelector('dialog:modal');
  const seen = new Map<string, TextSample>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    // An SVG <text>'s parent is an SVGElement, whatever the DOM typings say.
    const el = node.parentElement as Element | null;
    if (text === '' || el === null || !(el instanceof HTMLElement || el instanceof SVGElement)) continue;
    if (el.closest(':disabled, [aria-disabled="true"], [inert], script, style, option') !== null) continue;
    if (modal !== null && !modal.contains(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const style = getComputedStyle(el);
    const inSvg = el instanceof SVGElement;
    const fgRaw = parse(inSvg ? style.fill : style.color);
    if (fgRaw === null) {
      unmeasured.push(`colour ${inSvg ? style.fill : style.color} of ${label(el)}`);
      continue;
    }
    const layers = layersUnder(el, rect.left + rect.width / 2, rect.top + rect.height / 2);
    const { fg, bg } = paint(layers, fgRaw, opacityOf(el));
    const fontPx = Number.parseFloat(style.fontSize);
    const weight = Number(style.fontWeight);
    // WCAG 2.2 "large scale": at least 18 point (24 CSS px), or 14 point (18.67 px) bold (700+).
    const large = fontPx >= 24 || (fontPx >= 18.66 && weight >= 700);
    const sample: TextSample = {
      text: text.slice(0, 40),
      where: label(el),
      fontPx,
      weight,
      large,
      fg: hex(fg),
      bg: hex(bg),
      ratio: Math.round(ratio(fg, bg) * 100) / 100,
    };
    const key = `${sample.fg}|${sample.bg}|${fontPx}|${weight}`;
    const prior = seen.get(key);
    if (prior === undefined || sample.ratio < prior.ratio) seen.set(key, sample);
  }
  return { samples: [...seen.values()], unmeasured };
}

export function auditText(page: Page): Promise<TextAudit> {
  return page.evaluate(auditInPage);
}

/** WCAG 2.2 SC 1.4.3 (AA): 4.5:1 for text, 3:1 for large-scale text. */
export function contrastFailures(samples: TextSample[]): TextSample[] {
  return samples.filter((s) => s.ratio < (s.large ? 3 : 4.5));
}
