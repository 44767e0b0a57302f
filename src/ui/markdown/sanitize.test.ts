import { describe, expect, it } from 'vitest';
import { withoutEventHandlers } from './sanitize';

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
