/**
 * Seeded data for the documents benchmarks, generated the same way in Node and in the page (this
 * module is bundled into the page script), so both sides search identical chunks and questions.
 */

/** Mulberry32: a small seeded generator. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DIM = 384;

// Common English words, so the encoder's word-piece tokenizer sees ordinary text.
const WORDS = (
  'the of and to in is that it for was on are as with his they at be this from have or by one had not but ' +
  'what all were when we there can an your which their said if do will each about how up out them then she ' +
  'many some so these would other into has more her two like him see time could no make than first been its ' +
  'who now people my made over did down only way find use may water long little very after words called just ' +
  'where most know get through back much before go good new write our used me man too any day same right look ' +
  'think also around another came come work three word must because does part even place well such here take ' +
  'why things help put years different away again off went old number great tell men say small every found ' +
  'still between name should home big give air line set own under read last never us left end along while ' +
  'might next sound below saw something thought both few those always looked show large often together asked ' +
  'house world going want school important until form food keep children feet land side without boy once ' +
  'animals life enough took sometimes four head above kind began almost live page got earth need far hand ' +
  'high year mother light parts country father let night following picture being study second eyes soon ' +
  'times story boys since white days ever paper hard near sentence better best across during today others ' +
  'however sure means knew its try told young miles sun ways thing whole hear example heard several change ' +
  'answer room sea against top turned learn point city play toward five using himself usually migration ' +
  'release server budget invoice contract schedule quarterly revenue database index planner deposit venue'
).split(' ');

function englishSentence(random: () => number): string {
  const n = 8 + Math.floor(random() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(random() ** 1.5 * WORDS.length)]!);
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** A plain-text document of about `bytes` characters: paragraphs of sentences. */
export function book(bytes: number, seed = 7): string {
  const random = rng(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const paragraph = Array.from({ length: 3 + Math.floor(random() * 5) }, () =>
      englishSentence(random),
    ).join(' ');
    parts.push(paragraph);
    size += paragraph.length + 2;
  }
  return parts.join('\n\n');
}

/** Plain sentences cut to exactly the lengths given (the reference for the chunks' embedding). */
export function plainTexts(lengths: readonly number[], seed = 11): string[] {
  const random = rng(seed);
  return lengths.map((length) => {
    let s = '';
    while (s.length < length) s += `${englishSentence(random)} `;
    return s.slice(0, length).trimEnd();
  });
}

function unit(random: () => number): Float32Array {
  const v = new Float32Array(DIM);
  let norm = 0;
  for (let i = 0; i < DIM; i++) norm += (v[i] = random() * 2 - 1) ** 2;
  norm = Math.sqrt(norm);
  for (let i = 0; i < DIM; i++) v[i]! /= norm;
  return v;
}

/** Chunks of ~150 words from a 5,000-word vocabulary (as bench/documents-retrieval.ts). */
export function corpus(count: number, seed = 42): { text: string; vector: Float32Array }[] {
  const random = rng(seed);
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
  const word = (): string => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!;
  return Array.from({ length: count }, () => ({
    text: Array.from({ length: 150 }, word).join(' '),
    vector: unit(random),
  }));
}

/** Question `i`: 8 words of the same vocabulary and a random unit vector. */
export function question(i: number): { text: string; vector: Float32Array } {
  const random = rng(1000 + i);
  const text = Array.from({ length: 8 }, () => `w${Math.floor(random() ** 2 * 5000).toString(36)}`).join(' ');
  return { text, vector: unit(random) };
}

/** Tokens recorded on every generated chunk (both sides). */
export const CHUNK_TOKENS = 200;
