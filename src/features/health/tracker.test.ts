import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import { formatReport } from './format';
import { defaultHealthSettings } from './settings';
import { HashEmbedder, hashEmbed } from './testing/hash-embedder';
import { HealthTracker } from './tracker';
import type { HealthReport, HealthSettings, RestoredTurn } from '../../core/health';
import type { Embedder } from '../../core/embedder';

const fixedClock = () => 0;

/** Two unit vectors with an exact cosine, for controlling drift precisely. */
function pairWithCosine(cos: number, dims = 16): [Float32Array, Float32Array] {
  const u = new Float32Array(dims);
  const a = new Float32Array(dims);
  u[0] = 1;
  a[0] = cos;
  a[1] = Math.sqrt(1 - cos * cos);
  return [u, a];
}

/** Defaults without prototype sentences: context comes from keyword rules only. */
function keywordOnlySettings(): HealthSettings {
  const s = defaultHealthSettings();
  for (const c of s.contexts) c.prototypes = [];
  return s;
}

const withoutTimings = (r: HealthReport) => ({ ...r, timings: null });

const ON_TOPIC: [string, string] = [
  'Why did our deployment fail yesterday?',
  'Why the deployment failed yesterday: the database migration failed halfway.',
];
const GENERIC_ANSWER = 'Why a deployment can fail yesterday: a deployment can fail for many reasons.';
const FOCUSED: [string, string][] = [
  [
    'How do I bake sourdough bread at home?',
    'To bake sourdough bread at home, feed the sourdough starter, mix the bread dough and bake it hot.',
  ],
  [
    'How long should the sourdough starter rest before I bake the bread?',
    'Let the sourdough starter rest until it doubles, then mix it into the bread dough and bake the bread.',
  ],
  [
    'My sourdough bread came out dense. How do I get a lighter sourdough bread?',
    'Dense sourdough bread means the starter was weak or the bread dough did not rise long enough.',
  ],
  [
    'What flour works best for sourdough bread?',
    'For sourdough bread, use strong bread flour; it feeds the sourdough starter and gives the bread structure.',
  ],
];
const SCATTERED: [string, string][] = [
  [
    'How do I bake sourdough bread at home?',
    'To bake sourdough bread at home, feed your starter, mix flour and water, and bake the bread hot.',
  ],
  [
    'Which telescope should I buy for watching planets?',
    'For watching planets, buy a telescope with a long focal length, such as a Maksutov telescope.',
  ],
  [
    'How do I change a flat bicycle tyre?',
    'To change a flat bicycle tyre, remove the wheel, lever the tyre off, replace the tube, and pump the tyre.',
  ],
  [
    'What is a good beginner guitar song?',
    'A good beginner guitar song uses the chords G, C and D; the guitar song Knockin on Heavens Door works.',
  ],
];

async function play(
  turns: [string, string][],
  tracker = new HealthTracker(new HashEmbedder(), undefined, { now: fixedClock }),
) {
  const reports: HealthReport[] = [];
  for (const [user, assistant] of turns) reports.push((await tracker.addTurn({ user, assistant })).report);
  return { tracker, reports };
}

