import { expect, test } from './fixtures';
import { recordLeakedRequests, lastAnswer, sendMessage, setUpLocalModel, waitForModelReady } from './helpers';

test.use({ serviceWorkers: 'allow' });

test('after one online visit the app reloads and chats with the network cut, making no request', async ({
  page,
  context,
}) => {
  await page.goto('/');
  // The service worker precaches the shell and the onnxruntime wasm on the first visit.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });
  await setUpLocalModel(page);
  await sendMessage(page, 'Hello while online');
  await lastAnswer(page);
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  // Health starts loading its embedding model after the first answer (here the host lacks it):
  // let that settle so its request is not mistaken for one made offline.
  await expect(page.getByTestId('health-strip').first()).toHaveAttribute('data-state', /^(scored|error)$/, {
    timeout: 60_000,
  });

  // Cut the network and record every request from now on (page, workers, service worker).
  await context.setOffline(true);
  const leaks = recordLeakedRequests(context);

  await page.reload();
  await expect(
    page
      .getByRole('heading', { name: 'Private chat on your own device' })
      .or(page.getByTestId('message-user')),
  ).toBeVisible();
  await page.getByTestId('conversation-item').first().getByRole('button').first().click();
  await expect(page.getByTestId('message-user').first().locator('.plain')).toHaveText('Hello while online');
  await waitForModelReady(page);
  await sendMessage(page, 'And hello while offline');
  const answer = await lastAnswer(page);
  expect(answer).toContain("Hello from Tandem's tiny test model");
  await page.waitForTimeout(500);

  expect(leaks.stop()).toEqual([]);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
});
