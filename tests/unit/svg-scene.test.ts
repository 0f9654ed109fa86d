import { describe, expect, it } from 'vitest';
import { escapeXml, sceneToSvg } from '../../src/canvas/svg-scene.ts';

describe('canvas SVG export', () => {
  it('writes a standalone SVG with a padded view box, links under nodes, escaped text', () => {
    const svg = sceneToSvg(
      {
        x: 10,
        y: 20,
        width: 200,
        height: 100,
        background: '#f9fafb',
        items: [
          {
            kind: 'path',
            d: 'M10 20 L 100 120',
            stroke: '#2f7de1',
            strokeWidth: 2,
            transform: 'translate(-1.75 0)',
          },
          {
            kind: 'rect',
            x: 10,
            y: 20,
            width: 100,
            height: 40,
            radius: 6,
            fill: '#fff',
            stroke: '#c9ced6',
            strokeWidth: 1,
            dash: '3 2',
          },
          {
            kind: 'text',
            x: 12,
            y: 34,
            text: 'mem0 <&> "x"',
            fontFamily: 'ui-monospace, "SF Mono"',
            fontSize: 12,
            fontWeight: '600',
            fill: '#1f2328',
          },
        ],
      },
      24,
    );
    expect(
      svg.startsWith(
        '<svg xmlns="http://www.w3.org/2000/svg" width="248" height="148" viewBox="-14 -4 248 148">',
      ),
    ).toBe(true);
    expect(svg.indexOf('<path')).toBeLessThan(svg.indexOf('<rect x="10"'));
    expect(svg).toContain('stroke-dasharray="3 2"');
    expect(svg).toContain('transform="translate(-1.75 0)"');
    expect(svg).toContain('>mem0 &lt;&amp;&gt; &quot;x&quot;</text>');
    expect(svg).toContain('font-family="ui-monospace, &quot;SF Mono&quot;"');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(escapeXml("a'b")).toBe('a&apos;b');
  });
});