describe('HealthTracker: health signals', () => {
  it('rates an on-topic answer to an accountability question healthy, with no alerts', async () => {
    const { reports } = await play([ON_TOPIC]);
    const r = reports[0]!;
    expect(r.context.id).toBe('accountability');
    expect(r.driftThreshold).toBe(0.3);
    expect(r.questionResponseDrift).toBeLessThanOrEqual(0.3);
    expect(r.status).toBe('healthy');
    expect(r.alerts).toEqual([]);
    expect(r.quality).toBeGreaterThanOrEqual(r.expected.quality.min);
  });

  it('keeps a focused multi-turn conversation healthy and unfragmented', async () => {
    const { reports } = await play(FOCUSED);
    for (const r of reports) {
      expect(r.status).toBe('healthy');
      expect(r.topicCount).toBe(1);
      expect(r.fragmentation).toBe(0);
    }
  });

  it('flags a repeated question answered with the same answer again as evasive', async () => {
    const { reports } = await play([
      ['Why did our deployment fail yesterday?', GENERIC_ANSWER],
      ['Again: why did our deployment fail yesterday?', GENERIC_ANSWER],
    ]);
    // The generic first answer looks fine on drift alone: the repeat is what exposes it.
    expect(reports[0]!.status).toBe('healthy');
    const r = reports[1]!;
    expect(r.repeatedQuestion).toMatchObject({
      isRepeat: true,
      similarTo: 0,
      timesAsked: 2,
      unresolved: true,
    });
    expect(r.repeatedQuestion.similarity).toBeGreaterThanOrEqual(0.8);
    expect(r.questionResponseDrift).toBeLessThanOrEqual(r.driftThreshold);
    expect(r.status).toBe('evasive');
    const evasive = r.alerts.find((a) => a.code === 'evasive');
    expect(evasive?.severity).toBe('critical');
    expect(evasive?.message).toContain('turn 1');
    expect(evasive?.message).toContain('repeats the earlier answer');
    expect(r.guidance).toContain('asked this 2 times');
  });

  it('marks a repeated question answered off-topic again as critical (evasive and drifting)', async () => {
    const offTopic = 'Our office coffee machine was replaced with a new espresso model last week.';
    const { reports } = await play([
      ['Why did our deployment fail yesterday?', offTopic],
      [
        'Again: why did our deployment fail yesterday?',
        'Speaking of espresso, the new model has a milk frother too.',
      ],
    ]);
    const r = reports[1]!;
    expect(r.repeatedQuestion.unresolved).toBe(true);
    expect(r.alerts.map((a) => a.code)).toEqual(expect.arrayContaining(['evasive', 'question-drift']));
    expect(r.status).toBe('critical');
  });

  it('treats a repeated question that now gets a new on-topic answer as an info alert, not evasive', async () => {
    const { reports } = await play([
      ['Why did our deployment fail yesterday?', GENERIC_ANSWER],
      ['Again: why did our deployment fail yesterday?', ON_TOPIC[1]],
    ]);
    const r = reports[1]!;
    expect(r.repeatedQuestion.isRepeat).toBe(true);
    expect(r.repeatedQuestion.unresolved).toBe(false);
    expect(r.status).not.toBe('evasive');
    expect(r.alerts).toContainEqual(expect.objectContaining({ code: 'repeated-question', severity: 'info' }));
  });

  it('marks a conversation that jumps to a new topic every turn as fragmented', async () => {
    const { reports } = await play(SCATTERED);
    const last = reports[3]!;
    expect(last.topicCount).toBe(4);
    expect(last.fragmentation).toBe(1);
    expect(last.status).toBe('fragmented');
    expect(last.alerts.map((a) => a.code)).toContain('fragmentation');
    expect(last.guidance).toMatch(/consolidate/i);
    // Two turns are not enough to call a conversation scattered.
    expect(reports[1]!.alerts.map((a) => a.code)).not.toContain('fragmentation');
  });

  it('applies context thresholds: the same drift passes in exploration but alerts in accountability and crisis', async () => {
    const [u, a] = pairWithCosine(0.55); // drift 0.45
    const cases = [
      { user: "Let's brainstorm ideas for the team offsite.", context: 'exploration', status: 'healthy' },
      { user: 'Why did the build break last night?', context: 'accountability', status: 'drifting' },
      { user: 'Urgent: the website is down!', context: 'crisis', status: 'drifting' },
    ];
    for (const c of cases) {
      const tracker = new HealthTracker(new HashEmbedder(), keywordOnlySettings(), { now: fixedClock });
      const { report } = await tracker.addTurn({
        user: c.user,
        assistant: 'x',
        userEmbedding: u,
        assistantEmbedding: a,
      });
      expect(report.questionResponseDrift).toBe(0.45);
      expect(report.context.id).toBe(c.context);
      expect(report.status).toBe(c.status);
      expect(report.alerts.some((x) => x.code === 'question-drift')).toBe(c.status !== 'healthy');
    }
  });

  it('keeps the previous context when a follow-up matches no context', async () => {
    const [u, a] = pairWithCosine(0.9);
    const tracker = new HealthTracker(new HashEmbedder(), keywordOnlySettings(), { now: fixedClock });
    await tracker.addTurn({
      user: 'Why did the build break?',
      assistant: 'x',
      userEmbedding: u,
      assistantEmbedding: a,
    });
    const { report } = await tracker.addTurn({
      user: 'ok, and then?',
      assistant: 'y',
      userEmbedding: u,
      assistantEmbedding: a,
    });
    expect(report.context).toMatchObject({ id: 'accountability', source: 'previous' });
  });
});

