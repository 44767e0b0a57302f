import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../src/features/chat/import/testdata/${name}`, import.meta.url));

test('chats from ChatGPT and Claude.ai come in with their branches; a bad file changes nothing', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const input = page.getByLabel('Chats from another app');
  const status = page.getByTestId('chat-import-status');

  await input.setInputFiles(fixture('chatgpt-branched.json'));
  await expect(status).toHaveAttribute('data-kind', 'ok');
  await expect(status).toHaveText(
    'Added 2 conversations (9 messages) from ChatGPT. Left out: 2 tool calls or results, 1 image, 1 attachment.',
  );
  await expect(status).toHaveRole('status');

  await input.setInputFiles(fixture('claude.json'));
  await expect(status).toHaveText(
    /^Added 1 conversation \(4 messages\) from Claude\.ai\. Left out: .*1 reasoning block/,
  );

  // The same file again: every conversation is found and skipped.
  await input.setInputFiles(fixture('chatgpt-branched.json'));
  await expect(status).toHaveText(
    /Added 0 conversations \(0 messages\).*Skipped 2 conversations imported before\./,
  );

  // Not a chat export: refused with the reason, nothing stored.
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('[{"mapping": 5}]'),
  });
  await expect(status).toHaveAttribute('data-kind', 'error');
  await expect(status).toContainText('broken.json was not imported');
  await expect(status).toContainText('Nothing was changed.');

  await page.goto('/#/chat');
  await expect(page.getByTestId('conversation-item')).toHaveCount(3);
  const capitals = page
    .getByTestId('conversation-item')
    .getByRole('button', { name: 'Capitals', exact: true });
  await capitals.click();
  // ChatGPT's current_node is the branch on screen: the edited question and its first answer.
  const question = page.getByTestId('message-user');
  const answer = page.getByTestId('message-assistant');
  // Wait for the switch itself: the conversation shown before has two questions on screen.
  await expect(capitals).toHaveAttribute('aria-current', 'true');
  await expect(question).toHaveCount(1);
  await expect(question.locator('.plain')).toHaveText('What is the capital of Italy?');
  await expect(question.getByTestId('branch-count')).toHaveText('2 / 2');
  await expect(answer.locator('.markdown')).toHaveText('Rome.');
  await expect(answer.getByTestId('branch-count')).toHaveText('1 / 2');
  await expect(answer.getByTestId('answer-notice')).toHaveText('Written by gpt-4o in ChatGPT.');
  await answer.getByRole('button', { name: 'Next branch' }).click();
  await expect(answer.locator('.markdown')).toHaveText('Rome, capital since 1871.');
  await question.getByRole('button', { name: 'Previous branch' }).click();
  await expect(question.locator('.plain')).toHaveText('What is the capital of France?');
  await expect(answer.locator('.markdown')).toHaveText('Paris.');

  await page.getByTestId('conversation-item').getByRole('button', { name: 'Tea', exact: true }).click();
  await expect(question).toHaveCount(2);
  await expect(answer.last().locator('.markdown')).toHaveText('Around 80 °C, below boiling.');
});
