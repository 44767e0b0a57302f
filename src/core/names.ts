/**
 * Names shown to the user (conversation titles, evaluation, sequence and prompt names, model
 * labels) never carry characters that change how other text displays or hide: bidirectional
 * overrides and isolates ("\u202Egnp.exe" would show as "exe.png"), zero-width characters,
 * C0/C1 controls (NUL, escape) are removed, line breaks become spaces, and a lone surrogate
 * becomes U+FFFD.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Line breaks and tabs inside a name become spaces. */
const BREAKS = /[\t\n\r\u2028\u2029]/g;

export function cleanName(name: string): string {
  return name.replace(LONE_SURROGATE, '\ufffd').replace(BREAKS, ' ').replace(INVISIBLE, '');
}
