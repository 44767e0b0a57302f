import { expect, test } from './fixtures';
import { makePdf } from '../fixtures/documents/make-pdf';
import { sendMessage, setUpLocalModel, settledAnswer } from './helpers';

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

  // After a reload the document list of the conversation is still there.
  await page.reload();
  await expect(page.getByTestId('document-item')).toHaveCount(1);
  await expect(page.getByTestId('document-item')).toContainText('keeper.pdf');
});

test('an unsupported file and a scanned PDF are refused with the reason; nothing stored is lost', async ({
  page,
}) => {
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
});
