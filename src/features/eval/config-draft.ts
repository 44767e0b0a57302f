/**
 * The in-app configuration editor's draft: the fields as typed (check values and thresholds are
 * text), turned into a version-1 configuration by the one parser the file input uses
 * (core/eval-config.ts). What Save keeps is the JSON that parser accepted, so the file
 * downloaded from the editor reads back to the same configuration.
 */
import * as v from 'valibot';
import {
  CHECK_TYPES,
  CONFIG_VERSION,
  configToJson,
  parseConfig,
  type CheckSpec,
  type CheckType,
  type EvalConfig,
  type EvalSettings,
} from '../../core/eval-config';

export interface DraftCheck {
  type: CheckType;
  value: string;
  /** similar only; empty means the default. */
  threshold: string;
}
export interface DraftPrompt {
  name: string;
  text: string;
}
export interface DraftSequence {
  name: string;
  prompts: DraftPrompt[];
}
export interface ConfigDraft {
  name: string;
  models: string[];
  sequences: DraftSequence[];
  /** Checks of the version-1 format: each scores every answer. */
  checks: DraftCheck[];
  /** Carried as loaded (the editor does not change them); new drafts get the starter settings. */
  settings: EvalSettings;
  judge?: { model: string; rubric: string };
}

export const DEFAULT_SETTINGS: EvalSettings = { runs: 1, maxTokens: 256, temperature: 0.2 };

export function newPrompt(index: number): DraftPrompt {
  return { name: `Prompt ${index + 1}`, text: '' };
}
export function newSequence(index: number): DraftSequence {
  return { name: `Sequence ${index + 1}`, prompts: [newPrompt(0)] };
}
export function newCheck(): DraftCheck {
  return { type: 'contains', value: '', threshold: '' };
}
export function emptyDraft(): ConfigDraft {
  return {
    name: 'My evaluation',
    models: [],
    sequences: [newSequence(0)],
    checks: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}

/** A loaded configuration (from a file or a starter) as a draft. */
export function draftFromConfig(config: EvalConfig): ConfigDraft {
  return {
    name: config.name,
    models: [...config.models],
    sequences: config.sequences.map((s) => ({ name: s.name, prompts: s.prompts.map((p) => ({ ...p })) })),
    checks: (config.checks ?? []).map((c) => ({
      type: c.type,
      value: String(c.value),
      threshold: c.threshold === undefined ? '' : String(c.threshold),
    })),
    settings: structuredClone(config.settings),
    ...(config.judge ? { judge: { ...config.judge } } : {}),
  };
}

/** A number where the text is one, else the text (so the schema names what is wrong). */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
}

function checkFromDraft(c: DraftCheck): CheckSpec {
  const value = c.type === 'max-length' ? numberOrText(c.value) : c.value;
  const threshold = c.type === 'similar' && c.threshold.trim() !== '' ? numberOrText(c.threshold) : undefined;
  return (
    threshold === undefined ? { type: c.type, value } : { type: c.type, value, threshold }
  ) as CheckSpec;
}

export type DraftResult =
  { ok: true; config: EvalConfig; json: string } | { ok: false; message: string; path: string | null };

/** Checks the draft with the configuration parser; on success, the JSON to save or download. */
export function buildConfig(draft: ConfigDraft): DraftResult {
  const raw = {
    version: CONFIG_VERSION,
    name: draft.name,
    models: draft.models,
    sequences: draft.sequences,
    settings: draft.settings,
    checks: draft.checks.length ? draft.checks.map(checkFromDraft) : undefined,
    judge: draft.judge,
  } as EvalConfig;
  const parsed = parseConfig(configToJson(raw));
  if (!parsed.ok) return { ok: false, message: parsed.message, path: parsed.path ?? null };
  return { ok: true, config: parsed.config, json: configToJson(parsed.config) };
}

const str = v.string();
const draftSchema = v.object({
  name: str,
  models: v.array(str),
  sequences: v.array(v.object({ name: str, prompts: v.array(v.object({ name: str, text: str })) })),
  checks: v.array(v.object({ type: v.picklist(CHECK_TYPES), value: str, threshold: str })),
  settings: v.looseObject({ runs: v.number(), maxTokens: v.number(), temperature: v.number() }),
  judge: v.optional(v.object({ model: str, rubric: str })),
});

const DRAFT_KEY = 'tandem.eval.editorDraft';

/** The draft kept on this device, or null (none, or not a draft: a damaged value is ignored). */
export function readDraft(storage: Storage | undefined = globalThis.localStorage): ConfigDraft | null {
  try {
    const text = storage?.getItem(DRAFT_KEY);
    if (!text) return null;
    const result = v.safeParse(draftSchema, JSON.parse(text));
    return result.success ? (result.output as ConfigDraft) : null;
  } catch {
    return null;
  }
}

/** Keeps the draft (null forgets it); a refused write leaves the draft on the page only. */
export function writeDraft(
  draft: ConfigDraft | null,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    if (draft) storage?.setItem(DRAFT_KEY, JSON.stringify(draft));
    else storage?.removeItem(DRAFT_KEY);
  } catch {
    /* storage refused: the draft still holds for this page */
  }
}

/** The file name a configuration is saved under. */
export function configFileName(name: string): string {
  const base =
    name
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'evaluation';
  return `${base}.eval.json`;
}
