/**
 * The configuration's checks on one stored answer: text checks, `regex` in the worker with a time
 * limit (refused up front when it could backtrack catastrophically, see core/regex-safety.ts) and
 * `similar` through the sentence embedder; and the checks of answers stored before theirs ran.
 */
import type { EvalConfig } from '../../core/eval-config';
import type { CheckResult, EvalResponse } from '../../core/evaluation';
import { cosine } from '../../core/vectors';
import { regexCheck, runTextChecks, similarCheck } from './checks';
import type { EvalRunDeps } from './eval-deps';

/** The configuration's checks on one answer, in order, one at a time. */
export async function scoreChecks(
  config: EvalConfig,
  text: string,
  deps: Pick<EvalRunDeps, 'embedder' | 'regex'>,
): Promise<CheckResult[]> {
  const specs = config.checks ?? [];
  const results = runTextChecks(specs, text);
  const embedder = deps.embedder();
  const out: CheckResult[] = [];
  for (const [i, result] of results.entries()) {
    const spec = specs[i]!;
    if (result) out.push(result);
    else if (spec.type === 'regex')
      out.push(regexCheck(spec, await deps.regex.exec(String(spec.value), text)));
    else if (!embedder) out.push(similarCheck(spec, null));
    else {
      try {
        const [a, b] = await embedder.embed([text, String(spec.value)]);
        out.push(similarCheck(spec, cosine(a!, b!)));
      } catch (error) {
        out.push(similarCheck(spec, null, error instanceof Error ? error.message : String(error)));
      }
    }
  }
  return out;
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
