import { describe, expect, it } from 'vitest';
import { preferencePairs } from './export';
import { arenaPreferencePairs } from './arena-preference';
import type { ArenaVote, EvalResponse, EvaluationRecord } from '../../core/evaluation';

const evaluation = {
  id: 'ev',
  config: {
    version: 1,
    name: 'Arena',
    models: ['m1', 'm2'],
    sequences: [{ name: 'S', prompts: [{ name: 'Capital', text: 'What is the capital of France?' }] }],
    settings: { runs: 1, maxTokens: 8, temperature: 0 },
  },
} as unknown as EvaluationRecord;

const response = (id: string, text: string): EvalResponse =>
  ({ id, evaluationId: 'ev', sequenceIndex: 0, promptIndex: 0, prompt: 'Capital', text }) as EvalResponse;

const vote = (choice: ArenaVote['choice']): ArenaVote => ({
  id: `v-${choice}`,
  evaluationId: 'ev',
  promptKey: '0:0',
  modelA: 'm1',
  modelB: 'm2',
  responseA: 'ra',
  responseB: 'rb',
  choice,
  createdAt: 1,
});

describe('arena votes as preference pairs', () => {
  const responses = [response('ra', 'Paris.'), response('rb', 'Lyon, I think.')];

  it('a vote for A or B gives the prompt text, the winner as chosen and the other as rejected', () => {
    expect(arenaPreferencePairs([vote('a'), vote('b')], responses, [evaluation])).toEqual([
      { prompt: 'What is the capital of France?', chosen: 'Paris.', rejected: 'Lyon, I think.' },
      { prompt: 'What is the capital of France?', chosen: 'Lyon, I think.', rejected: 'Paris.' },
    ]);
  });

  it('a tie, both bad, or a vote whose responses are gone gives no pair', () => {
    const gone = { ...vote('a'), responseB: 'deleted' };
    expect(arenaPreferencePairs([vote('tie'), vote('both-bad'), gone], responses, [evaluation])).toEqual([]);
  });

  it('the preference file takes them next to the pairs from ratings', () => {
    const pairs = arenaPreferencePairs([vote('a')], responses, [evaluation]);
    expect(preferencePairs([], pairs)).toEqual(pairs);
  });
});
