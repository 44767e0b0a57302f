/**
 * The configuration's checks on one stored answer: text checks (regex refused when it could
 * backtrack catastrophically, see core/regex-safety.ts) and `similar` through the sentence
 * embedder; and the checks of answers stored before theirs ran.
 */
import type { EvalConfig } from '../../core/eval-config';
import type { CheckResult, EvalResponse } from '../../core/evaluation';
import { cosine } from '../../core/vectors';
import { runTextChecks, similarCheck } from './checks';
import type { EvalRunDeps } from './eval-deps';

/** The configuration's checks on one answer, `similar` through the shared sentence embedder. */
export async function scoreChecks(
  config: EvalConfig,
  text: string,
  deps: Pick<EvalRunDeps, 'embedder'>,
): Promise<CheckResult[]> {
  const specs = config.checks ?? [];
  const results = runTextChecks(specs, text);
  const embedder = deps.embedder();
  return Promise.all(
    results.map(async (result, i) => {
      if (result) return result;
      const spec = specs[i]!;
      if (!embedder) return similarCheck(spec, null);
      try {
        const [a, b] = await embedder.embed([text, String(spec.value)]);
        return similarCheck(spec, cosine(a!, b!));
      } catch (error) {
        return similarCheck(spec, null, error instanceof Error ? error.message : String(error));
      }
    }),
  );
}

/**
 * Responses stored before their checks ran (the page closed or crashed in between) get their
 * checks now, before anything else runs; the rest are returned as they are.
 */
export async function checkPending(
  config: EvalConfig,
  existing: readonly EvalResponse[],
  deps: EvalRunDeps,
): Promise<EvalResponse[]> {
  const out: EvalResponse[] = [];
  for (const response of existing) {
    if (!response.checksPending) {
      out.push(response);
      continue;
    }
    const { checksPending: _pending, ...rest } = response;
    const checked: EvalResponse = { ...rest, checks: await scoreChecks(config, response.text, deps) };
    await deps.store(checked);
    out.push(checked);
  }
  return out;
}
