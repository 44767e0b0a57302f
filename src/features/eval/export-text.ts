/** A stored evaluation's results as a file's text: the JSON file, CSV, or promptfoo's results JSON. */
import type { EvaluationRepository } from '../../platform/db/evaluations';
import { resultsCsv, resultsJson } from './export';
import { promptfooResults } from './promptfoo/export';

export type ExportFormat = 'json' | 'csv' | 'promptfoo';

export async function evaluationText(
  repo: Pick<EvaluationRepository, 'get' | 'responses'>,
  id: string,
  format: ExportFormat,
): Promise<string | null> {
  const evaluation = await repo.get(id);
  if (!evaluation) return null;
  const responses = await repo.responses(id);
  if (format === 'csv') return resultsCsv(evaluation, responses);
  const data =
    format === 'json' ? resultsJson(evaluation, responses) : promptfooResults(evaluation, responses);
  return JSON.stringify(data, null, 2);
}
