// Two pages on the same trip: a click in one turns the seat in the other within 1 s.
// Usage: node seatmap.test.mjs <baseUrl> <tripId> <screenshotPath>
import { chromium } from 'playwright-core';

const [baseUrl, tripId, screenshot] = process.argv.slice(2);
// playwright gives the browser a fresh, empty profile of its own
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function open(user) {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`[${user}] page error: ${error.message}`));
  await page.goto(baseUrl);
  await page.fill('#user', user);
  await page.click('#login button');
  await page.waitForSelector(`#trip option[value="${tripId}"]`, { state: 'attached' });
  await page.selectOption('#trip', tripId);
  await page.waitForSelector('#seat-1A');
  return page;
}

try {
  const alice = await open('alice-browser');
  const bob = await open('bob-browser');

  await alice.click('#seat-1A');
  const clickedAt = Date.now();
  await bob.waitForSelector('#seat-1A[data-status="held"]', { timeout: 1000 });
  const seenAfter = Date.now() - clickedAt;
  await alice.waitForSelector('#seat-1A[data-status="mine"]', { timeout: 2000 });
  await alice.waitForFunction(() => document.getElementById('countdown').textContent.includes('expires in'));

  await alice.fill('#passengers input', 'Alice Browser');
  await alice.click('#confirm button');
  await bob.waitForSelector('#seat-1A[data-status="booked"]', { timeout: 2000 });
  await alice.waitForFunction(() => document.getElementById('message').textContent.includes('reference'));
  await alice.waitForFunction(() => document.getElementById('countdown').textContent === 'none');

  await alice.screenshot({ path: screenshot, fullPage: true });
  console.log(`ok: the hold reached the other page after ${seenAfter} ms`);
} finally {
  await browser.close();
}