describe('HealthTracker: coaching', () => {
  it('has no coaching before the first turn', () => {
    expect(new HealthTracker(new HashEmbedder()).coachingSummary()).toBeNull();
  });

  it('puts context, status, expected ranges and every alert message of the last turn into the coaching text', async () => {
    const { tracker, reports } = await play([
      ['Why did our deployment fail yesterday?', GENERIC_ANSWER],
      ['Again: why did our deployment fail yesterday?', GENERIC_ANSWER],
    ]);
    const text = tracker.coachingSummary()!;
    const last = reports[1]!;
    expect(last.alerts.length).toBeGreaterThan(0);
    expect(text).toContain('Context: ACCOUNTABILITY');
    expect(text).toContain('Status: EVASIVE');
    expect(text).toContain('Quality: 0.60 - 0.80');
    expect(text).toContain('Topic drift: 0.00 - 0.50');
    expect(text).toContain('Max question->response drift: 0.30');
    for (const alert of last.alerts) {
      expect(text).toContain(`${alert.code.toUpperCase()}: ${alert.message}`);
    }
    for (const line of last.guidance.split('\n')) expect(text).toContain(line);
    // Never the user's words: only numbers and instructions go into another model's prompt.
    expect(text).not.toContain('yesterday');
  });

  it('gives a short on-track block when the conversation is healthy', async () => {
    const { tracker } = await play([ON_TOPIC]);
    const text = tracker.coachingSummary()!;
    expect(text).toContain('Status: HEALTHY');
    expect(text).toContain('ALERTS:\n  none');
    expect(text).toMatch(/On track/);
  });
});

