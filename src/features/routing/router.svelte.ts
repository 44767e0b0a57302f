/**
 * Routing in the chat: classifies the latest prompt, decides local or Claude with what is
 * available right now, and hands the chat a provider that carries the decision out (with
 * fallback, cascade and compression). Used through ChatState's `provider` and `annotate`.
 */
import type { TextCompressor } from '../compression';
import {
  shortModelName,
  type AnswerContext,
  type LocalModelView,
  type ResolvedProvider,
} from '../../core/answering';
import type { Conversation } from '../../core/stored';
import { TandemError } from '../../core/errors';
import { createDefaultTools, type SearchHistoryFn } from '../../providers/claude/tools';
import type { ChatProvider } from '../../core/provider';
import { DEFAULT_EXAMPLES, SemanticClassifier, classifyTask } from './classify';
import { type Embedder } from '../../core/embedder';
import { type ExamplePrompt, type TaskKind } from '../../core/route';
import { compression } from './compression-middleware';
import { wrapProvider } from '../../providers/middleware';
import { createRoutedProvider, type AnswerScorer, type RoutedSide } from './routed-provider';
import { decideTieredRoute, fallbackWithServer, serverName } from './tiers';
import type { RouteContext } from './router';
import { shouldEscalate } from './escalation';
import type { RouteDecision, ServerTier, Target } from '../../core/route';
import type { QualityEstimate } from './quality';
import { estimateMessagesTokens } from '../../core/tokens';
import { report } from '../../core/measure';
import type { OperationSink } from '../../core/operations';
import type { ClaudeState } from '../claude';

export type RouteChoice = 'auto' | Target;

export interface RouterDependencies {
  claude: ClaudeState;
  local: (context: AnswerContext) => LocalModelView;
  activeConversation: () => Conversation | undefined;
  searchHistory: SearchHistoryFn;
  /**
   * Scores a local answer of the conversation it answers, for the cascade (the health tracker);
   * null: not scored. The id comes from the answer's context, never from the screen.
   */
  scoreAnswer: (...args: [...Parameters<AnswerScorer>, conversationId: string]) => ReturnType<AnswerScorer>;
  isOnline?: () => boolean;
  /** The embedder for the semantic classifier when one is ready; null: rules only. */
  embedder?: () => Embedder | null;
  onExamplesChanged?: (examples: ExamplePrompt[]) => void | Promise<void>;
  /** The LLMLingua-2 compressor when its model is loaded; null otherwise. */
  modelCompressor?: () => TextCompressor | null;
  /** Learning from ratings: the local model's quality estimate for a task kind (null: not used). */
  localQuality?: (category: string, modelId: string) => QualityEstimate | null;
  /** The same for the server's model (its ratings are kept apart). */
  serverQuality?: (category: string, modelId: string) => QualityEstimate | null;
  /** Prepares what the local model receives (few-shot memory); absent: messages as they are. */
  wrapLocal?: (provider: ChatProvider, context: AnswerContext) => ChatProvider;
  /** One measurement per routing decision and per compression (fire and forget). */
  onOperation?: OperationSink;
  /** The user's own server (Settings → Your server); absent or not configured: no server tier. */
  server?: ServerTier;
}

export class RouterState {
  /** Override for the next message only; back to 'auto' once used. */
  nextOverride = $state<RouteChoice>('auto');
  /** Example prompts the user added by correcting a routing decision (persisted by the caller). */
  userExamples = $state.raw<ExamplePrompt[]>([]);
  private semantic: SemanticClassifier | null = null;
  private semanticEmbedder: Embedder | null = null;

  constructor(private readonly deps: RouterDependencies) {}

  /** Hook for the semantic classifier (MiniLM embeddings); null keeps the rules only. */
  setEmbedder(embedder: Embedder | null): void {
    this.semanticEmbedder = embedder;
    this.semantic = embedder
      ? new SemanticClassifier(embedder, [...DEFAULT_EXAMPLES, ...this.userExamples])
      : null;
  }

