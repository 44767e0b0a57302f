/**
 * Pure scoring of one turn from embeddings. No I/O, no clock: the same turns and settings
 * always give the same report (timings are passed in by the caller).
 */
import { classifyContext, type PrototypeLookup } from './classify-context';
import {
  blend,
  clamp01,
  clusterByThreshold,
  cosine,
  meanVector,
  round,
  type Vector,
} from '../../core/vectors';
import type {
  AlertCode,
  ContextDefinition,
  HealthAlert,
  HealthReport,
  HealthSettings,
  HealthStatus,
  HealthTimings,
  RepeatedQuestion,
} from '../../core/health';

/** A turn as the scorer sees it. `topic` = unit(unit(user) + unit(answer)). */
export interface ScoredTurnInput {
  user: string;
  assistant: string;
  userEmbedding: Vector;
  assistantEmbedding: Vector;
  topic: Vector;
}

export function topicVector(userEmbedding: Vector, assistantEmbedding: Vector): Float64Array {
  return blend(userEmbedding, assistantEmbedding);
}

/** Turns are numbered from 1 in anything a person (or the model) reads. */
const human = (index: number): number => index + 1;
const f2 = (x: number): string => x.toFixed(2);

/**
 * Scores `turns[index]` given the turns before it and the report of the previous turn
 * (for context stickiness).
 */
export function scoreTurn(
  turns: readonly ScoredTurnInput[],
  index: number,
  previous: HealthReport | null,
  settings: HealthSettings,
  prototypes: PrototypeLookup,
  timings: HealthTimings,
): HealthReport {
  const turn = turns[index];
  if (!turn) throw new RangeError(`No turn ${index}.`);

  // Context and its expectations.
  const context = classifyContext(
    turn.user,
    turn.userEmbedding,
    settings,
    prototypes,
    previous?.context ?? null,
  );
  const def = settings.contexts.find((c) => c.id === context.id) as ContextDefinition;
  const expected = structuredClone(def.expected);

  // Question-to-response drift.
  const drift = round(Math.max(0, 1 - cosine(turn.userEmbedding, turn.assistantEmbedding)));
  const driftThreshold = expected.maxQuestionDrift;
  const drifting = drift > driftThreshold;

  // Window: fragmentation and topic drift.
  const start = Math.max(0, index - settings.windowSize + 1);
  const topics = turns.slice(start, index + 1).map((t) => t.topic);
  const n = topics.length;
  const topicCount = new Set(clusterByThreshold(topics, settings.topicSimilarity)).size;
  const judged = n >= settings.minWindowTurns;
  const fragmentation = judged ? round((topicCount - 1) / (n - 1)) : 0;
  const fragmented = judged && fragmentation > expected.maxFragmentation;
  let topicDrift = 0;
  if (n >= 2) {
    const half = Math.floor(n / 2);
    topicDrift = round(
      clamp01(1 - cosine(meanVector(topics.slice(0, half)), meanVector(topics.slice(half)))),
    );
  }
  const topicDrifting = judged && topicDrift > expected.topicDrift.max;

  // Repeated question.
  const repeatedQuestion = findRepeat(turns, index, settings, drifting);
  const evasive = repeatedQuestion.unresolved;

  // Quality.
  const w = settings.qualityWeights;
  const quality = round(
    clamp01(
      w.relevance * clamp01(1 - drift) +
        w.coherence * (1 - fragmentation) +
        w.focus * (1 - topicDrift) -
        (evasive ? settings.evasionPenalty : 0),
    ),
  );
  const lowQuality = quality < expected.quality.min;
  const veryLowQuality = quality < settings.criticalQuality;

  // Status.
  const majorProblems = [evasive, drifting, fragmented].filter(Boolean).length;
  let status: HealthStatus;
  if (majorProblems >= 2 || veryLowQuality) status = 'critical';
  else if (evasive) status = 'evasive';
  else if (drifting) status = 'drifting';
  else if (fragmented) status = 'fragmented';
  else if (topicDrifting || lowQuality) status = 'drifting';
  else status = 'healthy';

  // Alerts and guidance, in a fixed order.
  const alerts: HealthAlert[] = [];
  const guidance: string[] = [];
  const add = (code: AlertCode, severity: HealthAlert['severity'], message: string, action: string): void => {
    alerts.push({ code, severity, message });
    guidance.push(action);
  };
  if (status === 'critical') {
    guidance.push(
      'Several problems at once: stop, restate the user\u2019s last question in one sentence, then answer exactly that.',
    );
  }
  if (evasive && repeatedQuestion.similarTo !== null) {
    const reasons: string[] = [];
    if (drifting) reasons.push(`drifts from it (${f2(drift)} > ${f2(driftThreshold)})`);
    if (repeatedQuestion.answerSimilarity >= settings.answerRestatementSimilarity) {
      reasons.push(`repeats the earlier answer (similarity ${f2(repeatedQuestion.answerSimilarity)})`);
    }
    const why = `this answer ${reasons.join(' and ')}`;
    add(
      'evasive',
      'critical',
      `The user asked this before (turn ${human(repeatedQuestion.similarTo)}, similarity ${f2(repeatedQuestion.similarity)}) and ${why}.`,
      `The user has asked this ${repeatedQuestion.timesAsked} times. Say plainly that the earlier answer missed the point, then answer the exact question in your first sentence. If you do not know, say so and say what would find out.`,
    );
  }
  if (drifting) {
    add(
      'question-drift',
      'warning',
      `The answer drifted from the question: drift ${f2(drift)} is above ${f2(driftThreshold)} for ${def.label.toLowerCase()}.`,
      'Answer the user\u2019s question directly in your first sentence, before any background.',
    );
  }
  if (repeatedQuestion.isRepeat && !evasive && repeatedQuestion.similarTo !== null) {
    add(
      'repeated-question',
      'info',
      `The user repeated the question of turn ${human(repeatedQuestion.similarTo)} (similarity ${f2(repeatedQuestion.similarity)}); this answer takes a new approach.`,
      'The user had to ask again: make the answer explicit and check that it resolved what they needed.',
    );
  }
  if (fragmented) {
    add(
      'fragmentation',
      'warning',
      `The conversation is scattered: ${topicCount} topics in the last ${n} turns (fragmentation ${f2(fragmentation)} > ${f2(expected.maxFragmentation)}).`,
      'Slow down and consolidate: summarise the open threads in one line each and ask which one to pursue.',
    );
  }
  if (topicDrifting) {
    add(
      'topic-drift',
      'warning',
      `The topic has moved away from where the last ${n} turns started (topic drift ${f2(topicDrift)} > ${f2(expected.topicDrift.max)}).`,
      'Check with the user whether the original goal still stands before going further.',
    );
  }
  if (lowQuality) {
    add(
      'low-quality',
      veryLowQuality ? 'critical' : 'warning',
      `Quality ${f2(quality)} is below the expected ${f2(expected.quality.min)} for ${def.label.toLowerCase()}.`,
      'Be concrete and specific: use the user\u2019s own terms and stay on their question.',
    );
  }
  if (alerts.length === 0) guidance.push('On track: keep answering the question that was asked, concisely.');
  if (def.guidance) guidance.push(def.guidance);

  return {
    turnIndex: index,
    context,
    expected,
    questionResponseDrift: drift,
    driftThreshold,
    topicDrift,
    fragmentation,
    topicCount,
    windowTurns: n,
    quality,
    repeatedQuestion,
    status,
    alerts,
    guidance: guidance.join('\n'),
    timings: { embedMs: timings.embedMs, scoreMs: timings.scoreMs },
  };
}

