import { describe, expect, it } from 'vitest';
import { arenaPairs, blind, revealText } from './arena';
import type { EvalResponse } from '../../core/evaluation';

const answer = (model: string, text = `${model} says hi`): EvalResponse =>
  ({
    id: `e|${model}`,
    evaluationId: 'e',
    taskKey: model,
    model,
    sequenceIndex: 0,
    sequence: 'S',
    promptIndex: 0,
    prompt: 'P',
    run: 1,
    text,
    status: 'ok',
  }) as EvalResponse;

describe('arena pairs', () => {
  it('pairs two models on one prompt; an empty answer is not offered', () => {
    const pairs = arenaPairs([answer('x'), answer('y'), answer('z', ' ')], []);
    expect(pairs.map((p) => [p.a.model, p.b.model])).toEqual([['x', 'y']]);
  });

  it('the reveal names the model on each side as shown, swapped sides included', () => {
    const [pair] = arenaPairs([answer('local/tiny'), answer('claude:haiku')], []);
    expect(revealText(pair!)).toBe('A was local/tiny, B was claude:haiku');
    expect(revealText(blind(pair!, true))).toBe('A was claude:haiku, B was local/tiny');
  });
});
