import { describe, expect, it } from 'vitest';
import type { EvalConfig } from '../../core/eval-config';
import { CSV_COLUMNS, csvField, resultsCsv, resultsFileName, resultsJson } from './export';
import type { EvalResponse, EvaluationRecord } from '../../core/evaluation';

const config: EvalConfig = {
  version: 1,
  name: 'Export: test',
  models: ['b/model', 'a/model'],
  sequences: [{ name: 'S', prompts: [{ name: 'P', text: 'q' }] }],
  settings: { runs: 1, maxTokens: 8, temperature: 0 },
};
const evaluation: EvaluationRecord = {
  id: 'ev',
  config,
  status: 'done',
  startedAt: 0,
  finishedAt: 1000,
  totalTasks: 2,
  doneTasks: 2,
  updatedAt: 1000,
};
const response = (model: string, text: string): EvalResponse => ({
  id: `ev|${model}`,
  evaluationId: 'ev',
  taskKey: model,
  model,
  sequenceIndex: 0,
  sequence: 'S',
  promptIndex: 0,
  prompt: 'P',
  run: 1,
  text,
  status: 'ok',
  errorCode: null,
  errorMessage: null,
  ttftMs: 12.4,
  tokensPerSecond: 33.33,
  outputTokens: 4,
  durationMs: 50.6,
  health: null,
  checks: [{ type: 'contains', passed: true, detail: 'has "x"' }],
  judgeStatus: 'ok',
  judge: { score: 4, reason: 'good, "really"' },
  judgeRaw: null,
  createdAt: 1,
});

describe('exports', () => {
  it('JSON: the configuration with id, status and ISO dates, then responses in model order', () => {
    const out = resultsJson(evaluation, [response('a/model', 'A'), response('b/model', 'B')]) as {
      evaluation: Record<string, unknown>;
      responses: Record<string, unknown>[];
    };
    expect(out.evaluation).toEqual({
      ...config,
      id: 'ev',
      status: 'done',
      startedAt: '1970-01-01T00:00:00.000Z',
      finishedAt: '1970-01-01T00:00:01.000Z',
    });
    expect(out.responses.map((r) => r.model)).toEqual(['b/model', 'a/model']);
    expect(Object.keys(out.responses[0]!)).toEqual([
      'model',
      'sequence',
      'prompt',
      'run',
      'text',
      'status',
      'ttftMs',
      'tokensPerSecond',
      'outputTokens',
      'durationMs',
      'health',
      'checks',
      'judge',
    ]);
  });

  it('CSV: quoted where needed, formulas defused, one line per response', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(null)).toBe('');
    const csv = resultsCsv(evaluation, [response('b/model', 'Hi, there')]).split('\r\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv[1]).toBe('b/model,S,P,1,ok,12,33.3,4,51,1,1,4,"good, ""really""",,,,"Hi, there"');
    expect(csv).toHaveLength(3);
  });

  it('file names keep letters and digits only', () => {
    expect(resultsFileName(evaluation, 'csv')).toBe('tandem-eval-Export-test.csv');
  });
});
