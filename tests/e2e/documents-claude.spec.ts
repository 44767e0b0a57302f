/**
 * Documents when the router sends the question to Claude: only the retrieved excerpts are in
 * the request (never the whole document), the answer's privacy line says so, and a removed
 * document is in no later request.
 */
import { expect, test } from './fixtures';
import { makePdf } from '../fixtures/documents/make-pdf';
import { sendMessage } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();

/** Forty paragraphs no question here shares a word with, each with its own marker. */
const FILLER = Array.from(
  { length: 40 },
  (_, i) => `Ochre velvet tangerine orbit marker${i} drifts over quiet meadows, lantern plum gravel.`,
).join('\n\n');

const notes = {
  name: 'notes.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from(`# Notes\n\nThe secret harbour code is BLUEFIN-42.\n\n${FILLER}\n`),
};
const pdf = {
  name: 'keeper.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from(makePdf([['Orla Quint keeps a lighthouse.']])),
};

const lastRequest = (): string => JSON.stringify(messageRequests(fake()).at(-1)?.body ?? null);

test('only the retrieved excerpts go to Claude, the answer says so, and a removed document is not sent', async ({
  page,
}) => {
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  await page.goto('/#/chat');
  await page.getByLabel('Attach documents').setInputFiles([notes, pdf]);
  await expect(page.getByTestId('document-item')).toHaveCount(2);

  await sendMessage(page, 'What is the secret harbour code?');
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('source').first()).toContainText('BLUEFIN-42');
  const sent = lastRequest();
  expect(sent).toContain('The secret harbour code is BLUEFIN-42.');
  // The document is far larger than what was sent: most of its paragraphs stayed here.
  const markers = FILLER.match(/marker\d+/g)!.filter((m) => sent.includes(`${m} `));
  expect(markers.length).toBeLessThan(20);
  const sources = await answer.getByTestId('source').count();
  await expect(answer.getByTestId('sources-privacy')).toHaveText(
    new RegExp(
      `^Sent to Claude: your question and ${sources} excerpts? from notes\\.md.*\\. The rest of your documents stayed on this device\\.$`,
    ),
  );

  await page.getByRole('button', { name: 'Remove notes.md' }).click();
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await sendMessage(page, 'Tell me the secret harbour code again');
  await settledAnswer(page);
  // The earlier answer is history, but the removed document's excerpt block is not sent again.
  const next = lastRequest();
  expect(next).not.toContain('[1] notes.md');
  expect(next).not.toContain('marker3 ');
});
