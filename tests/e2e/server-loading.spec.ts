/**
 * Your server answers 503 "Loading model" at first: the answer says it is retrying (1 of 3) and
 * then comes from the server once the model is loaded.
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

test('a server still loading its model: "retrying (1 of 3)" on the answer, then the answer', async ({
  page,
}) => {
  await configureClaude(page, claude().url);
  await page.getByTestId('claude-settings').getByLabel('Routing strategy').selectOption('private');
  const section = page.getByTestId('server-settings');
  await section.getByLabel('Server URL').fill(server.url);
  await section.getByRole('button', { name: 'Check connection' }).click();
  await expect(section.getByTestId('server-check')).toHaveAttribute('data-state', 'ok');
  await page.goto('/#/chat');

  server.control({ loading: 1 });
  await sendMessage(page, 'hello');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('answer-notice')).toHaveText(
    'Your server is loading the model, retrying (1 of 3)…',
  );
  await expect(answer.locator('.markdown')).toContainText('Server (fake llama3.1:8b) answer to: hello');
  await expect(answer.getByTestId('route-label')).toHaveAttribute('data-target', 'server');
});