describe('HealthTracker: determinism and restore', () => {
  it('produces identical reports for the same input, timings included with an injected clock', async () => {
    const turns = [...FOCUSED, ...SCATTERED, ON_TOPIC];
    const a = await play(turns);
    const b = await play(turns);
    expect(b.reports).toEqual(a.reports);
    expect(a.tracker.coachingSummary()).toBe(b.tracker.coachingSummary());
    expect(a.reports.map((r) => formatReport(r))).toEqual(b.reports.map((r) => formatReport(r)));
  });

  it('varies only in timings when the real clock is used', async () => {
    const turns = [...SCATTERED, ON_TOPIC];
    const a = await play(turns, new HealthTracker(new HashEmbedder()));
    const b = await play(turns, new HealthTracker(new HashEmbedder()));
    expect(b.reports.map(withoutTimings)).toEqual(a.reports.map(withoutTimings));
    for (const r of a.reports) {
      expect(r.timings.embedMs).toBeGreaterThanOrEqual(0);
      expect(r.timings.scoreMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('measures embed and score time with the injected clock', async () => {
    let t = 0;
    const tracker = new HealthTracker(new HashEmbedder(), undefined, { now: () => (t += 5) });
    const { report } = await tracker.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] });
    expect(report.timings).toEqual({ embedMs: 5, scoreMs: 5 });
  });

  it('produces reports that are plain JSON data (storable and postMessage-safe)', async () => {
    const { reports } = await play([...SCATTERED, ON_TOPIC]);
    expect(JSON.parse(JSON.stringify(reports))).toEqual(reports);
  });

  it('restore() rebuilds the same reports from stored embeddings without calling the embedder', async () => {
    const turns = [...FOCUSED, ...SCATTERED];
    const cache = new Map<string, Float32Array>();
    const live = new HealthTracker(new HashEmbedder(), undefined, { now: fixedClock, prototypeCache: cache });
    const stored: RestoredTurn[] = [];
    for (const [user, assistant] of turns) {
      const { embeddings } = await live.addTurn({ user, assistant });
      stored.push({
        user,
        assistant,
        userEmbedding: embeddings.user,
        assistantEmbedding: embeddings.assistant,
      });
    }

    const embedder = new HashEmbedder();
    const reloaded = new HealthTracker(embedder, undefined, { now: fixedClock, prototypeCache: cache });
    const restored = reloaded.restore(stored);
    expect(embedder.calls).toHaveLength(0);
    expect(restored.map(withoutTimings)).toEqual(live.reports.map(withoutTimings));
    expect(reloaded.coachingSummary()).toBe(live.coachingSummary());

    // And the conversation continues from there: one call, two texts.
    await reloaded.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] });
    expect(embedder.calls.map((c) => c.texts.length)).toEqual([2]);
    expect(reloaded.turnCount).toBe(turns.length + 1);
  });

  it('restore() keeps stored reports as they are instead of recomputing them', async () => {
    const { tracker } = await play([ON_TOPIC]);
    const report = { ...tracker.lastReport!, status: 'critical' as const };
    const [u, a] = [hashEmbed(ON_TOPIC[0]), hashEmbed(ON_TOPIC[1])];
    const embedder = new HashEmbedder();
    const restored = new HealthTracker(embedder).restore([
      { user: ON_TOPIC[0], assistant: ON_TOPIC[1], userEmbedding: u, assistantEmbedding: a, report },
    ]);
    expect(restored[0]!.status).toBe('critical');
    expect(embedder.calls).toHaveLength(0);
  });
});

describe('HealthTracker: embedding calls', () => {
  it('embeds each turn in exactly one call with the user and assistant texts', async () => {
    const embedder = new HashEmbedder();
    const tracker = new HealthTracker(embedder);
    await tracker.prepare();
    const prototypeCalls = embedder.calls.length;
    expect(prototypeCalls).toBe(1); // all prototype sentences in one batch
    for (const [user, assistant] of FOCUSED) {
      const { embeddings } = await tracker.addTurn({ user, assistant });
      expect(embeddings.user).toEqual(hashEmbed(user));
      expect(embeddings.assistant).toEqual(hashEmbed(assistant));
    }
    expect(embedder.calls.slice(prototypeCalls)).toEqual(
      FOCUSED.map(([user, assistant]) => ({ texts: [user, assistant] })),
    );
  });

  it('embeds the prototypes on the first turn when prepare() was not called, and only once', async () => {
    const embedder = new HashEmbedder();
    const tracker = new HealthTracker(embedder);
    await play(FOCUSED, tracker);
    expect(embedder.calls).toHaveLength(1 + FOCUSED.length);
    expect(embedder.calls.slice(1).every((c) => c.texts.length === 2)).toBe(true);
  });

  it('reuses stored embeddings: none are recomputed and only missing ones are embedded', async () => {
    const embedder = new HashEmbedder();
    const tracker = new HealthTracker(embedder);
    await tracker.prepare();
    embedder.reset();
    const [user, assistant] = ON_TOPIC;
    const both = await tracker.addTurn({
      user,
      assistant,
      userEmbedding: hashEmbed(user),
      assistantEmbedding: hashEmbed(assistant),
    });
    expect(embedder.calls).toEqual([]);
    expect(both.embeddings.user).toEqual(hashEmbed(user));
    await tracker.addTurn({ user, assistant, userEmbedding: hashEmbed(user) });
    expect(embedder.calls).toEqual([{ texts: [assistant] }]);
  });

  it('fills a shared prototype cache once, so a later tracker embeds no prototypes', async () => {
    const cache = new Map<string, Float32Array>();
    const first = new HashEmbedder();
    await new HealthTracker(first, undefined, { prototypeCache: cache }).prepare();
    expect(cache.size).toBeGreaterThan(0);
    const second = new HashEmbedder();
    const tracker = new HealthTracker(second, undefined, { prototypeCache: cache });
    await tracker.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] });
    expect(second.calls).toEqual([{ texts: [...ON_TOPIC] }]);
  });

  it('scores concurrent addTurn calls in call order, one embed call each', async () => {
    const embedder = new HashEmbedder();
    const tracker = new HealthTracker(embedder, undefined, { now: fixedClock });
    const results = await Promise.all(
      FOCUSED.map(([user, assistant]) => tracker.addTurn({ user, assistant })),
    );
    expect(results.map((r) => r.report.turnIndex)).toEqual([0, 1, 2, 3]);
    const sequential = await play(FOCUSED);
    expect(results.map((r) => r.report)).toEqual(sequential.reports);
  });
});

