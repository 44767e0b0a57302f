/**
 * What the Evaluate workbench relies on in a stored promptfoo plan and grading (valibot, loose like the
 * other stored records): read back by db/evaluations.ts, so a damaged record is quarantined
 * instead of breaking a resume or an export.
 */
import * as v from 'valibot';

const message = v.looseObject({ role: v.picklist(['system', 'user', 'assistant']), content: v.string() });
const assertion = v.looseObject({ type: v.string() });
const component = v.looseObject({
  type: v.string(),
  pass: v.boolean(),
  score: v.number(),
  reason: v.string(),
  weight: v.number(),
});

export const storedPlanSchema = v.looseObject({
  description: v.string(),
  prompts: v.array(v.looseObject({ label: v.string(), raw: v.string() })),
  providers: v.record(v.string(), v.looseObject({ id: v.string() })),
  cases: v.array(
    v.looseObject({
      testIndex: v.number(),
      promptIndex: v.number(),
      vars: v.record(v.string(), v.unknown()),
      messages: v.pipe(v.array(message), v.minLength(1)),
      assert: v.array(assertion),
    }),
  ),
  skipped: v.record(v.string(), v.number()),
  grader: v.optional(v.string()),
});

export const storedGradingSchema = v.looseObject({
  pass: v.boolean(),
  score: v.number(),
  reason: v.string(),
  namedScores: v.record(v.string(), v.number()),
  components: v.array(component),
});
