/**
 * LLMLingua-2 compression before a paid call, with the generated tiny token-classification
 * model (tandem-test/tiny-llmlingua) served by the local hub and really run by transformers.js
 * in the compression worker: size shown before download, before/after token counts, the
 * compressed text visible, and the latest message and code blocks sent untouched.
 */
import { expect, test } from './fixtures';
import { openSettingsAndSetHost, sendMessage } from './helpers';
import { configureClaude, messageRequests, settledAnswer, useFakeClaude } from './claude-helpers';

const fake = useFakeClaude();
const MODEL = 'tandem-test/tiny-llmlingua';

test('LLMLingua-2 compresses the older context on the tiny model, shows the counts and never touches the last message or code', async ({
  page,
}) => {
  test.setTimeout(240_000); // loads a model in a worker; slow on a loaded 2-core machine
  await openSettingsAndSetHost(page);
  await configureClaude(page, fake().url, { strategy: 'claude-only' });
  const section = page.getByTestId('claude-settings');
  await section.getByLabel('Compress context').check();
  const compression = section.getByTestId('compression-settings');
  await compression.getByLabel('Compression method').selectOption('llmlingua2');
  await compression.getByLabel('LLMLingua-2 model id').fill(MODEL);
  await compression.getByRole('button', { name: 'Use model' }).click();
  await compression.getByLabel('Target rate').fill('0.5');
  await compression.getByLabel('Target rate').blur();
  // The size is known (from the host) before anything is downloaded.
  const download = compression.getByRole('button', { name: /Download & load tiny-llmlingua \(0\.\d\d MB\)/ });
  await expect(download).toBeVisible();
  await download.click();
  await expect(compression.getByTestId('compression-model-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 60_000,
  });

  await page.goto('/#/chat');
  const code = '```python\nprint("keep this code exactly as written")\n```';
  const prose =
    'Our garden notes describe the tomatoes, the compost heap and the spring weather in the valley in detail. ';
  await sendMessage(page, `${prose.repeat(12)}\n${code}\n${prose.repeat(4)}`);
  await expect(await settledAnswer(page)).toHaveAttribute('data-status', 'complete');
  const latest = 'What is the capital of France, and why do tomatoes split after heavy rain?';
  await sendMessage(page, latest);
  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');

  const notice = answer.getByTestId('answer-notice');
  await expect(notice).toHaveAttribute('data-kind', 'compression');
  await expect(notice).toContainText(
    /compressed with LLMLingua-2 before sending: [\d,]+ tokens saved \([\d,]+ → [\d,]+\)/,
  );
  const [, before, after] = /\(([\d,]+) → ([\d,]+)\)/.exec(await notice.innerText()) ?? [];
  expect(Number(after!.replace(/,/g, ''))).toBeLessThan(Number(before!.replace(/,/g, '')));
  const shown = notice.getByTestId('compressed-text');
  await shown.locator('summary').click();
  await expect(shown).toContainText('print("keep this code exactly as written")');

  const [, second] = messageRequests(fake());
  const body = second!.body as { messages: { role: string; content: { type: string; text?: string }[] }[] };
  const texts = body.messages.map((m) => m.content.map((b) => b.text ?? '').join(''));
  expect(texts.at(-1)).toBe(latest); // the latest message, untouched
  expect(texts[0]).toContain(code); // the code block, untouched
  expect(texts[0]!.length).toBeLessThan(`${prose.repeat(16)}\n${code}\n`.length); // the prose, shorter
});