function findRepeat(
  turns: readonly ScoredTurnInput[],
  index: number,
  settings: HealthSettings,
  drifting: boolean,
): RepeatedQuestion {
  const turn = turns[index] as ScoredTurnInput;
  let best = -1;
  let bestSim = -Infinity;
  let timesAsked = 1;
  for (let j = Math.max(0, index - settings.repeatLookback); j < index; j++) {
    const sim = round(cosine(turn.userEmbedding, (turns[j] as ScoredTurnInput).userEmbedding));
    if (sim >= settings.repeatSimilarity) timesAsked++;
    // >= so that on a tie the most recent earlier turn wins.
    if (sim >= bestSim) {
      best = j;
      bestSim = sim;
    }
  }
  if (best === -1) {
    return {
      isRepeat: false,
      similarTo: null,
      similarity: 0,
      answerSimilarity: 0,
      timesAsked,
      unresolved: false,
    };
  }
  const earlier = turns[best] as ScoredTurnInput;
  const answerSimilarity = round(cosine(turn.assistantEmbedding, earlier.assistantEmbedding));
  const isRepeat = bestSim >= settings.repeatSimilarity;
  return {
    isRepeat,
    similarTo: best,
    similarity: bestSim,
    answerSimilarity,
    timesAsked,
    unresolved: isRepeat && (drifting || answerSimilarity >= settings.answerRestatementSimilarity),
  };
}
