/**
 * Documents with the network cut, after one online visit (the service worker on): a Markdown
 * file and a PDF (pdf.js kept by the service worker since its first use) are read, searched and
 * given to the local model, and a removed one is gone from the next request, with no request made.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makePdf } from '../fixtures/documents/make-pdf';
import {
  recordLeakedRequests,
  sendMessage,
  setHealthModel,
  settledAnswer,
  setUpLocalModel,
  waitForModelReady,
} from './helpers';
import { recordWorkerCalls, workerCalls } from './worker-calls';

test.use({ serviceWorkers: 'allow' });

const file = (name: string, text: string) => ({
  name,
  mimeType: 'text/markdown',
  buffer: Buffer.from(text),
});
const pdf = (name: string, line: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(makePdf([[line]])),
});

async function lastGenerate(page: Page): Promise<string> {
  const calls = await workerCalls(page, 'generate');
  return (calls.at(-1)?.params.messages ?? []).map((m) => m.content).join('\n');
}

test('offline, attached documents are read, used and removed as online, making no request', async ({
  page,
  context,
}) => {
  await recordWorkerCalls(page);
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await setUpLocalModel(page);
  // The sentence encoder is on this device too, so documents are embedded offline as well. (Without
  // it the app would try to fetch the encoder on first use, and Chromium's emulated offline does not
  // always set navigator.onLine to false after a reload, so that try could reach the network layer.)
  await setHealthModel(page);
  await page.goto('/#/chat');
  // One PDF online: pdf.js is fetched once and kept by the service worker.
  await page.getByLabel('Attach documents').setInputFiles([pdf('first.pdf', 'Online PDF line.')]);
  await expect(page.getByTestId('document-item')).toHaveCount(1);

  await context.setOffline(true);
  const leaks = recordLeakedRequests(context);
  await page.reload();
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await waitForModelReady(page);
  await page
    .getByLabel('Attach documents')
    .setInputFiles([
      file('harbour.md', '# Harbour\n\nThe secret harbour code is BLUEFIN-42.\n'),
      pdf('keeper.pdf', 'The lighthouse keeper is named Orla Quint.'),
    ]);
  const items = page.getByTestId('document-item');
  await expect(items).toHaveCount(3);
  await expect(page.getByTestId('document-problem')).toHaveCount(0);

  await sendMessage(page, 'Who is the lighthouse keeper?');
  let answer = await settledAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('source').filter({ hasText: 'keeper.pdf' })).toContainText('Orla Quint');
  expect(await lastGenerate(page)).toContain('The lighthouse keeper is named Orla Quint.');

  await page.getByRole('button', { name: 'Remove keeper.pdf' }).click();
  await expect(items).toHaveCount(2);
  await sendMessage(page, 'Who is the lighthouse keeper, again?');
  answer = await settledAnswer(page);
  await expect(answer.getByTestId('source').filter({ hasText: 'keeper.pdf' })).toHaveCount(0);
  expect(await lastGenerate(page)).not.toContain('Orla Quint');

  const origin = new URL(page.url()).origin;
  expect(
    leaks.stop().filter((u) => !(u.startsWith(`${origin}/`) && u.endsWith('(net::ERR_ABORTED)'))),
  ).toEqual([]);
});
