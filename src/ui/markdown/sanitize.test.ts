import { describe, expect, it } from 'vitest';
import { withoutCspNoise, withoutEventHandlers } from './sanitize';

describe('withoutEventHandlers (before DOMPurify parses)', () => {
  it('drops every handler attribute from raw tags, quoted or not, however separated', () => {
    expect(withoutEventHandlers('<img src=x onerror="window.__xss=1">')).toBe('<img src=x>');
    expect(withoutEventHandlers("<a href='#' onclick='x()' onmouseover=y()>t</a>")).toBe("<a href='#'>t</a>");
    expect(withoutEventHandlers('<svg/onload=alert(1)>')).toBe('<svg>');
  });

  it('leaves text and attributes that only look alike untouched', () => {
    expect(withoutEventHandlers('an onion=3 in prose, <b class="online">x</b>')).toBe(
      'an onion=3 in prose, <b class="online">x</b>',
    );
  });
});

describe('withoutCspNoise (before DOMPurify parses)', () => {
  it('drops <style> elements, style attributes and <base>, with handlers', () => {
    expect(
      withoutCspNoise(
        '<p style="color:red">a</p><style>body{background:url(https://evil.example/x)}</style><base href="https://evil.example/"><b onclick=x() STYLE=\'x\'>b</b>',
      ),
    ).toBe('<p>a</p><b>b</b>');
    expect(withoutCspNoise('<style media=all>p{}')).toBe('');
  });

  it('leaves text that only mentions them (escaped by the renderer) untouched', () => {
    const text = '&lt;style&gt; and style=x in prose, <code>&lt;base href&gt;</code>';
    expect(withoutCspNoise(text)).toBe(text);
  });
});
