import { describe, expect, it } from 'vitest';
import { buildCoaching, COACHING_HEADER } from './coaching';
import { formatReport, formatStrip } from './format';
import { PROMPT_ONLY_COACHING, PROMPT_ONLY_LABEL, promptOnlyCoaching } from './prompt-only';
import { HashEmbedder } from './testing/hash-embedder';
import { HealthTracker } from './tracker';

async function evasiveReports() {
  const t = new HealthTracker(new HashEmbedder(), undefined, { now: () => 0 });
  const answer = 'Why a deployment can fail yesterday: a deployment can fail for many reasons.';
  await t.addTurn({ user: 'Why did our deployment fail yesterday?', assistant: answer });
  await t.addTurn({ user: 'Again: why did our deployment fail yesterday?', assistant: answer });
  return t.reports;
}

describe('formatReport', () => {
  it('renders the report in the original tracker\u2019s layout with drift against its threshold', async () => {
    const [first, second] = await evasiveReports();
    const text = formatReport(first!, { timings: false });
    expect(text).toContain('Status: healthy');
    expect(text).toMatch(/Context: Accountability \(both: why did; confidence \d\.\d\d\)/);
    expect(text).toMatch(/Question\u2192Response Drift: 0\.\d{3} \/ 0\.300 \u2713 OK/);
    expect(text).not.toContain('computed locally');

    const evasive = formatReport(second!);
    expect(evasive).toContain('Status: evasive');
    expect(evasive).toContain('Repeated question: YES, like turn 1');
    expect(evasive).toContain('EVASIVE [critical]');
    expect(evasive).toContain('GUIDANCE FOR NEXT TURN');
    expect(evasive).toContain('computed locally in 0.0 ms');
  });

  it('renders the compact strip line', async () => {
    const [first, second] = await evasiveReports();
    // The first answer has nothing to be compared with: no verdict, whatever its status.
    expect(formatStrip(first!, { timings: false })).toMatch(
      /^first answer: no baseline yet · drift 0\.\d\d \(limit 0\.30\) · Accountability$/,
    );
    expect(formatStrip({ ...first!, status: 'drifting' }, { timings: false })).toMatch(/^first answer/);
    expect(formatStrip(second!)).toMatch(
      /^evasive: the answer avoids the question; rephrase or regenerate · drift 0\.\d\d \(limit 0\.30\) · Accountability · 1 alert · 0\.0 ms$/,
    );
  });
});

describe('buildCoaching', () => {
  it('summarises recent statuses and lists the latest alerts', async () => {
    const reports = await evasiveReports();
    const text = buildCoaching(reports[1]!, reports);
    expect(text.startsWith(COACHING_HEADER)).toBe(true);
    expect(text).toContain('Recent turns: 1 healthy, 1 evasive (last 2)');
    expect(text).toContain('! [critical] EVASIVE:');
    expect(text).toContain('GUIDANCE:\n  -> ');
  });
});

describe('prompt-only mode', () => {
  it('is a fixed prompt that says plainly nothing was measured', () => {
    expect(promptOnlyCoaching()).toBe(PROMPT_ONLY_COACHING);
    expect(PROMPT_ONLY_COACHING).toContain('prompt-only mode: nothing was measured');
    expect(PROMPT_ONLY_LABEL).toMatch(/prompt-only/);
    expect(PROMPT_ONLY_COACHING).not.toMatch(/\d\.\d\d/); // no fake scores
  });
});
