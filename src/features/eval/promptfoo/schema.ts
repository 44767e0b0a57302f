/**
 * The shape of a promptfoo configuration as Tandem reads it (valibot). Loose objects: promptfoo
 * has many more fields; the ones Tandem cannot honour are counted by `load.ts`, never refused
 * silently or dropped silently.
 */
import * as v from 'valibot';

const vars = v.record(v.string(), v.unknown(), 'vars must be an object of names and values');

export const assertionSchema = v.looseObject(
  {
    type: v.pipe(v.string('an assertion type must be text'), v.minLength(1, 'an assertion needs a type')),
    value: v.optional(v.unknown()),
    threshold: v.optional(v.number('threshold must be a number')),
    weight: v.optional(
      v.pipe(v.number('weight must be a number'), v.minValue(0, 'weight must be at least 0')),
    ),
    metric: v.optional(v.string('metric must be text')),
  },
  'an assertion must be an object with a type',
);

export const testSchema = v.looseObject(
  {
    description: v.optional(v.string('description must be text')),
    vars: v.optional(vars),
    assert: v.optional(v.array(assertionSchema, 'assert must be a list')),
    threshold: v.optional(v.number('threshold must be a number')),
    options: v.optional(
      v.looseObject({
        prefix: v.optional(v.string('options.prefix must be text')),
        suffix: v.optional(v.string('options.suffix must be text')),
      }),
    ),
  },
  'a test must be an object',
);

const promptObject = v.looseObject(
  {
    id: v.optional(v.string('a prompt id must be text')),
    raw: v.optional(v.string('a prompt raw must be text')),
    label: v.optional(v.string('a prompt label must be text')),
  },
  'a prompt must be text or an object',
);

export const providerObject = v.looseObject(
  {
    id: v.pipe(v.string('a provider id must be text'), v.minLength(1, 'a provider needs an id')),
    label: v.optional(v.string('a provider label must be text')),
  },
  'a provider must be an id or an object with an id',
);

export const promptfooSchema = v.looseObject(
  {
    description: v.optional(v.string('description must be text')),
    prompts: v.union(
      [
        v.string(),
        v.array(v.union([v.string(), promptObject], 'a prompt must be text or an object')),
        v.record(v.string(), v.string()),
      ],
      'prompts must be text, a list or an object',
    ),
    providers: v.optional(
      v.union(
        [v.string(), v.array(v.union([v.string(), v.record(v.string(), v.unknown())]))],
        'providers must be an id or a list',
      ),
    ),
    targets: v.optional(
      v.union(
        [v.string(), v.array(v.union([v.string(), v.record(v.string(), v.unknown())]))],
        'targets must be an id or a list',
      ),
    ),
    // Checked test by test by the loader, so a message names the test's own field.
    tests: v.optional(v.unknown()),
    defaultTest: v.optional(v.unknown()),
  },
  'the promptfoo configuration must be an object',
);

export type PromptfooConfig = v.InferOutput<typeof promptfooSchema>;
export type RawTest = v.InferOutput<typeof testSchema>;

/** The first issue as "path: message". */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}
