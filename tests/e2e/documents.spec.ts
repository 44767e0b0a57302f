import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { expect, test } from './fixtures';
import { makePdf } from '../fixtures/documents/make-pdf';
import { sendMessage, setUpLocalModel, settledAnswer } from './helpers';
import { recordWorkerCalls, workerCalls } from './worker-calls';
import { downloadText } from './storage-helpers';

/** Everything the local model was sent for its newest answer, as one string. */
async function lastGenerate(page: import('@playwright/test').Page): Promise<string> {
  const calls = await workerCalls(page, 'generate');
  return (calls.at(-1)?.params.messages ?? []).map((m) => m.content).join('\n');
}

const markdown = {
  name: 'harbour.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from(
    '# Harbour notes\n\nBoats dock at pier four.\n\nThe secret harbour code is BLUEFIN-42.\n',
  ),
};
const pdf = {
  name: 'keeper.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from(
    makePdf([['The lighthouse keeper is named Orla Quint.'], ['She rows to the island daily.']]),
  ),
};

test('answers cite the attached Markdown and PDF; a removed document is no longer used', async ({ page }) => {
  await recordWorkerCalls(page);
  await setUpLocalModel(page);
  const attach = page.getByLabel('Attach documents');
  await attach.setInputFiles([markdown, pdf]);
  const items = page.getByTestId('document-item');
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: 'keeper.pdf' })).toContainText('1 chunk');

  await sendMessage(page, 'What is the secret harbour code?');
  let answer = await settledAnswer(page);
  await answer.getByText('Sources').click();
  await expect(answer.getByTestId('source').first()).toContainText('harbour.md');
  await expect(answer.getByTestId('source').first()).toContainText('BLUEFIN-42');
  // The excerpt is in what the model was given, and the answer says it stayed on the device.
  expect(await lastGenerate(page)).toContain('The secret harbour code is BLUEFIN-42.');
  await expect(answer.getByTestId('sources-privacy')).toContainText('Answered on this device with');

  await sendMessage(page, 'Who is the lighthouse keeper?');
  answer = await settledAnswer(page);
  await answer.getByText('Sources').click();
  await expect(answer.getByTestId('source').first()).toContainText('keeper.pdf');
  await expect(answer.getByTestId('source').first()).toContainText('Orla Quint');

  await page.getByRole('button', { name: 'Remove harbour.md' }).click();
  await expect(items).toHaveCount(1);
  await sendMessage(page, 'Tell me the secret harbour code again');
  answer = await settledAnswer(page);
  await expect(answer.getByTestId('source').filter({ hasText: 'harbour.md' })).toHaveCount(0);
  expect(await lastGenerate(page)).not.toContain('BLUEFIN-42');

  // After a reload the document list of the conversation is still there.
  await page.reload();
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await expect(page.getByTestId('document-item')).toContainText('keeper.pdf');
});

test('a 200 MB PDF, an unsupported file and a scanned PDF are refused with the reason; nothing stored is lost', async ({
  page,
}, testInfo) => {
  // A sparse 200 MB file: refused by its size before a byte of it is read.
  const huge = testInfo.outputPath('huge.pdf');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 200 * 1024 * 1024);
  closeSync(fd);
  await setUpLocalModel(page);
  const attach = page.getByLabel('Attach documents');
  await attach.setInputFiles([pdf]);
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await attach.setInputFiles([
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf([null])) },
  ]);
  const problems = page.getByTestId('document-problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.first()).toContainText('“photo.png” is not a file Tandem can read');
  await expect(problems.last()).toContainText(
    '“scan.pdf”: no text found: scanned pages need OCR, which Tandem does not do',
  );
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await expect(page.getByTestId('document-item')).toContainText('keeper.pdf');
  await attach.setInputFiles(huge);
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText(
    '“huge.pdf” is 200.0 MB; the largest document Tandem reads is 50.0 MB.',
  );
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await expect(page.getByTestId('document-item')).toContainText('keeper.pdf');
});

test('a library document is used in every conversation, with its size and chunks', async ({ page }) => {
  await recordWorkerCalls(page);
  await setUpLocalModel(page);
  await page.getByLabel('Attach documents').setInputFiles([markdown]);
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await page.getByRole('button', { name: 'Use harbour.md in every conversation' }).click();
  const library = page.getByTestId('library-item');
  await expect(library).toHaveCount(1);
  await expect(library).toContainText(/library · \d+ B · 1\s+chunk/);
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await sendMessage(page, 'What is the secret harbour code?');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('source').first()).toContainText('BLUEFIN-42');
  expect(await lastGenerate(page)).toContain('BLUEFIN-42');
  await page.getByRole('button', { name: 'Remove harbour.md' }).click();
  await expect(library).toHaveCount(0);
  await sendMessage(page, 'What is the secret harbour code again?');
  await settledAnswer(page);
  expect(await lastGenerate(page)).not.toContain('BLUEFIN-42');
});

test('documents travel in the backup: export, remove, import brings them back with their chunks', async ({
  page,
}) => {
  await setUpLocalModel(page);
  await page.getByLabel('Attach documents').setInputFiles([markdown, pdf]);
  await expect(page.getByTestId('document-item')).toHaveCount(2);
  await page.goto('/#/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all data' }).click();
  const text = await downloadText(await downloading);
  const backup = JSON.parse(text) as { documents: { name: string }[]; documentChunks: { text: string }[] };
  expect(backup.documents.map((d) => d.name).sort()).toEqual(['harbour.md', 'keeper.pdf']);
  expect(backup.documentChunks.map((c) => c.text).join('\n')).toContain('BLUEFIN-42');

  await page.goto('/#/chat');
  await page.getByRole('button', { name: 'Remove harbour.md' }).click();
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await page.goto('/#/settings');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('import-status')).toContainText('Added 1 document (1 chunk).');
  await page.goto('/#/chat');
  await expect(page.getByTestId('document-item')).toHaveCount(2);
  await expect(page.getByTestId('document-item').filter({ hasText: 'harbour.md' })).toContainText(
    /1\s+chunk/,
  );
  await sendMessage(page, 'What is the secret harbour code?');
  const answer = await settledAnswer(page);
  await expect(answer.getByTestId('source').first()).toContainText('BLUEFIN-42');

  // A damaged document record makes the whole file refused: nothing changes.
  const broken = JSON.parse(text) as { documentChunks: unknown[] };
  broken.documentChunks = broken.documentChunks.slice(1);
  await page.goto('/#/settings');
  await page.getByLabel('Backup file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  const status = page.getByTestId('import-status');
  await expect(status).toContainText(/says it has \d+ chunks; the file holds/);
  await expect(status).toContainText('Nothing was changed.');
  await page.goto('/#/chat');
  await expect(page.getByTestId('document-item')).toHaveCount(2);
});
