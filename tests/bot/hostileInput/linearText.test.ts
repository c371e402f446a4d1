/**
 * The regexes and scans that read what a user wrote, timed on 200 KB shaped to make a
 * backtracking pattern quadratic (issue 13, finding 7: one 200 KB message blocked the event loop
 * 38 s in the analytics' e-mail redaction). They run in a child process with a hard time limit,
 * because a quadratic scan would hold jest's own event loop past any test timeout. Linear code
 * takes milliseconds here; the 500 ms bound only stands for "not quadratic" on a slow machine.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { compiledServer } from '../../support/serverProcess';

const SIZE = 200 * 1024;
const BOUND_MS = 500;
/** The scans timed on each input (the child's `functions`). */
const FUNCTION_COUNT = 18;

/** Inputs and functions, as source for the child; each input is built there, not sent over. */
const INPUTS: Record<string, string> = {
  'letters without an @': `'a'.repeat(${SIZE})`,
  'one @ then dotted labels without a top-level domain': `'a@' + 'b.'.repeat(${SIZE / 2}) + '1'`,
  'a local part as long as the text, then @': `'a'.repeat(${SIZE}) + '@x'`,
  '@ after every letter': `'a@'.repeat(${SIZE / 2})`,
  'dots, then a letter': `'.'.repeat(${SIZE}) + 'x'`,
  'spaced exclamation marks, then a letter': `' !'.repeat(${SIZE / 2}) + 'x'`,
  'digits split by triple separators': `'1 - '.repeat(${SIZE / 4})`,
  'words a person request starts with': `'je veux '.repeat(${SIZE / 8})`,
  'words a failure report starts with': `'non ca marche '.repeat(${SIZE / 14})`,
  'aside markers': `'oh wait, '.repeat(${SIZE / 9})`,
  // "bye bye" was also two "bye": read both ways at every pair, 20 of them took 13 s.
  'farewells readable two ways, then a letter': `'bye bye '.repeat(${SIZE / 8}) + 'x'`,
  'thanks around a yes, then a letter': `'ok merci '.repeat(${SIZE / 9}) + 'x'`,
  'a journey trigger word without its other half': `'tab '.repeat(${SIZE / 4})`,
  'questions the help recognises, run together': `'what can you do '.repeat(${SIZE / 16})`,
};

function childScript(build: string): string {
  const load = (file: string) => `require(${JSON.stringify(path.join(build, file))})`;
  return `
    const redact = ${load('bot/analytics/redact.js')};
    const text = ${load('dialogs/text.js')};
    const intents = ${load('dialogs/intents.js')};
    const prompts = ${load('dialogs/interruptibleDialog.js')};
    const followUps = ${load('dialogs/followUpIntents.js')};
    const choices = ${load('dialogs/prompts/localizedChoicePrompt.js')};
    const TWO_FACTOR_CHOICES = ['Activer la 2FA', 'Désactiver la 2FA', 'Autre chose'];
    const functions = {
      replaceEmails: redact.replaceEmails,
      stripContactDetails: redact.stripContactDetails,
      normalizeUtterance: text.normalizeUtterance,
      recognizeInterruption: intents.recognizeInterruption,
      asksForPerson: intents.asksForPerson,
      emailPromptValidation: (value) => prompts.emailSchema.safeParse(value),
      saysItFailed: followUps.saysItFailed,
      lacksAdminTab: followUps.lacksAdminTab,
      isFrustrated: followUps.isFrustrated,
      isDone: followUps.isDone,
      asAside: followUps.asAside,
      saysDontKnow: followUps.saysDontKnow,
      saysYesOrNo: followUps.saysYesOrNo,
      asksToWithdraw: intents.asksToWithdraw,
      isGreeting: intents.isGreeting,
      isThanks: intents.isThanks,
      journeyTriggeredBy: intents.journeyTriggeredBy,
      recognizeChoiceLoosely: (value) => choices.recognizeChoiceLoosely(value, TWO_FACTOR_CHOICES),
    };
    const inputs = { ${Object.entries(INPUTS).map(([name, source]) => `${JSON.stringify(name)}: ${source}`).join(', ')} };
    const times = {};
    for (const [input, value] of Object.entries(inputs)) {
      for (const [name, fn] of Object.entries(functions)) {
        if (typeof fn !== 'function') continue;
        const start = process.hrtime.bigint();
        fn(value);
        times[name + ' on ' + input] = Number(process.hrtime.bigint() - start) / 1e6;
      }
    }
    process.stdout.write(JSON.stringify(times));
  `;
}

describe('Scans of user text on 200 KB adversarial inputs', () => {
  let times: Record<string, number>;

  beforeAll(async () => {
    const build = await compiledServer();
    times = await new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', childScript(build)], { timeout: 20_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
        if (error) reject(new Error(`the scans did not finish within 20 s (${error.message.slice(0, 200)})`));
        else resolve(JSON.parse(stdout) as Record<string, number>);
      });
    });
  }, 300_000);

  it(`each finishes within ${BOUND_MS} ms`, () => {
    const slow = Object.entries(times).filter(([, ms]) => ms > BOUND_MS);
    expect(slow).toEqual([]);
    expect(Object.keys(times)).toHaveLength(Object.keys(INPUTS).length * FUNCTION_COUNT);
  });
});