  /** The semantic classifier when an embedder is ready now (the health tracker's MiniLM worker). */
  private currentSemantic(): SemanticClassifier | null {
    // The task kind only decides the target under the hybrid strategy with a key; otherwise the
    // rules label the answer and no prompt is embedded for routing.
    const claude = this.deps.claude;
    if (!claude.hasKey || claude.settings.strategy !== 'hybrid') return null;
    const embedder = this.deps.embedder?.() ?? this.semanticEmbedder;
    if (embedder !== this.semanticEmbedder || (embedder && !this.semantic)) this.setEmbedder(embedder);
    return this.semantic;
  }

  /**
   * The user says a prompt was of another kind: it becomes an example of that kind for the
   * semantic classifier, now and (through `onExamplesChanged`) after a reload.
   */
  async correct(prompt: string, kind: TaskKind): Promise<void> {
    const example: ExamplePrompt = { text: prompt, kind, source: 'user' };
    this.userExamples = [...this.userExamples.filter((e) => e.text !== prompt), example];
    await this.semantic?.addExample(example);
    await this.deps.onExamplesChanged?.(this.userExamples);
  }

  private online(): boolean {
    if (this.deps.isOnline) return this.deps.isOnline();
    return typeof navigator === 'undefined' || navigator.onLine !== false;
  }

