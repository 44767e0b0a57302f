/**
 * Task classification for the router: pure TypeScript, no browser APIs.
 *
 * 1. `classifyByRules(prompt)`: ordered regular-expression rules, each naming the category it
 *    detected (used in the route label, e.g. "greeting", "code generation").
 * 2. `SemanticClassifier`: compares the prompt's embedding with example prompts per class
 *    (embedder injected: MiniLM in the app, a hash embedder in tests). The examples are data:
 *    the user extends them, e.g. by correcting a routing decision (`addExample`).
 * 3. `combineClassifications(rules, semantic)`: rules win when a specific rule fired; the
 *    semantic classifier decides the fall-through cases, and a close user correction wins
 *    over everything.
 */
import { estimateTokens } from '../tokens/estimate';

export type TaskKind = 'simple' | 'complex' | 'tool';
export const TASK_KINDS: readonly TaskKind[] = ['simple', 'complex', 'tool'];

export type TaskCategory =
  | 'greeting'
  | 'short factual question'
  | 'summarise'
  | 'translate'
  | 'rewrite'
  | 'short request'
  | 'code generation'
  | 'debugging'
  | 'multi-step reasoning'
  | 'long analysis'
  | 'long prompt'
  | 'open-ended request'
  | 'calculation'
  | 'history search';

export interface Classification {
  kind: TaskKind;
  /** What was detected, in words used by the route label. */
  category: TaskCategory | string;
  reasons: string[];
  source: 'rules' | 'semantic' | 'user-example';
  /** true when a specific rule fired (not a length-based fall-through). */
  specific: boolean;
  semantic?: SemanticResult;
}

// ---------------------------------------------------------------------------------------------
// Rules

interface Rule {
  category: TaskCategory;
  kind: TaskKind;
  test: (p: string, ctx: { words: number; hasDigits: boolean }) => boolean;
}

