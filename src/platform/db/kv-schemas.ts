/**
 * What each key-value record may hold, by key (the schemas are in the registry, `kv-keys.ts`).
 * `checkKeyValue` says whether a stored value can
 * be used as is, must be repaired (a settings object with some bad fields: those fall back to
 * their defaults) or must be set aside. Keys not listed here are not checked.
 */
import * as v from 'valibot';
import { MAX_REPO_ID_LENGTH } from '../../core/repo-id';
import { DEFAULT_SETTINGS, THEME_CHOICES, type AppSettings } from '../../core/settings';
import { kvSchemaFor } from './kv-keys';
import { describeIssues, GENERATION_RANGES, MAX_ID_LENGTH } from './records';

const modelId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_REPO_ID_LENGTH));
const finite = v.pipe(v.number(), v.finite());
const ggufFile = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_REPO_ID_LENGTH), v.endsWith('.gguf'));

/** One schema per field of the app settings, so one bad field does not cost the others. */
export const settingsFieldSchemas: { [K in keyof AppSettings]: v.GenericSchema<unknown, AppSettings[K]> } = {
  modelHost: v.pipe(v.string(), v.url()),
  selectedModelId: v.string(),
  devicePreference: v.picklist(['auto', 'webgpu', 'wasm']),
  customModels: v.array(modelId),
  generation: v.object({
    temperature: GENERATION_RANGES.temperature,
    topP: GENERATION_RANGES.topP,
    maxTokens: GENERATION_RANGES.maxTokens,
  }),
  systemPrompt: GENERATION_RANGES.systemPrompt,
  autoLoadCachedModel: v.boolean(),
  localBackend: v.picklist(['transformers', 'webllm', 'gguf', 'chrome']),
  webllmModelId: v.nullable(v.string()),
  webllmCustomRecord: v.nullable(
    v.object({ modelId: v.string(), modelUrl: v.string(), modelLibUrl: v.string(), contextWindow: finite }),
  ),
  ggufModelId: v.nullable(v.string()),
  customGgufModels: v.array(v.object({ repo: modelId, file: ggufFile })),
  ggufLora: v.nullable(v.object({ repo: modelId, file: ggufFile, scale: finite })),
  theme: v.picklist(THEME_CHOICES),
};

export type KeyValueCheck =
  | { ok: true; value: unknown }
  /** Usable after replacing the listed fields with their defaults. */
  | { ok: 'repaired'; value: unknown; reason: string; fields: string[] }
  | { ok: false; reason: string };

export function checkKeyValue(key: string, value: unknown): KeyValueCheck {
  if (key === 'settings') return checkSettings(value);
  if (key.startsWith('draft:') && key.length > 'draft:'.length + MAX_ID_LENGTH) {
    return { ok: false, reason: 'the draft key is longer than any conversation id' };
  }
  const schema = kvSchemaFor(key);
  if (!schema) return { ok: true, value };
  const result = v.safeParse(schema, value);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, reason: describeIssues(result.issues) };
}

/** The settings object: each bad field falls back to its default; a non-object is all defaults. */
export function checkSettings(value: unknown): KeyValueCheck {
  if (value === undefined) return { ok: true, value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: 'repaired', value: DEFAULT_SETTINGS, reason: 'settings are not an object', fields: ['all'] };
  }
  const stored = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...stored };
  const bad: string[] = [];
  for (const [field, schema] of Object.entries(settingsFieldSchemas)) {
    if (!(field in stored)) continue;
    if (v.safeParse(schema, stored[field]).success) continue;
    bad.push(field);
    out[field] = DEFAULT_SETTINGS[field as keyof AppSettings];
  }
  if (bad.length === 0) return { ok: true, value };
  return {
    ok: 'repaired',
    value: out,
    reason: `bad settings reset to defaults: ${bad.join(', ')}`,
    fields: bad,
  };
}