  async resolve(context: AnswerContext): Promise<ResolvedProvider | TandemError> {
    const claude = this.deps.claude;
    const local = this.deps.local(context);
    const latest = [...context.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const at = Date.now();
    const started = performance.now();
    let classification;
    try {
      classification = await classifyTask(latest, this.currentSemantic());
    } catch {
      classification = await classifyTask(latest, null); // embedder failed: rules only
    }
    const override = this.nextOverride;
    this.nextOverride = 'auto';
    const ctx: RouteContext = {
      strategy: claude.settings.strategy,
      hasKey: claude.hasKey,
      localModelReady: local.ready && local.entry !== null,
      localRuntimeAvailable: typeof WebAssembly !== 'undefined',
      online: this.online(),
      promptTokens: estimateMessagesTokens(context.messages),
      localContextWindow: local.entry?.contextWindow ?? 2048,
      localModelName: shortModelName(local.entry),
      claudeName: 'Claude',
      messageOverride: override === 'auto' ? null : override,
      conversationOverride: this.deps.activeConversation()?.routeOverride ?? null,
      localQuality: local.entry
        ? (this.deps.localQuality?.(classification.category, local.entry.id) ?? null)
        : null,
      serverQuality: this.deps.server?.configured
        ? (this.deps.serverQuality?.(classification.category, this.deps.server.settings.model) ?? null)
        : null,
      serverReady: this.deps.server?.configured ?? false,
      ...(this.deps.server?.configured ? { serverName: serverName(this.deps.server) } : {}),
    };
    const decision = decideTieredRoute(classification, ctx);
    report(this.deps.onOperation, {
      kind: 'route',
      at,
      modelId:
        decision.target === 'claude'
          ? claude.settings.model
          : decision.target === 'server'
            ? (this.deps.server?.settings.model ?? '')
            : (local.entry?.id ?? ''),
      status: decision.available ? 'ok' : 'error',
      ...(decision.available ? {} : { errorCode: decision.blockers[0] ?? 'unavailable' }),
      totalMs: performance.now() - started,
      detail: decision.strategy,
      tokensIn: ctx.promptTokens,
      tokensOut: null,
      bytes: null,
      route: { target: decision.target, kind: decision.kind, reasons: [...decision.reasons] },
    });

    const sides: Record<Target, RoutedSide | null> = {
      local: ctx.localModelReady ? this.localSide(local, context) : null,
      claude: claude.hasKey && ctx.strategy !== 'private' ? this.claudeSide() : null,
      server: ctx.serverReady ? this.serverSide() : null,
    };
    const primary = sides[decision.target];
    if (!decision.available || !primary) return unavailableError(decision, local);

    const cascade = claude.settings.cascade
      ? {
          score: (answer: string, messages: Parameters<AnswerScorer>[1]) =>
            this.deps.scoreAnswer(answer, messages, context.conversationId),
          decide: (s: { status: string | null; drift: number | null; threshold: number }) =>
            shouldEscalate(s.status, s.drift, s.threshold, {
              cascade: true,
              strategy: ctx.strategy,
              hasKey: ctx.hasKey,
              online: this.online(),
            }),
        }
      : undefined;
    const provider = createRoutedProvider({
      decision,
      primary,
      other: (target) => (target === decision.target ? null : sides[target]),
      onFailure: (error) => fallbackWithServer(decision, error, { ...ctx, online: this.online() }),
      ...(cascade ? { cascade } : {}),
    });
    return {
      provider,
      model: {
        ...primary.model,
        ...(decision.target === 'local' && local.device ? { device: local.device } : {}),
      },
      route: decision,
    };
  }

  private localSide(local: LocalModelView, context: AnswerContext): RoutedSide {
    const entry = local.entry!;
    // Few-shot memory goes outside the context policy (in `local.provider`), so the policy
    // counts the examples too.
    return {
      provider: this.deps.wrapLocal?.(local.provider, context) ?? local.provider,
      model: { kind: local.provider.kind, id: entry.id, label: local.provider.label },
    };
  }

  private serverSide(): RoutedSide | null {
    const provider = this.deps.server?.createProvider() ?? null;
    if (!provider) return null;
    return {
      provider,
      model: { kind: 'server', id: this.deps.server!.settings.model, label: provider.label },
    };
  }

  private modelCompression(rate: number): { model: { compressor: TextCompressor; rate: number } | null } {
    const compressor = this.deps.modelCompressor?.() ?? null;
    return { model: compressor ? { compressor, rate } : null };
  }

  private claudeSide(): RoutedSide | null {
    const claude = this.deps.claude;
    const tools = createDefaultTools({ searchHistory: this.deps.searchHistory });
    const provider = claude.createProvider(tools);
    if (!provider) return null;
    const settings = claude.settings;
    return {
      provider: settings.compression
        ? wrapProvider(
            provider,
            compression({
              budgetTokens: settings.compressionBudget,
              ...(this.deps.onOperation ? { onOperation: this.deps.onOperation } : {}),
              ...(settings.compressionMethod === 'llmlingua2'
                ? this.modelCompression(settings.compressionRate)
                : {}),
            }),
          )
        : provider,
      model: { kind: 'claude', id: settings.model, label: provider.label },
    };
  }
}

function unavailableError(decision: RouteDecision, local: LocalModelView): TandemError {
  const why = decision.reasons.slice(1).join(', ');
  const noLocal = decision.blockers.includes('no-local-model');
  if (decision.target === 'local' || (noLocal && decision.strategy !== 'claude-only')) {
    if (local.loading) {
      return new TandemError(
        'model-load-failed',
        'The model is still loading. Wait for it to finish, then retry.',
        {
          retryable: true,
        },
      );
    }
    return new TandemError(
      'model-load-failed',
      `No model is loaded (${why}). Open Models and load one${decision.strategy === 'local-only' ? '' : ', or add a Claude API key in Settings'}, then retry.`,
      { retryable: true },
    );
  }
  if (decision.blockers.includes('offline')) {
    return new TandemError(
      'offline',
      `You are offline and the strategy needs Claude (${why}). Load a local model or change the strategy in Settings.`,
      { retryable: true },
    );
  }
  return new TandemError(
    'invalid-api-key',
    `Claude cannot answer (${why}). Add your API key in Settings, or load a local model and change the strategy.`,
    { retryable: true },
  );
}
