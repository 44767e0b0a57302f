/**
 * The OpenAI-compatible provider's own overhead per token: a 1,000 tok/s stream from the fake
 * server (a separate process, so only the client's CPU is counted), read by `ServerProvider`
 * ("provider": SSE reader, valibot-checked chunks, the <think> splitter, tool assembler, stream
 * parts) and by a bare fetch + split on blank lines + JSON.parse ("raw", the reference). Same run,
 * alternating. Overhead = extra client CPU per token over raw, as a share of the 1 ms a token has
 * at 1,000 tok/s (the target: ≤ 3%).
 *
 *   npx tsx bench/server-provider.ts [--tokens 2000] [--rate 1000] [--reps 5]
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GENERATION_SETTINGS } from '../src/core/provider';
import { ServerProvider } from '../src/providers/server/client';
import { BENCH_ROOT, writeReportSection } from './report';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const r2 = (x: number): number => Math.round(x * 100) / 100;

interface Run {
  mode: 'raw' | 'provider';
  chars: number;
  cpuUsPerToken: number;
  wallMs: number;
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function raw(url: string, body: string, tokens: number): Promise<Run> {
  const cpu0 = cpuUs();
  const t0 = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
      const chunk = JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string } }[] };
      text += chunk.choices?.[0]?.delta?.content ?? '';
    }
  }
  return {
    mode: 'raw',
    chars: text.length,
    cpuUsPerToken: (cpuUs() - cpu0) / tokens,
    wallMs: performance.now() - t0,
  };
}

async function provider(url: string, prompt: string, tokens: number): Promise<Run> {
  const cpu0 = cpuUs();
  const t0 = performance.now();
  const p = new ServerProvider({ baseUrl: url, model: 'llama3.1:8b', page: null });
  let text = '';
  for await (const part of p.stream({
    messages: [{ role: 'user', content: prompt }],
    settings: DEFAULT_GENERATION_SETTINGS,
  })) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') throw new Error(part.error.message);
  }
  return {
    mode: 'provider',
    chars: text.length,
    cpuUsPerToken: (cpuUs() - cpu0) / tokens,
    wallMs: performance.now() - t0,
  };
}

async function main(): Promise<void> {
  const tokens = arg('tokens', 2000);
  const rate = arg('rate', 1000);
  const reps = arg('reps', 5);
  const port = 5390 + Math.floor(Math.random() * 100);
  const child = spawn('npx', ['tsx', 'tests/fixtures/openai/fake-server.ts', '--port', String(port)], {
    cwd: BENCH_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()),
  );
  const url = `http://127.0.0.1:${port}`;
  await fetch(`${url}/__control`, { method: 'POST', body: JSON.stringify({ rate }) });
  const prompt = `Count [trigger:long:${tokens}]`;
  const body = JSON.stringify({
    model: 'llama3.1:8b',
    messages: [{ role: 'user', content: prompt }],
    stream: true,
  });
  const load0 = os.loadavg()[0]!;
  const runs: Run[] = [];
  try {
    await raw(url, body, tokens); // warm-up (JIT, connection)
    await provider(url, prompt, tokens);
    for (let rep = 0; rep < reps; rep++) {
      runs.push(await raw(url, body, tokens));
      runs.push(await provider(url, prompt, tokens));
    }
  } finally {
    child.kill('SIGTERM');
  }
  const of = (mode: Run['mode']): Run[] => runs.filter((r) => r.mode === mode);
  const rawCpu = median(of('raw').map((r) => r.cpuUsPerToken));
  const provCpu = median(of('provider').map((r) => r.cpuUsPerToken));
  const budgetUs = 1_000_000 / rate;
  const overheadPct = ((provCpu - rawCpu) / budgetUs) * 100;
  const rawWall = median(of('raw').map((r) => r.wallMs));
  const provWall = median(of('provider').map((r) => r.wallMs));
  const same = new Set(runs.map((r) => r.chars)).size === 1;
  const line =
    `${tokens} tokens at ${rate} tok/s, ${reps} reps (median), load ${r2(load0)} → ${r2(os.loadavg()[0]!)} on ${os.cpus().length} cores: ` +
    `client CPU per token raw ${r2(rawCpu)} µs, provider ${r2(provCpu)} µs (×${r2(provCpu / rawCpu)}); ` +
    `provider overhead ${r2(overheadPct)}% of the ${budgetUs} µs a token has (target ≤ 3%); ` +
    `wall first byte to end raw ${Math.round(rawWall)} ms, provider ${Math.round(provWall)} ms (×${r2(provWall / rawWall)}); ` +
    `same text both ways: ${same ? 'yes' : 'NO'}.`;
  console.log(line);
  await writeReportSection(
    'server-provider',
    `## OpenAI-compatible provider overhead (\`bench/${path.basename(import.meta.url)}\`)\n\n${line}\n`,
  );
}

void main();
