/** Built-in starter configurations: a first evaluation without writing a file. */
import type { EvalConfig } from '../../core/eval-config';

const base = { version: 1 as const, settings: { runs: 1, maxTokens: 256, temperature: 0.2 } };

export const STARTER_SETS: { id: string; label: string; config: Omit<EvalConfig, 'models'> }[] = [
  {
    id: 'facts',
    label: 'Short factual questions',
    config: {
      ...base,
      name: 'Short factual questions',
      sequences: [
        {
          name: 'Capital',
          prompts: [{ name: 'France', text: 'What is the capital of France? Answer in one word.' }],
        },
        { name: 'Science', prompts: [{ name: 'Water', text: 'What is the chemical formula of water?' }] },
        { name: 'Maths', prompts: [{ name: 'Sum', text: 'What is 17 + 25? Give only the number.' }] },
      ],
      checks: [{ type: 'max-length', value: 200 }],
    },
  },
  {
    id: 'story',
    label: 'A multi-turn story',
    config: {
      ...base,
      name: 'Multi-turn story',
      settings: { runs: 1, maxTokens: 300, temperature: 0.8 },
      sequences: [
        {
          name: 'Lighthouse',
          prompts: [
            { name: 'Opening', text: 'Start a short story about a lighthouse keeper, in three sentences.' },
            { name: 'Twist', text: 'Continue the story: a ship appears that should not exist.' },
            { name: 'Ending', text: 'End the story in two sentences, keeping the keeper’s name.' },
          ],
        },
      ],
      checks: [{ type: 'not-contains', value: 'As an AI' }],
    },
  },
  {
    id: 'code',
    label: 'Code',
    config: {
      ...base,
      name: 'Code',
      sequences: [
        {
          name: 'Python',
          prompts: [
            {
              name: 'Reverse',
              text: 'Write a Python function reverse_words(s) that reverses the order of words.',
            },
            { name: 'Test', text: 'Now write two pytest tests for that function.' },
          ],
        },
      ],
      checks: [{ type: 'regex', value: 'def\\s+\\w+\\s*\\(' }],
    },
  },
  {
    id: 'instructions',
    label: 'Instruction following',
    config: {
      ...base,
      name: 'Instruction following',
      sequences: [
        {
          name: 'Format',
          prompts: [{ name: 'Three bullets', text: 'List three fruits as a bulleted list, nothing else.' }],
        },
        { name: 'Length', prompts: [{ name: 'Ten words', text: 'Describe the sea in at most ten words.' }] },
        { name: 'Refuse', prompts: [{ name: 'No emoji', text: 'Say hello without using any emoji.' }] },
      ],
      checks: [{ type: 'max-length', value: 300 }],
    },
  },
];

/** A starter set with the models the user picked. */
export function starterConfig(id: string, models: string[]): EvalConfig | null {
  const set = STARTER_SETS.find((s) => s.id === id);
  return set ? (structuredClone({ ...set.config, models }) as EvalConfig) : null;
}
