/**
 * The promptfoo configuration loaded on the Evaluate page: the suite, its provider mapping
 * (remembered per provider id in this browser), the grader, the run's settings, and the plan they
 * make. A bad file sets `error` and changes nothing else. `pickConfig` tells a Tandem version-1
 * file from a promptfoo one among the chosen files.
 */
import type { EvalSettings } from '../../../core/eval-config';
import { extension, isPromptfooConfigName, type InputFile } from './files';
import { buildPlan, needsGrader, providerName, suiteSummary, type PlanResult } from './plan';
import type { PfSuite } from '../../../core/promptfoo';

const REMEMBERED = 'tandem.promptfoo.providers';
const GRADER = 'tandem.promptfoo.grader';

export const DEFAULT_PF_SETTINGS: EvalSettings = { runs: 1, maxTokens: 256, temperature: 0 };

export type Picked =
  | { kind: 'tandem'; file: InputFile }
  | { kind: 'promptfoo'; file: InputFile; others: InputFile[] }
  | { kind: 'none'; message: string };

/** Which chosen file is the configuration: promptfooconfig.*, a YAML file, or JSON by its content. */
export function pickConfig(files: readonly InputFile[]): Picked {
  const named = files.find((f) => isPromptfooConfigName(f.name));
  const yaml = files.filter((f) => ['yaml', 'yml'].includes(extension(f.name)));
  const json = files.filter((f) => extension(f.name) === 'json');
  const top = (f: InputFile): Record<string, unknown> | null => {
    try {
      const data: unknown = JSON.parse(f.text);
      return data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  };
  const isTandem = (f: InputFile) => top(f)?.version !== undefined;
  const others = (file: InputFile) => files.filter((f) => f !== file);
  if (named) return { kind: 'promptfoo', file: named, others: others(named) };
  if (files.length === 1 && json.length === 1 && isTandem(json[0]!))
    return { kind: 'tandem', file: json[0]! };
  const pf =
    json.find((f) => top(f)?.prompts !== undefined) ?? yaml.find((f) => /^prompts\s*:/m.test(f.text));
  if (pf) return { kind: 'promptfoo', file: pf, others: others(pf) };
  if (files.length === 1) return { kind: 'tandem', file: files[0]! };
  return {
    kind: 'none',
    message: 'None of the chosen files is a configuration (a Tandem .json or a promptfooconfig.yaml).',
  };
}

function readMap(key: string): Record<string, string> {
  try {
    const data: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? '{}');
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeMap(key: string, map: Record<string, string>): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(map));
  } catch {
    /* storage refused: the mapping still holds for this page */
  }
}

export class PromptfooImport {
  suite = $state.raw<PfSuite | null>(null);
  source = $state('');
  /** Tandem model string per provider index ('' = not mapped yet). */
  models = $state<string[]>([]);
  grader = $state('');
  settings = $state<EvalSettings>({ ...DEFAULT_PF_SETTINGS });

  get summary() {
    return this.suite ? suiteSummary(this.suite) : null;
  }

  get needsGrader(): boolean {
    return this.suite ? needsGrader(this.suite) : false;
  }

  get plan(): PlanResult | null {
    if (!this.suite) return null;
    return buildPlan(this.suite, {
      models: this.models,
      grader: this.grader || null,
      settings: $state.snapshot(this.settings),
    });
  }

  /** Loads a promptfoo configuration with the files chosen beside it; null when fine, else why not. */
  async load(file: InputFile, others: InputFile[]): Promise<string | null> {
    const { loadPromptfoo } = await import('./load');
    const result = await loadPromptfoo(file, others);
    if (!result.ok) return result.message;
    const remembered = readMap(REMEMBERED);
    this.suite = result.suite;
    this.source = file.name;
    this.models = result.suite.providers.map((p) => remembered[p.id] ?? '');
    this.grader = readMap(GRADER).model ?? '';
    return null;
  }

  /** Maps provider `index` to a Tandem model, remembered for that provider id. */
  setModel(index: number, model: string): void {
    const provider = this.suite?.providers[index];
    if (!provider) return;
    this.models[index] = model;
    const remembered = readMap(REMEMBERED);
    if (model) remembered[provider.id] = model;
    else delete remembered[provider.id];
    writeMap(REMEMBERED, remembered);
  }

  setGrader(model: string): void {
    this.grader = model;
    writeMap(GRADER, model ? { model } : {});
  }

  clear(): void {
    this.suite = null;
    this.source = '';
    this.models = [];
  }

  label(index: number): string {
    const p = this.suite?.providers[index];
    return p ? providerName(p) : '';
  }
}
