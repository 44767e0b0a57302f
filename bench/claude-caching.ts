/**
 * Prompt-caching cost over a 10-turn conversation against the fake Claude server.
 *
 *   npx tsx bench/claude-caching.ts
 *
 * The same conversation (a system prompt, the two default tools, ten user turns of ~300-600
 * tokens each, the fake's answers appended) is sent twice through the real `ClaudeProvider`:
 * with cache breakpoints and without. The fake server accounts cache writes and reads the way
 * the API does (tests/fixtures/claude/prompt-cache.ts, 1,024-token minimum, 20-block lookback).
 * Input cost is priced with the default table (Claude Sonnet 5.5: input $2, cache write $2.50,
 * cache read $0.20 per million tokens); the ratio is with / without, same run.
 *
 * Writes the "Prompt caching" section of bench/REPORT.md.
 */
import { execSync } from 'node:child_process';
import { startFakeClaudeServer } from '../tests/fixtures/claude/fake-server';
import { ClaudeProvider } from '../src/providers/claude/client';
import { costUsd } from '../src/providers/claude/pricing';
import { formatUsd } from '../src/ui/format';
import { createDefaultTools } from '../src/providers/claude/tools';
import type { ChatMessage, Usage } from '../src/core/provider';
import { writeReportSection } from './report';

const MODEL = 'claude-sonnet-5-5';
const TURNS = 10;
const KEY = 'sk-ant-bench';
const SYSTEM =
  'You are a careful assistant for a small vegetable garden. Answer with concrete steps, ' +
  'quantities and dates; say when you are unsure. '.repeat(6);

function userTurn(i: number): string {
  const topics = ['tomatoes', 'compost', 'irrigation', 'pests', 'seedlings', 'soil pH', 'mulch', 'frost'];
  const topic = topics[i % topics.length]!;
  const note = `Turn ${i + 1}: notes on ${topic} from this week, with what I measured and what I tried. `;
  return note.repeat(20 + (i % 3) * 10) + `What should I do next about ${topic}?`;
}

async function conversation(caching: boolean, url: string): Promise<Usage[]> {
  const provider = new ClaudeProvider({
    apiKey: KEY,
    model: MODEL,
    baseUrl: url,
    system: SYSTEM,
    tools: createDefaultTools(),
    promptCaching: caching,
  });
  const messages: ChatMessage[] = [];
  const usages: Usage[] = [];
  for (let i = 0; i < TURNS; i++) {
    messages.push({ role: 'user', content: userTurn(i) });
    let text = '';
    for await (const part of provider.stream({
      messages,
      settings: { temperature: 0.7, topP: 1, maxTokens: 512 },
    })) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error') throw new Error(part.error.message);
      if (part.type === 'finish') usages.push(part.usage);
    }
    messages.push({ role: 'assistant', content: text });
  }
  return usages;
}

const inputCost = (u: Usage): number => costUsd({ ...u, outputTokens: 0 }, MODEL)!;

async function main(): Promise<void> {
  const server = await startFakeClaudeServer({ key: KEY });
  try {
    const started = performance.now();
    const cached = await conversation(true, server.url);
    server.clearCache();
    const plain = await conversation(false, server.url);
    const ms = performance.now() - started;
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const costCached = sum(cached.map(inputCost));
    const costPlain = sum(plain.map(inputCost));
    const fromTurn2Cached = sum(cached.slice(1).map(inputCost));
    const fromTurn2Plain = sum(plain.slice(1).map(inputCost));
    const load = execSync('uptime').toString().trim();
    const rows = cached.map((u, i) => {
      const p = plain[i]!;
      return `| ${i + 1} | ${p.inputTokens} | ${u.cacheWriteTokens ?? 0} | ${u.cacheReadTokens ?? 0} | ${u.inputTokens - (u.cacheWriteTokens ?? 0) - (u.cacheReadTokens ?? 0)} | ${formatUsd(inputCost(p))} | ${formatUsd(inputCost(u))} |`;
    });
    const ratio = costCached / costPlain;
    const firstWrite = cached.findIndex((u) => (u.cacheWriteTokens ?? 0) > 0) + 1;
    const body = `## Prompt caching (10-turn conversation, fake server)

\`npx tsx bench/claude-caching.ts\` — real \`ClaudeProvider\` against \`tests/fixtures/claude/fake-server.ts\`, whose prompt cache follows the API's rules (breakpoints, 20-block lookback, 1,024-token minimum, usage split into \`input_tokens\` / \`cache_creation_input_tokens\` / \`cache_read_input_tokens\`). Priced with the default table for ${MODEL} (input $2, cache write $2.50, cache read $0.20 per MTok). Token counts are the fake's chars/4 estimates, so the ratio, not the absolute cost, is the result.

- **Input cost with caching / without: ${ratio.toFixed(3)}** (${formatUsd(costCached)} vs ${formatUsd(costPlain)} over ${TURNS} turns; from turn 2 on: ${(fromTurn2Cached / fromTurn2Plain).toFixed(3)}). A turn that writes more than it reads costs more than without caching (writes are billed at 1.25x); the first prefix over 1,024 tokens is written on turn ${firstWrite} here.
- Run took ${Math.round(ms)} ms for both conversations. Load: \`${load}\`.

| Turn | input (no cache) | cache write | cache read | uncached input | cost no cache | cost cached |
|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
    await writeReportSection('claude-caching', body);
    console.log(body);
  } finally {
    await server.close();
  }
}

await main();
