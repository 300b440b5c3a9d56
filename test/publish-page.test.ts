import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { isUsable, loadCatalog, entryList } from "@corpus-census/catalog";
import { BUNDLED_CATALOG, CatalogCopy, REPO_ROOT } from "./helpers/catalog-copy.js";
import { census } from "./helpers/run-cli.js";

/** Debian's chromium (installed by .ci/run); the test never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const catalog = loadCatalog(BUNDLED_CATALOG);

describe.runIf(existsSync(CHROMIUM))("the published page in a real browser", () => {
  let browser: Browser;
  let site: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), "census-site-"));
    expect((await census("publish", "--out", site)).code).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(query = "", width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    page.on("request", (r) => !r.url().startsWith("file:") && !r.url().startsWith("data:") && requests.push(r.url()));
    await page.goto(`${pathToFileURL(join(site, "index.html")).href}${query}`);
    return page;
  }
  const visibleIds = (page: Page) => page.$$eval("#corpora tbody tr:not([hidden])", (rows) => rows.map((r) => r.getAttribute("data-id")));

  it("shows every source, with no console errors and no request leaving the page", async () => {
    const page = await open();
    expect((await visibleIds(page)).length).toBe(catalog.entries.length);
    expect(await page.locator("#count").textContent()).toContain(`${catalog.entries.length}件中 ${catalog.entries.length}件`);
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-1280.png"), fullPage: false });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("opens a shared link with exactly the matching rows", async () => {
    const page = await open("?lang=ja&commercial=allowed,allowed-with-conditions");
    const expected = catalog.entries.filter((e) => entryList(e) === "ja" && ["allowed", "allowed-with-conditions"].includes(e.commercialUse)).map((e) => e.id);
    expect(await visibleIds(page)).toEqual(expected);
    expect(await page.isChecked('input[name=lang][value=ja]')).toBe(true);
    await page.close();
  });

  it("filters by clicking, writes the state into the URL, and switches language", async () => {
    const page = await open();
    await page.getByLabel("商用学習に利用可のみ").check();
    const usable = catalog.entries.filter((e) => isUsable(e, "commercial")).map((e) => e.id);
    expect(await visibleIds(page)).toEqual(usable);
    expect(page.url()).toContain("usable=commercial");
    await page.fill("input[name=q]", "wikipedia");
    const mentions = usable.filter((id) => {
      const e = catalog.entries.find((x) => x.id === id)!;
      return [e.id, e.report?.name ?? "", e.name.ja, e.name.en, e.publisher, e.description.ja, e.description.en, e.licence.name].join(" ").toLowerCase().includes("wikipedia");
    });
    expect(mentions).toContain("wikipedia-ja");
    expect(await visibleIds(page)).toEqual(mentions);
    await page.click("#ui-switch");
    expect(page.url()).toContain("ui=en");
    expect(await page.locator("#count").textContent()).toMatch(/of \d+ sources shown/);
    await page.click("#clear-filters");
    expect((await visibleIds(page)).length).toBe(catalog.entries.length);
    await page.close();
  });

  it("sorts by a column from the keyboard", async () => {
    const page = await open("?ui=en");
    await page.focus('th[data-sort="tokens"] button');
    await page.keyboard.press("Enter");
    const order = await page.$$eval("#corpora tbody tr", (rows) => rows.map((r) => Number(r.getAttribute("data-sort-tokens"))));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await page.getAttribute('th[data-sort="tokens"]', "aria-sort")).toBe("ascending");
    await page.close();
  });

  it("stays readable on a phone-width screen", async () => {
    const page = await open("?usable=commercial", 390);
    const overflow = await page.evaluate(() => document.body.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-390.png") });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it("escapes the catalog's strings (no markup from notes reaches the page)", () => {
    const html = readFileSync(join(site, "index.html"), "utf8");
    expect(html).not.toMatch(/<script>(?!\s*\(function)/);
  });
});

describe.runIf(existsSync(CHROMIUM))("the current list on the published page", () => {
  let browser: Browser;
  let copy: CatalogCopy;
  let fixtures: string[];
  let site: string;

  beforeAll(async () => {
    // Fictional entries (test/fixtures/current): the test holds whatever the bundled current list contains.
    copy = new CatalogCopy();
    fixtures = copy.addCurrentFixtures();
    site = mkdtempSync(join(tmpdir(), "census-site-current-"));
    expect((await census("publish", "--out", site, "--catalog", copy.dir)).code).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    copy?.remove();
  });

  it("lists its entries under the filter 'current', each saying it is not in the report", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${pathToFileURL(join(site, "index.html")).href}?lang=current`);
    expect(await page.isChecked("input[name=lang][value=current]")).toBe(true);
    const visible = await page.$$eval("#corpora tbody tr:not([hidden])", (rows) => rows.map((r) => r.getAttribute("data-id")));
    expect(visible).toEqual(fixtures);
    for (const id of fixtures) await expect(page.locator(`tr[data-id="${id}"] .not-in-report .ja`).isVisible()).resolves.toBe(true);
    await page.click("#ui-switch");
    expect(await page.locator(`tr[data-id="${fixtures[0]}"] .not-in-report`).innerText()).toBe("not in the report");
    expect(await page.locator("svg.chart").textContent()).toContain("Current list (overlaps once)");
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-current.png") });
    await page.close();
  });
});
