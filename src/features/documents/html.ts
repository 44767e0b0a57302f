/**
 * HTML to plain text without a DOM (DOMParser does not exist in a worker): the file is only
 * read, never rendered, so nothing in it can run. Script, style and other non-text elements are
 * dropped with their content, block elements become line breaks, entities are decoded, and the
 * result is plain text (the app shows it as text, never as HTML).
 */

/** Elements whose content is never text a reader sees. */
const DROPPED = [
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
];

const BLOCK =
  /^(p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|table|thead|tbody|tfoot|section|article|header|footer|nav|aside|main|blockquote|pre|figure|figcaption|form|fieldset|address|details|summary|title)$/;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  middot: '·',
  bull: '•',
  times: '×',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Invalid code points (and NUL) become the replacement character, as browsers do.
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?(-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ' ');
  for (const tag of DROPPED) {
    text = text.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(</${tag}\\s*>|$)`, 'gi'), ' ');
  }
  // Line breaks in the source are white space, as a browser reads them (<pre> is not kept).
  text = text.replace(/[\r\n]+/g, ' ');
  // Each remaining tag: a block boundary becomes a line break, anything else a word boundary
  // only where the markup had one (inline tags like <b> join their text).
  text = text.replace(
    /<\/?([a-z][a-z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<![^>]*>|<\?[^>]*>/gi,
    (_m, name?: string) => (name && BLOCK.test(name.toLowerCase()) ? '\n' : ''),
  );
  // A stray "<" that opens no tag stays as text; decode only after tags are gone.
  text = decodeEntities(text);
  return text
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}
