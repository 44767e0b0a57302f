/**
 * Your server answers 503 "Loading model" at first: the answer says it is retrying (n of 3) while
 * it waits, then comes from the server once the model is loaded, and the notice turns into a
 * past-tense line ("answered after 2 retries"), which is also what is stored.
 */
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fixtures/openai/fake-server';
import { configureClaude, settledAnswer, useFakeClaude } from './claude-helpers';
import { sendMessage } from './helpers';
import { expect, test } from './fixtures';

const claude = useFakeClaude();
let server: FakeOpenAiServer;
test.beforeAll(async () => {
  server = await startFakeOpenAiServer({ port: 0, host: '127.0.0.1' });
});
test.afterAll(async () => {
  await server.close();
});

test('a server still loading its model: "retrying (n of 3)" while it waits, "answered after 2 retries" once it answers', async ({
  page,
}) => {
  await configureClaude(page, claude().url);
  await page.getByTestId('claude-settings').getByLabel('Routing strategy').selectOption('private');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
  await page.goto('/#/chat');

  // Two 503s: the app waits 1 s, then 2 s, before the third try answers.
  server.clearRequests();
  server.control({ loading: 2 });
  await sendMessage(page, 'hello');
  const streaming = page.getByTestId('message-assistant').last();
  await expect(streaming.getByTestId('answer-notice')).toContainText(
    /^Your server is loading the model, retrying \([12] of 3\)…/,
  );

  const answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.markdown')).toContainText('Server (fake llama3.1:8b) answer to: hello');
  await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'server');
  // One notice, in the past tense: nothing says it is still retrying.
  await expect(answer.getByTestId('answer-notice')).toHaveText(
    'Your server was loading the model: answered after 2 retries.',
  );
  await expect(answer).not.toContainText('retrying');
  expect(server.requests().filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3);

  // It is what was stored: the same single line after a reload.
  await page.reload();
  const again = await settledAnswer(page);
  await expect(again.getByTestId('answer-notice')).toHaveText(
    'Your server was loading the model: answered after 2 retries.',
  );
});
