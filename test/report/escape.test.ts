import { describe, expect, it } from 'vitest';
import { assertSafeSvg, escapeHtml } from '../../src/report/escape.js';
import { listStartTags } from '../../src/report/markup.js';
import { html, trusted } from '../../src/report/html.js';
import { renderVegaLiteSvg } from '../../src/report/vegaSvg.js';

describe('escaping', () => {
  it('escapes the five characters that can end text or a quoted attribute value', () => {
    // The HTML standard's serialisation escapes &, <, > in text and & and " in attributes;
    // escaping ' as well makes one function safe for single-quoted attributes too.
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`))
      .toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('escapes every interpolated value of the html template but keeps trusted markup', () => {
    const name = '"><script>alert(1)</script>';
    expect(html`<td title="${name}">${name}${trusted('<b>ok</b>')}</td>`.markup).toBe(
      '<td title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' +
        '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;<b>ok</b></td>');
  });
});

describe('markup tokenizer', () => {
  it('reads quoted attributes containing > and skips script and style text', () => {
    const tags = listStartTags(
      '<p title="a>b" data-x=\'1\' hidden>' +
        '<script>if (a<b) "<img>"</script><style>p>i{}</style><i>');
    expect(tags.map((tag) => tag.name)).toEqual(['p', 'script', 'style', 'i']);
    expect(tags[0]!.attributes).toEqual([
      { name: 'title', value: 'a>b' },
      { name: 'data-x', value: '1' },
      { name: 'hidden', value: '' },
    ]);
  });
});

describe('chart SVG guard', () => {
  it.each([
    ['<svg><script>alert(1)</script></svg>', /element <script>/],
    ['<svg><g onload="alert(1)"></g></svg>', /attribute onload/],
    ['<svg><path xlink:href="http://x"/></svg>', /attribute xlink:href/],
    ['<svg><foreignObject></foreignObject></svg>', /element <foreignobject>/],
    ['<svg><text>a < b</text></svg>', /opens no tag/],
  ])('refuses %s', (svg, message) => {
    expect(() => assertSafeSvg(svg)).toThrow(message);
  });

  it('accepts what Vega renders for hostile data, with the text escaped', async () => {
    const svg = await renderVegaLiteSvg({
      data: { values: [{ name: '</svg><script>alert(1)</script>', value: 1 }] },
      mark: 'bar',
      encoding: {
        y: { field: 'name', type: 'nominal' },
        x: { field: 'value', type: 'quantitative' },
      },
    });
    expect(svg).toContain('&lt;/svg&gt;&lt;script&gt;');
    expect(listStartTags(svg).some((tag) => tag.name === 'script')).toBe(false);
  });
});