const ARITHMETIC =
  /(?:\d|\))\s*(?:[-+*/×÷^%]|\*\*|times|divided by|multiplied by|plus|minus|to the power of)\s*\(?\s*[-+]?(?:\d|\.\d|sqrt|pi)/i;
const PERCENT_OF = /\d+(?:\.\d+)?\s*(?:%|percent)\s+(?:\w+\s+){0,2}(?:of|on|off|from)\s+[$€£]?\d/i;
const CALC_VERB = /\b(calculate|compute|work out|figure out how much|add up|sum up|convert)\b/i;
const MATH_FN = /\b(sqrt|square root|log|sin|cos|tan|factorial)\s*(\(|of\b)/i;

const HISTORY: RegExp[] = [
  /\b(search|find|look (?:up|through|for)|check|go through)\b.{0,40}\b(my|our)\b.{0,30}\b(history|conversations?|chats?|messages|threads?)\b/i,
  /\b(find|search for|look for|open|show me)\s+(the|that)\s+(chat|conversation|thread|discussion)\b/i,
  /\bwhat did (we|i|you)\b.{0,40}\b(discuss|talk|say|tell|mention|ask|decide|agree)/i,
  /\b(did|have) (i|we) (ever |already )?(ask|asked|mention|mentioned|talk|talked|discuss|discussed|tell|told|go over|gone over|cover|covered)\b/i,
  /\b(my|our) (old|previous|earlier|last|past) (chat|conversation|thread|discussion)s?\b/i,
  /\bwhen did (i|we) (last |first )?(mention|ask|talk|discuss|say)/i,
  /\b(what|everything) (i|we) (said|asked|wrote|mentioned|told you|decided)\b.{0,60}\b(about|earlier|before|last)\b/i,
  /\bremind me (what|of what|about what)\b.{0,40}\b(you|we|i)\b/i,
  /\b(in|from) (a|an|our|my|the) (previous|earlier|past|last|old) (conversation|chat|session|thread)\b/i,
  /\b(you told me|you said|you gave me|you recommended|we talked about|we discussed|i asked you)\b.{0,60}\b(earlier|before|previously|last (week|time|month|year)|yesterday|the other day)\b/i,
];

const CODE_FENCE = /```|^\s{4}\S.*\n\s{4}\S/m;
const WORK_VERB =
  /^\W*(please\s+)?(draft|solve|outline|prepare|propose|investigate|diagnose|troubleshoot)\b/i;
const CODE_VERB =
  /\b(write|implement|create|build|generate|code|refactor|convert|port|rewrite|debug|fix|optimi[sz]e|make)\b.{0,80}\b(function|method|class|script|program|code|api|endpoint|server|component|hook|query|regex|regular expression|algorithm|app|cli|module|unit tests?|sql|bash|schema|dockerfile|library|package|plugin|website|web page|css|html)\b/i;
const LANGUAGE =
  /\b(python|javascript|typescript|rust|golang|java|kotlin|swift|c\+\+|c#|php|ruby|sql|bash|powershell|react|svelte|vue|express|django|flask|next\.js|node(\.js)?)\b/i;
const ERROR_TEXT =
  /\b(TypeError|ReferenceError|SyntaxError|NullPointerException|exception|stack ?trace|traceback|panic(s|ked)?|segfault|segmentation fault|compile error|compiler error|undefined is not|cannot read propert|crash(es|ed|ing)?|exits? (\w+ )?with (code|status)|exit code|error code|memory leak|deadlock|race condition|keeps? failing|fails? to (build|compile|start|run|load|connect))/i;
const REASONING =
  /\b(step[- ]by[- ]step|prove|proof|derive|walk me through|reason (it )?(out|through)|think (it )?through|pros and cons|trade-?offs?|compare|comparison|versus|design (a|an|the)|architecture|architect|plan (a|an|the|my|our)|strategy|strategies|roadmap for|schedule for|optimi[sz]e|difference between|outline (a|an|the)|structure (a|an|my|the)|set up (a|an|the|my)|configure|workflow|pipeline|deploy(s|ment)?)\b/i;
const ANALYSIS =
  /\b(analy[sz]e|analysis|evaluate|assess|review (this|the|my|our)|critique|implications|essay|in detail|detailed|comprehensive|in[- ]depth|thorough|report on)\b/i;
const TRANSFORM =
  /\b(summari[sz]e|summary of|tl;?dr|translate|translation of|rephrase|paraphrase|reword|proofread|fix (the )?(grammar|spelling|typos?|punctuation)|make (this|it|the \w+) (shorter|longer|simpler|more \w+|less \w+)|shorten|simplify (this|the))\b/i;
const REWRITE =
  /\b(rewrite|rephrase|paraphrase|reword|proofread|fix (the )?(grammar|spelling|typos?|punctuation)|make (this|it|the \w+)|shorten|simplify)\b/i;
const TRANSLATE =
  /\b(translate|translation|in (french|spanish|german|italian|portuguese|japanese|chinese|korean|dutch|english))\b/i;
const GREETING =
  /^\W*(hi|hello|hey|hiya|yo|howdy|greetings|good (morning|afternoon|evening|night|day)|thanks|thank you|thx|cheers|bye|goodbye|see you|bonjour|hola|ciao|salut|hallo)\b/i;
const FACTUAL =
  /^\W*(what|what's|whats|who|who's|when|where|which|how (many|much|old|long|far|tall|big|hot|cold|deep|fast)|is|are|was|were|does|do|did|can|define|name|tell me (what|who|when|where))\b/i;

const countWords = (text: string): number => (text.trim() ? text.trim().split(/\s+/).length : 0);

/** Ordered: the first rule that matches decides. */
const RULES: readonly Rule[] = [
  {
    category: 'calculation',
    kind: 'tool',
    test: (p, c) =>
      c.hasDigits &&
      c.words <= 60 &&
      !CODE_FENCE.test(p) &&
      (CALC_VERB.test(p) ||
        // "prove that the square root of 2 is irrational" is reasoning, not arithmetic
        (!/\b(prove|proof|derive|explain|why)\b/i.test(p) &&
          (ARITHMETIC.test(p) || PERCENT_OF.test(p) || MATH_FN.test(p)))),
  },
  { category: 'history search', kind: 'tool', test: (p) => HISTORY.some((r) => r.test(p)) },
  {
    category: 'debugging',
    kind: 'complex',
    test: (p) => ERROR_TEXT.test(p) || (/\b(debug|bug)\b/i.test(p) && CODE_FENCE.test(p)),
  },
  {
    category: 'code generation',
    kind: 'complex',
    test: (p) =>
      CODE_FENCE.test(p) ||
      CODE_VERB.test(p) ||
      (LANGUAGE.test(p) && /\b(write|implement|build|create|generate|convert|port)\b/i.test(p)),
  },
  {
    category: 'summarise',
    kind: 'simple',
    test: (p) => TRANSFORM.test(p) && /\b(summari[sz]e|summary|tl;?dr)\b/i.test(p),
  },
  { category: 'translate', kind: 'simple', test: (p) => TRANSFORM.test(p) && TRANSLATE.test(p) },
  {
    category: 'rewrite',
    kind: 'simple',
    test: (p) => REWRITE.test(p) && !REASONING.test(p) && !ANALYSIS.test(p),
  },
  { category: 'multi-step reasoning', kind: 'complex', test: (p, c) => REASONING.test(p) && c.words >= 4 },
  {
    category: 'long analysis',
    kind: 'complex',
    test: (p, c) => (ANALYSIS.test(p) || WORK_VERB.test(p)) && c.words >= 4,
  },
  { category: 'long prompt', kind: 'complex', test: (p) => estimateTokens(p) > 400 },
  { category: 'greeting', kind: 'simple', test: (p, c) => GREETING.test(p) && c.words <= 10 },
  { category: 'short factual question', kind: 'simple', test: (p, c) => FACTUAL.test(p) && c.words <= 20 },
];

/** Below this many words an unmatched prompt counts as a short (simple) request. */
export const SHORT_REQUEST_WORDS = 15;

/** The rules classifier. Deterministic, a few microseconds per prompt. */
export function classifyByRules(prompt: string): Classification {
  const text = prompt.trim();
  const ctx = { words: countWords(text), hasDigits: /\d/.test(text) };
  for (const rule of RULES) {
    if (rule.test(text, ctx)) {
      return {
        kind: rule.kind,
        category: rule.category,
        reasons: [rule.category],
        source: 'rules',
        specific: true,
      };
    }
  }
  if (ctx.words <= SHORT_REQUEST_WORDS) {
    return {
      kind: 'simple',
      category: 'short request',
      reasons: ['short request'],
      source: 'rules',
      specific: false,
    };
  }
  return {
    kind: 'complex',
    category: 'open-ended request',
    reasons: ['open-ended request'],
    source: 'rules',
    specific: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Semantic classifier

export interface Embedder {
  /** One vector per text, same dimension for all. Normalised or not (cosine is used). */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface ExamplePrompt {
  text: string;
  kind: TaskKind;
  /** 'user' for examples added by correcting a routing decision. */
  source?: 'builtin' | 'user';
}

export interface SemanticResult {
  kind: TaskKind;
  /** Per class: mean cosine similarity of the top-k examples. */
  scores: Record<TaskKind, number>;
  /** Best score minus the second best. */
  margin: number;
  nearest: { text: string; kind: TaskKind; similarity: number; source: 'builtin' | 'user' };
}

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

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

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
