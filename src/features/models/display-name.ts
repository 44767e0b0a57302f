/**
 * The one name a model is shown by, wherever records name it by id (Metrics, Feedback, Evaluate):
 * the label its Models page card shows. Ids stay where an id is asked for (configuration files,
 * exports, the editor) and in `title` / `data-model` attributes. Pure; decided on the id's form.
 *
 * - a built-in transformers.js model, by catalog id or by its Hub repo → its catalog label;
 * - `custom:<repo>` (added by Hub id) → the repo's name, as its card shows it;
 * - a GGUF model (`gguf:<repo>/<file>` or a catalog id) → its catalog or card label;
 * - a WebLLM model id (`<prefix>-<quantization>-MLC`) of an offered family → "<family> (<quantization>)";
 * - `server:<id>` → "your server: <id>"; `chrome:built-in` → "Chrome's built-in model";
 * - `claude:<model>` → the Claude model id; any other Hub repo id `owner/name` → name; anything else
 *   (an id Tandem cannot place, a damaged or hostile value) → the id itself, whole.
 */
import { isValidRepoId } from '../../core/repo-id';
import { parseModelId } from '../../providers/webllm/catalog';
import { WEBLLM_FAMILIES } from '../../providers/webllm/families';
import { TRANSFORMERS_CATALOG, customModelEntry } from './catalog';
import { GGUF_CATALOG, customGgufEntry, isValidGgufFile } from './gguf-catalog';

export function modelDisplayName(id: string): string {
  const builtIn = TRANSFORMERS_CATALOG.find((e) => e.id === id || e.repo === id);
  if (builtIn) return builtIn.label;
  const custom = id.startsWith('custom:') ? id.slice('custom:'.length) : null;
  if (custom !== null && isValidRepoId(custom)) return customModelEntry(custom).label;
  const gguf = GGUF_CATALOG.find((e) => e.id === id);
  if (gguf) return gguf.label;
  if (id.startsWith('gguf:')) {
    const path = id.slice('gguf:'.length).split('/');
    const repo = path.slice(0, 2).join('/');
    const file = path.slice(2).join('/');
    if (isValidRepoId(repo) && isValidGgufFile(file)) return customGgufEntry({ repo, file }).label;
  }
  if (id.startsWith('server:')) return `your server: ${id.slice('server:'.length)}`;
  if (id === 'chrome:built-in') return "Chrome's built-in model";
  if (id.startsWith('claude:')) return id.slice('claude:'.length);
  const webllm = parseModelId(id);
  const family = webllm && WEBLLM_FAMILIES.find((f) => f.modelIdPrefix === webllm.prefix);
  if (webllm && family)
    return `${family.label} (${webllm.quantization}${webllm.reducedContext ? ', 1k context' : ''})`;
  // A Hub repo id reads as its name; anything else (an id Tandem cannot place) is shown whole.
  return isValidRepoId(id) ? id.slice(id.indexOf('/') + 1) : id;
}

/**
 * Display names for a list of ids shown side by side (a filter, a chart legend): where two ids
 * would read the same, each of them is shown with its id so the two can be told apart.
 */
export function distinctDisplayNames(ids: readonly string[]): Map<string, string> {
  const names = new Map(ids.map((id) => [id, modelDisplayName(id)]));
  const seen = new Map<string, number>();
  for (const name of names.values()) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const [id, name] of names) if ((seen.get(name) ?? 0) > 1) names.set(id, `${name} (${id})`);
  return names;
}
