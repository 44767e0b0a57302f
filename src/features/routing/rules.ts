/**
 * Rule-based task classification: ordered regular-expression rules, each naming the category
 * it detected (shown in the route label, e.g. "greeting", "code generation"). Pure.
 */
import { estimateTokens } from '../../core/tokens';
import type { Classification, TaskCategory, TaskKind } from '../../core/route';

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