describe('HealthTracker: failures', () => {
  it('rejects an embedding of another size (model switched) with a TandemError that says to re-embed', async () => {
    const tracker = new HealthTracker(new HashEmbedder(), undefined, { now: fixedClock });
    await tracker.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] });
    const err = await tracker
      .addTurn({
        user: 'a',
        assistant: 'b',
        userEmbedding: new Float32Array(384).fill(0.05),
        assistantEmbedding: new Float32Array(384).fill(0.05),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TandemError);
    expect((err as TandemError).message).toMatch(/different embedding model.*Re-embed/);
    expect(tracker.turnCount).toBe(1);
  });

  it('leaves the tracker unchanged when the embedder fails, so the turn can be retried', async () => {
    let fail = true;
    const inner = new HashEmbedder();
    const flaky: Embedder = {
      embed: (texts) =>
        fail && texts.length === 2 ? Promise.reject(new Error('worker crashed')) : inner.embed(texts),
    };
    const tracker = new HealthTracker(flaky, undefined, { now: fixedClock });
    await expect(tracker.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] })).rejects.toBeInstanceOf(
      TandemError,
    );
    expect(tracker.turnCount).toBe(0);
    expect(tracker.coachingSummary()).toBeNull();
    fail = false;
    const { report } = await tracker.addTurn({ user: ON_TOPIC[0], assistant: ON_TOPIC[1] });
    expect(report.turnIndex).toBe(0);
  });

  it('rejects an embedder that returns the wrong number of vectors', async () => {
    const bad: Embedder = { embed: async () => [] };
    const tracker = new HealthTracker(bad, keywordOnlySettings());
    await expect(tracker.addTurn({ user: 'a', assistant: 'b' })).rejects.toThrow(
      /returned 0 vectors for 2 texts/,
    );
  });

  it('refuses invalid settings at construction with the validation errors in the message', () => {
    const s = defaultHealthSettings();
    s.windowSize = 0;
    expect(() => new HealthTracker(new HashEmbedder(), s)).toThrow(
      /windowSize must be a whole number from 2 to 50, got 0/,
    );
  });
});

describe('HealthTracker: cost stays flat', () => {
  it('looks at a bounded window however long the conversation gets', async () => {
    const turns: [string, string][] = Array.from({ length: 40 }, (_, i) => FOCUSED[i % FOCUSED.length]!);
    const { reports } = await play(turns);
    expect(Math.max(...reports.map((r) => r.windowTurns))).toBe(defaultHealthSettings().windowSize);
  });
});
