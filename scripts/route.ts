/**
 * Developer CLI for the router: reads prompts, one per line, on stdin and prints one JSON object
 * per line: { prompt, kind, category, target, reasons, label, available }.
 *
 *   npm run route < prompts.txt
 *   echo "Write a Python web scraper" | npm run route -- --strategy local-first --no-key
 *
 * Flags: --strategy claude-only|local-only|hybrid|local-first (default hybrid), --no-key,
 * --offline, --no-local (no local model ready), --local-window N (default 2048),
 * --local-model NAME (default TinyLlama), --semantic (also use the semantic classifier with the
 * deterministic hash embedder; the app uses MiniLM).
 * The prompt's token count is estimated as chars/4 (see src/features/routing/tokens.ts).
 */
import { createInterface } from 'node:readline';
import { classifyTask, SemanticClassifier } from '../src/features/routing/classify';
import { decideRoute } from '../src/features/routing/router';
import { STRATEGIES, type Strategy } from '../src/core/route';
import { estimateTokens } from '../src/core/tokens';

function parseArgs(argv: string[]): {
  strategy: Strategy;
  hasKey: boolean;
  online: boolean;
  localReady: boolean;
  window: number;
  model: string;
  semantic: boolean;
} {
  const opts = {
    strategy: 'hybrid' as Strategy,
    hasKey: true,
    online: true,
    localReady: true,
    window: 2048,
    model: 'TinyLlama',
    semantic: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--strategy': {
        const s = value();
        if (!STRATEGIES.includes(s as Strategy))
          throw new Error(`--strategy must be one of ${STRATEGIES.join(', ')}`);
        opts.strategy = s as Strategy;
        break;
      }
      case '--no-key':
        opts.hasKey = false;
        break;
      case '--offline':
        opts.online = false;
        break;
      case '--no-local':
        opts.localReady = false;
        break;
      case '--local-window': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new Error('--local-window must be a positive integer');
        opts.window = n;
        break;
      }
      case '--local-model':
        opts.model = value();
        break;
      case '--semantic':
        opts.semantic = true;
        break;
      case '--help':
      case '-h':
        console.log(
          'usage: npm run route -- [--strategy S] [--no-key] [--offline] [--no-local] [--local-window N] [--local-model NAME] [--semantic] < prompts.txt',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`route: ${(error as Error).message}`);
    process.exit(2);
  }
  let semantic: SemanticClassifier | null = null;
  if (opts.semantic) {
    const { HashEmbedder } = await import('../src/features/health/testing/hash-embedder');
    semantic = new SemanticClassifier(new HashEmbedder());
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    const prompt = line.trim();
    if (!prompt) continue;
    const classification = await classifyTask(prompt, semantic);
    const decision = decideRoute(classification, {
      strategy: opts.strategy,
      hasKey: opts.hasKey,
      online: opts.online,
      localModelReady: opts.localReady,
      localRuntimeAvailable: true,
      promptTokens: estimateTokens(prompt),
      localContextWindow: opts.window,
      localModelName: opts.model,
    });
    process.stdout.write(
      `${JSON.stringify({
        prompt,
        kind: decision.kind,
        category: decision.category,
        target: decision.target,
        reasons: decision.reasons,
        label: decision.label,
        available: decision.available,
      })}\n`,
    );
  }
}

void main();
