/**
 * Task classification for the router: pure TypeScript, no browser APIs.
 *
 * 1. `classifyByRules(prompt)` (`rules.ts`): ordered regular-expression rules, each naming the category it
 *    detected (used in the route label, e.g. "greeting", "code generation").
 * 2. `SemanticClassifier`: compares the prompt's embedding with example prompts per class
 *    (embedder injected: MiniLM in the app, a hash embedder in tests). The examples are data:
 *    the user extends them, e.g. by correcting a routing decision (`addExample`).
 * 3. `combineClassifications(rules, semantic)`: rules win when a specific rule fired; the
 *    semantic classifier decides the fall-through cases, and a close user correction wins
 *    over everything.
 */
import type { Embedder } from '../../core/embedder';
import { cosine } from '../../core/vectors';
import { classifyByRules } from './rules';
import {
  TASK_KINDS,
  type Classification,
  type ExamplePrompt,
  type SemanticResult,
  type TaskKind,
} from '../../core/route';

/** Built-in examples, deliberately different from the labelled evaluation set. */
export const DEFAULT_EXAMPLES: readonly ExamplePrompt[] = [
  { text: 'hello, nice to meet you', kind: 'simple' },
  { text: 'thank you so much', kind: 'simple' },
  { text: 'what is the largest ocean on earth', kind: 'simple' },
  { text: 'who painted the mona lisa', kind: 'simple' },
  { text: 'how tall is mount everest', kind: 'simple' },
  { text: 'summarise this email for me in two lines', kind: 'simple' },
  { text: 'translate good night into italian', kind: 'simple' },
  { text: 'rewrite this sentence in a friendlier tone', kind: 'simple' },
  { text: 'suggest a title for my blog post about gardening', kind: 'simple' },
  { text: 'write a python script that renames all files in a folder', kind: 'complex' },
  { text: 'implement a binary search tree in typescript with insert and delete', kind: 'complex' },
  { text: 'my java code throws a null pointer exception, help me debug it', kind: 'complex' },
  { text: 'design a database schema for an online bookstore', kind: 'complex' },
  { text: 'explain step by step how public key cryptography works and why it is secure', kind: 'complex' },
  { text: 'compare the economic policies of two countries and discuss the trade-offs', kind: 'complex' },
  { text: 'write a thorough analysis of the themes in a novel', kind: 'complex' },
  { text: 'plan a migration of our infrastructure to the cloud with risks and milestones', kind: 'complex' },
  { text: 'what is 456 times 789', kind: 'tool' },
  { text: 'calculate the monthly payment on a 20000 loan at 5 percent over 4 years', kind: 'tool' },
  { text: 'how much is 18 percent of 250', kind: 'tool' },
  { text: 'add 1234 and 5678 then divide by 3', kind: 'tool' },
  { text: 'search my old conversations about gardening', kind: 'tool' },
  { text: 'what did you tell me last time about my car insurance', kind: 'tool' },
  { text: 'find the chat where I asked about flights to rome', kind: 'tool' },
  { text: 'have we talked about my sleep problems before', kind: 'tool' },
];

export class SemanticClassifier {
  private readonly examples: ExamplePrompt[];
  private vectors: Float32Array[] = [];
  private ready: Promise<void> | null = null;

  constructor(
    private readonly embedder: Embedder,
    examples: readonly ExamplePrompt[] = DEFAULT_EXAMPLES,
    private readonly topK = 3,
  ) {
    this.examples = examples.map((e) => ({ ...e, source: e.source ?? 'builtin' }));
  }

  /** Embeds the examples once; called lazily by classify(). */
  init(): Promise<void> {
    this.ready ??= this.embedder.embed(this.examples.map((e) => e.text)).then((v) => {
      this.vectors = v;
    });
    return this.ready;
  }

  /** Current examples (to persist the user's additions). */
  listExamples(): ExamplePrompt[] {
    return this.examples.map((e) => ({ ...e }));
  }

  /** Adds an example, e.g. when the user corrects a routing decision. */
  async addExample(example: ExamplePrompt): Promise<void> {
    await this.init();
    const [vector] = await this.embedder.embed([example.text]);
    if (!vector) return;
    this.examples.push({ ...example, source: example.source ?? 'user' });
    this.vectors.push(vector);
  }

  async classify(prompt: string): Promise<SemanticResult> {
    await this.init();
    const [q] = await this.embedder.embed([prompt]);
    if (!q) throw new Error('The embedder returned no vector.');
    const perKind: Record<TaskKind, number[]> = { simple: [], complex: [], tool: [] };
    let nearest: SemanticResult['nearest'] | null = null;
    this.examples.forEach((example, i) => {
      const similarity = cosine(q, this.vectors[i]!);
      perKind[example.kind].push(similarity);
      if (!nearest || similarity > nearest.similarity) {
        nearest = { text: example.text, kind: example.kind, similarity, source: example.source ?? 'builtin' };
      }
    });
    const scores = { simple: 0, complex: 0, tool: 0 } as Record<TaskKind, number>;
    for (const kind of TASK_KINDS) {
      const top = perKind[kind].sort((a, b) => b - a).slice(0, this.topK);
      scores[kind] = top.length ? top.reduce((s, x) => s + x, 0) / top.length : -1;
    }
    const ranked = [...TASK_KINDS].sort((a, b) => scores[b] - scores[a]);
    return {
      kind: ranked[0]!,
      scores,
      margin: scores[ranked[0]!] - scores[ranked[1]!],
      nearest: nearest ?? { text: '', kind: ranked[0]!, similarity: 0, source: 'builtin' },
    };
  }
}

export interface CombineOptions {
  /** A user example at least this similar overrides everything. Default 0.9. */
  userOverrideSimilarity?: number;
  /** Semantic must lead by this much to decide a fall-through case. Default 0.05. */
  minMargin?: number;
}

/** Merges rules and semantic results (see the module comment for the policy). */
export function combineClassifications(
  rules: Classification,
  semantic: SemanticResult | null,
  options: CombineOptions = {},
): Classification {
  if (!semantic) return rules;
  const userSim = options.userOverrideSimilarity ?? 0.9;
  const minMargin = options.minMargin ?? 0.05;
  if (semantic.nearest.source === 'user' && semantic.nearest.similarity >= userSim) {
    const kind = semantic.nearest.kind;
    const category = kind === rules.kind ? rules.category : `${kind} (your correction)`;
    return {
      kind,
      category,
      reasons: [category === rules.category ? rules.category : 'like a prompt you corrected'],
      source: 'user-example',
      specific: true,
      semantic,
    };
  }
  if (!rules.specific && semantic.kind !== rules.kind && semantic.margin >= minMargin) {
    const category = `similar to ${semantic.kind === 'tool' ? 'tool' : semantic.kind} requests`;
    return {
      kind: semantic.kind,
      category,
      reasons: [category],
      source: 'semantic',
      specific: false,
      semantic,
    };
  }
  return { ...rules, semantic };
}

/** Rules, plus the semantic classifier when one is given. */
export async function classifyTask(
  prompt: string,
  semantic?: SemanticClassifier | null,
  options?: CombineOptions,
): Promise<Classification> {
  const rules = classifyByRules(prompt);
  if (!semantic) return rules;
  return combineClassifications(rules, await semantic.classify(prompt), options);
}
