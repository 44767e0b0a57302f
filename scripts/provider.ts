/**
 * Runs the app's real provider code in Node against a server, for people and tests:
 *
 *   echo '{"messages":[{"role":"user","content":"Hi"}]}' | \
 *     npm run -s provider -- --kind openai --base-url http://localhost:11434 --model llama3.1:8b
 *   npm run -s provider -- --kind openai --base-url http://localhost:8080 --list-models
 *
 * stdin: one JSON object `{"messages":[{"role","content"}],"tools"?:[OpenAI tool definitions],
 * "stream"?:bool,"maxTokens"?:n,"temperature"?:n}`. stdout: one JSON line per stream part, exactly
 * the app's StreamPart union; with --list-models, `{"models":[ids]}`. Exit status: 0 when the
 * answer finished, 1 when it ended with an error part (or the list failed), 2 for bad input.
 * Flags: --api-key KEY (else $TANDEM_SERVER_API_KEY), --first-byte-timeout-ms N, --idle-timeout-ms N.
 */
import * as v from 'valibot';
import { pathToFileURL } from 'node:url';
import { serializeError } from '../src/core/errors';
import { DEFAULT_GENERATION_SETTINGS } from '../src/core/provider';
import { ServerProvider, type OpenAiTool } from '../src/providers/server/client';
import { listServerModels } from '../src/providers/server/discovery';

const Input = v.object({
  messages: v.pipe(
    v.array(v.object({ role: v.picklist(['system', 'user', 'assistant']), content: v.string() })),
    v.minLength(1, 'messages must not be empty'),
  ),
  tools: v.optional(
    v.array(
      v.object({
        type: v.literal('function'),
        function: v.object({
          name: v.string(),
          description: v.optional(v.string()),
          parameters: v.optional(v.unknown()),
        }),
      }),
    ),
  ),
  stream: v.optional(v.boolean()),
  maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
});

export interface CliOptions {
  kind: 'openai';
  baseUrl: string;
  model: string;
  apiKey: string;
  listModels: boolean;
  firstByteTimeoutMs?: number;
  idleTimeoutMs?: number;
}

export class UsageError extends Error {}

const USAGE =
  'usage: npm run -s provider -- --kind openai --base-url URL (--model ID | --list-models) [--api-key KEY] [--first-byte-timeout-ms N] [--idle-timeout-ms N] < request.json';

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): CliOptions {
  const out: Partial<CliOptions> & { listModels: boolean } = {
    listModels: false,
    apiKey: env.TANDEM_SERVER_API_KEY ?? '',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const val = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (val === undefined) throw new UsageError(`${name} needs a value`);
      return val;
    };
    const ms = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number of ms`);
      return n;
    };
    switch (name) {
      case '--kind': {
        const kind = value();
        if (kind !== 'openai') throw new UsageError(`--kind must be openai (got ${kind})`);
        out.kind = kind;
        break;
      }
      case '--base-url':
        out.baseUrl = value();
        break;
      case '--model':
        out.model = value();
        break;
      case '--api-key':
        out.apiKey = value();
        break;
      case '--list-models':
        out.listModels = true;
        break;
      case '--first-byte-timeout-ms':
        out.firstByteTimeoutMs = ms();
        break;
      case '--idle-timeout-ms':
        out.idleTimeoutMs = ms();
        break;
      default:
        throw new UsageError(`unknown flag ${arg}\n${USAGE}`);
    }
  }
  if (!out.kind) throw new UsageError(`--kind is required\n${USAGE}`);
  if (!out.baseUrl) throw new UsageError(`--base-url is required\n${USAGE}`);
  if (!out.listModels && !out.model) throw new UsageError(`--model is required (or --list-models)\n${USAGE}`);
  return { ...out, model: out.model ?? '' } as CliOptions;
}

export function parseInput(text: string): v.InferOutput<typeof Input> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError('stdin must be one JSON object, e.g. {"messages":[{"role":"user","content":"Hi"}]}');
  }
  const parsed = v.safeParse(Input, json);
  if (!parsed.success) {
    const issue = parsed.issues[0]!;
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new UsageError(`bad request on stdin: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  return parsed.output;
}

/** Runs the CLI; returns the exit status. `write` gets whole lines. */
export async function runCli(
  opts: CliOptions,
  stdin: string,
  write: (line: string) => void,
  fetchFn: typeof fetch = globalThis.fetch,
  signal?: AbortSignal,
): Promise<number> {
  if (opts.listModels) {
    try {
      const { models } = await listServerModels({
        baseUrl: opts.baseUrl,
        apiKey: opts.apiKey,
        fetch: fetchFn,
        page: null,
        ...(signal ? { signal } : {}),
      });
      write(JSON.stringify({ models }));
      return 0;
    } catch (error) {
      write(JSON.stringify({ type: 'error', error: serializeError(error) }));
      return 1;
    }
  }
  const input = parseInput(stdin);
  const provider = new ServerProvider({
    baseUrl: opts.baseUrl,
    model: opts.model,
    apiKey: opts.apiKey,
    fetch: fetchFn,
    page: null,
    ...(input.tools ? { tools: input.tools as OpenAiTool[] } : {}),
    ...(input.stream !== undefined ? { stream: input.stream } : {}),
    ...(opts.firstByteTimeoutMs !== undefined ? { firstByteTimeoutMs: opts.firstByteTimeoutMs } : {}),
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
  });
  let status = 0;
  for await (const part of provider.stream({
    messages: input.messages,
    settings: {
      ...DEFAULT_GENERATION_SETTINGS,
      ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    },
    ...(signal ? { signal } : {}),
  })) {
    if (part.type === 'error') status = 1;
    write(JSON.stringify(part));
  }
  return status;
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

async function main(): Promise<void> {
  try {
    const opts = parseArgs(process.argv.slice(2), process.env);
    const stdin = opts.listModels ? '' : await readStdin();
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    process.exitCode = await runCli(
      opts,
      stdin,
      (line) => process.stdout.write(`${line}\n`),
      globalThis.fetch,
      controller.signal,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`provider: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
