import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html';

describe('HTML to text without a DOM', () => {
  it('keeps the text, one line per block, inline tags joined', () => {
    const html =
      '<!doctype html><html><head><title>T</title><style>p{color:red}</style></head>' +
      '<body><h1>Boiling <em>points</em></h1><p>Water boils at <b>100</b>&nbsp;&deg;C.</p>' +
      '<ul><li>one</li><li>two</li></ul></body></html>';
    expect(htmlToText(html)).toBe('Boiling points\nWater boils at 100 °C.\none\ntwo');
  });

  it('drops scripts, styles, comments and event handlers with their content', () => {
    const html =
      '<p onclick="alert(1)">safe</p><script>alert("x")</script><!-- secret --><noscript>nojs</noscript>' +
      '<svg><text>vector</text></svg><p title="a > b">after</p>';
    expect(htmlToText(html)).toBe('safe\nafter');
  });

  it('decodes named and numeric entities, and leaves text that only looks like markup', () => {
    expect(decodeEntities('&lt;b&gt; &amp; &#233; &#x1F600; &unknown; &#0;')).toBe(
      '<b> & é 😀 &unknown; \ufffd',
    );
    // Decoded "<" is text, not a tag: it is never parsed again.
    expect(htmlToText('<p>&lt;script&gt;x&lt;/script&gt;</p>')).toBe('<script>x</script>');
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('an unterminated script swallows the rest instead of leaking it', () => {
    expect(htmlToText('<p>kept</p><script>never shown')).toBe('kept');
  });
});

describe('white space', () => {
  it('source line breaks are spaces; blocks are lines', () => {
    expect(htmlToText('<p>Water\n  boils</p>\n\n<p>at 100</p>')).toBe('Water boils\nat 100');
  });
});
