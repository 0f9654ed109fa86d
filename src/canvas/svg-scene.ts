/**
 * A drawing of the canvas as plain shapes (rectangles, paths, text) in canvas coordinates, and its
 * serialization as a standalone SVG document. `export-image.ts` fills a scene from the rendered
 * React Flow viewport; this half is pure and unit-tested.
 */

export type SceneItem =
  | {
      kind: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      radius: number;
      fill: string | null;
      stroke: string | null;
      strokeWidth: number;
      dash?: string;
    }
  | { kind: 'path'; d: string; stroke: string; strokeWidth: number; dash?: string; transform?: string }
  | {
      kind: 'text';
      x: number;
      /** Baseline. */
      y: number;
      text: string;
      fontFamily: string;
      fontSize: number;
      fontWeight: string;
      fill: string;
    };

export interface Scene {
  /** Top-left of the drawing in canvas coordinates, and its size. */
  x: number;
  y: number;
  width: number;
  height: number;
  background: string;
  items: SceneItem[];
}

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}

function attr(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return ` ${name}="${escapeXml(typeof value === 'number' ? num(value) : value)}"`;
}

/** The scene as an SVG document (UTF-8 text), `padding` pixels around the drawing. */
export function sceneToSvg(scene: Scene, padding = 24): string {
  const vx = scene.x - padding;
  const vy = scene.y - padding;
  const w = scene.width + 2 * padding;
  const h = scene.height + 2 * padding;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" viewBox="${num(vx)} ${num(vy)} ${num(w)} ${num(h)}">`,
    `<rect x="${num(vx)}" y="${num(vy)}" width="${num(w)}" height="${num(h)}" fill="${escapeXml(scene.background)}"/>`,
  ];
  for (const item of scene.items) {
    switch (item.kind) {
      case 'rect':
        out.push(
          `<rect${attr('x', item.x)}${attr('y', item.y)}${attr('width', item.width)}${attr('height', item.height)}` +
            `${attr('rx', item.radius || null)}${attr('fill', item.fill ?? 'none')}${attr('stroke', item.stroke)}` +
            `${item.stroke === null ? '' : attr('stroke-width', item.strokeWidth)}${attr('stroke-dasharray', item.dash)}/>`,
        );
        break;
      case 'path':
        out.push(
          `<path${attr('d', item.d)} fill="none"${attr('stroke', item.stroke)}${attr('stroke-width', item.strokeWidth)}` +
            `${attr('stroke-dasharray', item.dash)}${attr('transform', item.transform)}/>`,
        );
        break;
      case 'text':
        out.push(
          `<text${attr('x', item.x)}${attr('y', item.y)}${attr('font-family', item.fontFamily)}${attr('font-size', item.fontSize)}` +
            `${attr('font-weight', item.fontWeight === '400' ? null : item.fontWeight)}${attr('fill', item.fill)} xml:space="preserve">${escapeXml(item.text)}</text>`,
        );
        break;
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
