import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import {
  recordLeakedRequests,
  lastAnswer,
  sendMessage,
  setHealthModel,
  setUpLocalModel,
  waitForModelReady,
} from './helpers';

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
  // Fully offline means both models are on the device: the chat model and health's encoder.
  await setHealthModel(page);
  await page.goto('/#/chat');
  await sendMessage(page, 'Hello while online');
  await lastAnswer(page);
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('health-strip').first()).toHaveAttribute('data-state', 'scored', {
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
  // Health scores the offline turn too (its encoder comes from IndexedDB): the last thing the app
  // does for this answer, so every request it would make has been made by then.
  await expect(page.getByTestId('health-strip').last()).toHaveAttribute('data-state', 'scored', {
    timeout: 60_000,
  });

  expect(leaks.stop()).toEqual([]);
  // The premise holds: the network really is cut (navigator.onLine is not reliable after a
  // reload under emulation, so ask the network itself).
  const reach = await page.evaluate(
    (url) =>
      fetch(`${url}__requests`).then(
        () => 'reached',
        () => 'cut',
      ),
    HUB_URL,
  );
  expect(reach).toBe('cut');
});
