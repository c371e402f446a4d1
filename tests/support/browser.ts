import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startApp, type RunningApp } from './app';

/** Debian's Chromium (`.ci/run` installs the `chromium` package when it is missing). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Git-ignored. */
const SCREENSHOT_DIR = path.join(__dirname, '..', 'e2e', 'screenshots');

/**
 * Why browser tests cannot run here, or undefined when they can. Under CI they must run, so a
 * missing browser is not a reason to skip there: the launch fails and says what is missing.
 */
function browserSkipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  return `${CHROMIUM_PATH} is missing (install Debian's chromium package, as .ci/run does)`;
}

/** `describe` for browser tests: skipped, with the reason printed once, when there is no browser. */
export function describeWithBrowser(name: string, body: () => void): void {
  const reason = browserSkipReason();
  if (reason) {
    process.stderr.write(`browser tests skipped (${name}): ${reason}\n`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  } else {
    describe(name, body);
  }
}

/** Launches headless Chromium, or fails naming the missing executable. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser: ${CHROMIUM_PATH} is missing; browser tests must run under CI (.ci/run installs chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Where a test's screenshot goes (the folder is created on first use). */
export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/** The app and the browser a `describeWithBrowser` block shares, readable once `beforeAll` has run. */
export interface AppInBrowser {
  running(): RunningApp;
  browser(): Browser;
}

/**
 * Registers `beforeAll` (start the app with `start`, then launch Chromium) and `afterAll` (close
 * both) in the calling `describe`, and returns getters for the two.
 */
export function useAppInBrowser(start: () => Promise<RunningApp> = () => startApp()): AppInBrowser {
  let running: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    running = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`browser: ${name} is read before beforeAll has started it`);
    return value;
  };
  return { running: () => ready(running, 'the app'), browser: () => ready(browser, 'the browser') };
}
