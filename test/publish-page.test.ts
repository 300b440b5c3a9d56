import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import {
  CatalogStore,
  entryList,
  isUsable,
  loadCatalog,
  normalizeForSearch,
  searchableText,
} from "@corpus-census/catalog";
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
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
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
  const visibleIds = (page: Page) =>
    page.$$eval("#corpora tbody tr:not([hidden])", (rows) => rows.map((r) => r.getAttribute("data-id")));

  it("shows every source, with no console errors and no request leaving the page", async () => {
    const page = await open();
    expect((await visibleIds(page)).length).toBe(catalog.entries.length);
    expect(await page.locator("#count").textContent()).toContain(
      `${catalog.entries.length}件中 ${catalog.entries.length}件`,
    );
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-1280.png"), fullPage: false });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("opens a shared link with exactly the matching rows", async () => {
    const page = await open("?lang=ja&commercial=allowed,allowed-with-conditions");
    const expected = catalog.entries
      .filter((e) => entryList(e) === "ja" && ["allowed", "allowed-with-conditions"].includes(e.commercialUse))
      .map((e) => e.id);
    expect(await visibleIds(page)).toEqual(expected);
    expect(await page.isChecked("input[name=lang][value=ja]")).toBe(true);
    await page.close();
  });

  it("filters by clicking, writes the state into the URL, and switches language", async () => {
    const page = await open();
    await page.getByLabel("商用学習に利用可のみ").check();
    const usable = catalog.entries.filter((e) => isUsable(e, "commercial")).map((e) => e.id);
    expect(await visibleIds(page)).toEqual(usable);
    expect(page.url()).toContain("usable=commercial");
    await page.fill("input[name=q]", "wikipedia");
    const mentions = usable.filter((id) =>
      normalizeForSearch(searchableText(catalog.entries.find((x) => x.id === id)!)).includes("wikipedia"),
    );
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
    const order = await page.$$eval("#corpora tbody tr", (rows) =>
      rows.map((r) => Number(r.getAttribute("data-sort-tokens"))),
    );
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

  /** Rectangles of the main (decision) cells of every shown row, by column. */
  const layout = (page: Page) =>
    page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>("#corpora tbody tr:not([hidden])")];
      const rect = (el: Element | null) => {
        const r = el?.getBoundingClientRect();
        return r
          ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }
          : null;
      };
      return {
        innerWidth: window.innerWidth,
        innerHeight: window.innerHeight,
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        headers: [...document.querySelectorAll("#corpora thead th")].map((th) => ({
          id: th.className.replace(/^h-/, ""),
          width: th.getBoundingClientRect().width,
        })),
        rows: rows.map((r) => ({
          id: r.dataset.id!,
          height: r.getBoundingClientRect().height,
          top: r.getBoundingClientRect().top,
          bottom: r.getBoundingClientRect().bottom,
          width: r.getBoundingClientRect().width,
          cells: Object.fromEntries(
            ["name", "commercial", "access", "licence", "tokens", "flags", "kind", "no", "checked"].map((c) => [
              c,
              rect(r.querySelector(`.c-${c}`)),
            ]),
          ),
          // Text that overflows its box: a column narrower than its longest word.
          overflowing: [...r.querySelectorAll<HTMLElement>("td:not(.c-more), td .licence")]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.className),
          // Enum labels broken over lines: a chip, or a label that is one word (条件付きで商用可;
          // English labels may wrap between their words).
          brokenLabels: [
            ...r.querySelectorAll<HTMLElement>(".class-label > *, .access-label > *, .kind-label > *, .chip"),
          ]
            .filter((el) => getComputedStyle(el).display !== "none")
            .filter((el) => el.classList.contains("chip") || !el.textContent!.trim().includes(" "))
            .filter(
              (el) =>
                el.getClientRects().length > 1 ||
                el.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(el).fontSize) + 4,
            )
            .map((el) => el.textContent),
          detailsOpen: (r.querySelector("details") as HTMLDetailsElement).open,
        })),
      };
    });

  it("at 1400 px: the decision columns first and wide enough, long texts folded away, eight or more rows in view", async () => {
    for (const ui of ["en", "ja"]) {
      const page = await open(ui === "en" ? "?ui=en" : "", 1400);
      await page.evaluate(() => document.querySelector("#corpora")!.scrollIntoView());
      await page.screenshot({ path: join(ARTIFACTS, `publish-page-1400${ui === "en" ? "-en" : ""}.png`) });
      const l = await layout(page);
      expect(l.pageOverflow).toBeLessThanOrEqual(0);
      expect(l.headers.slice(0, 5).map((h) => h.id)).toEqual(["name", "commercial", "access", "licence", "tokens"]);
      const width = Object.fromEntries(l.headers.map((h) => [h.id, h.width]));
      // 条件付きで商用可 and 登録後ダウンロード on one line, with room to spare.
      expect(width.commercial).toBeGreaterThanOrEqual(140);
      expect(width.access).toBeGreaterThanOrEqual(140);
      expect(width.name).toBeGreaterThanOrEqual(160);
      expect(width.licence).toBeGreaterThanOrEqual(130);
      expect(width.tokens).toBeGreaterThanOrEqual(100);
      for (const r of l.rows) {
        expect(r.overflowing, `${ui} ${r.id}`).toEqual([]);
        expect(r.brokenLabels, `${ui} ${r.id}`).toEqual([]);
        expect(r.detailsOpen).toBe(false);
        // One grid row per entry: the decision cells side by side, in the header's order.
        expect(r.cells.commercial!.left).toBeGreaterThan(r.cells.name!.left);
        expect(r.cells.tokens!.left).toBeGreaterThan(r.cells.licence!.left);
        expect(r.height, `${ui} ${r.id}`).toBeLessThanOrEqual(ui === "ja" ? 140 : 160);
      }
      const inView = l.rows.filter((r) => r.top >= 0 && r.bottom <= l.innerHeight).length;
      expect(inView, ui).toBeGreaterThanOrEqual(8);
      const heights = l.rows.map((r) => r.height).sort((a, b) => a - b);
      expect(heights[Math.floor(heights.length / 2)], ui).toBeLessThanOrEqual(100);
      // On average under ~100 px a row (6,500 / 7,000 px for the report's 63 entries), whatever the list's length.
      expect(l.rows.reduce((sum, r) => sum + r.height, 0) / l.rows.length, ui).toBeLessThan(ui === "ja" ? 103 : 111);
      if (ui === "en") await page.close();
      else await checkDetails(page);
    }
  }, 120_000);

  async function checkDetails(page: Page): Promise<void> {
    // The long texts are in each row's details, opened on demand from the keyboard.
    const bsd = page.locator('tr[data-id="bccwj"]');
    await expect.poll(() => bsd.locator(".c-more ol li").first().isVisible()).toBe(false);
    await bsd.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await bsd.locator(".c-more ol li").first().isVisible()).toBe(true);
    const entry = catalog.entries.find((e) => e.id === "bccwj")!;
    const opened = await bsd.locator(".c-more").innerText();
    for (const text of [
      entry.terms.commercialUse.note,
      entry.acquisition.steps[0]!,
      entry.sources[0]!,
      entry.licence.note!,
    ])
      expect(opened).toContain(text);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }

  it("at 390 px: every row is a card with the decision fields on top, nothing wider than the screen", async () => {
    const page = await open("", 390);
    await page.evaluate(() => document.querySelector("#corpora")!.scrollIntoView());
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-390-cards.png") });
    const l = await layout(page);
    expect(l.pageOverflow).toBeLessThanOrEqual(0);
    for (const r of l.rows) {
      expect(r.width).toBeLessThanOrEqual(l.innerWidth);
      expect(r.overflowing, r.id).toEqual([]);
      expect(r.brokenLabels, r.id).toEqual([]);
      const decision = ["name", "commercial", "access", "licence", "tokens"].map((c) => r.cells[c]!);
      const rest = ["flags", "kind", "no", "checked"].map((c) => r.cells[c]!);
      for (const c of decision) expect(c.width).toBeGreaterThan(100);
      expect(Math.max(...decision.map((c) => c.bottom))).toBeLessThanOrEqual(Math.min(...rest.map((c) => c.top)) + 1);
      expect(r.cells.name!.width).toBeGreaterThan(0.8 * r.width);
    }
    // The sort buttons stay reachable on a phone.
    expect(await page.locator('th[data-sort="tokens"] button').isVisible()).toBe(true);
    await page.close();
  });

  it("shows the chart's caveats, keeps labels off the GPT-3 line, and stays legible at 1400 and 390 px", async () => {
    for (const width of [1400, 390]) {
      for (const ui of ["ja", "en"]) {
        const page = await open(ui === "en" ? "?ui=en" : "", width);
        const chart = page.locator("figure.chart");
        await chart.scrollIntoViewIfNeeded();
        await chart.screenshot({ path: join(ARTIFACTS, `publish-chart-${width}-${ui}.png`) });
        const caveats = await page.locator("#chart-caveats").innerText();
        const names = await page.locator(".bar-row[data-series=r50k_base] .bar-name").first().innerText();
        if (ui === "ja") {
          expect(names).toContain("GPT-3 のトークナイザー");
          expect(caveats).toContain("GPT-3 のトークナイザー");
          expect(caveats).toContain("重複を除いたテキスト量の上限");
          expect(caveats).toContain("95% 予測区間");
          expect(caveats).toContain("較正用ファイルを1つずつ除いて");
          expect(caveats).toContain("ライセンス不明確");
        } else {
          expect(names).toContain("GPT-3's tokenizer");
          expect(caveats).toMatch(/Common Crawl derivatives .* each counted/);
          expect(caveats).toContain("upper bound of the distinct text");
          expect(caveats).toContain("95% prediction intervals");
          expect(caveats).toContain("Predicting each calibration file from the others");
          expect(caveats).toContain("licence-unclear");
        }
        expect(await page.locator(".bar-row[data-series=r50k_base] .floor").first().innerText()).toMatch(/≥ \d/);
        const problems = await page.evaluate(() => {
          const marks = [...document.querySelectorAll(".chart .gpt3-mark")].map((m) => m.getBoundingClientRect());
          if (marks.length < 10) return ["no GPT-3 line drawn"];
          const texts = [...document.querySelectorAll<HTMLElement>(".chart *")].filter(
            (el) =>
              getComputedStyle(el).display !== "none" &&
              [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()),
          );
          const out: string[] = [];
          for (const el of texts) {
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < 11) out.push(`${el.textContent} is ${size}px`);
            for (const r of el.getClientRects()) {
              for (const m of marks) {
                const crosses = r.left < m.right + 1 && r.right > m.left - 1 && r.top < m.bottom && r.bottom > m.top;
                if (crosses) out.push(`${el.textContent} sits on the GPT-3 line`);
              }
            }
            if (el.getBoundingClientRect().right > window.innerWidth) out.push(`${el.textContent} runs off the screen`);
          }
          return out;
        });
        expect(problems).toEqual([]);
        await page.close();
      }
    }
  }, 180_000);

  it("says what the usable rule does with licence-unclear, next to the class", async () => {
    const page = await open("?usable=commercial", 1400);
    const rule = await page.locator("#usable-rule").innerText();
    expect(rule).toContain("ライセンス不明確");
    for (const id of ["oscar-original-ja", "oscar-deduplicated-ja"]) {
      const cell = await page.locator(`tr[data-id="${id}"] .c-commercial`).innerText();
      // OSCAR's class is its CC0 packaging read with Common Crawl's terms of use for its pages (issue 23: 条件付きで商用可), the warning beside it.
      expect(cell).toMatch(/^条件付きで商用可/);
      expect(cell).toContain("商用学習に利用可");
      expect(cell).toContain("ライセンス不明確");
    }
    await page.close();
  });

  it("finds the same entries as census search, for Japanese and English words", async () => {
    const store = CatalogStore.open(catalog, join(mkdtempSync(join(tmpdir(), "census-store-")), "store.sqlite"));
    const page = await open("", 1400);
    try {
      for (const q of [
        "商用",
        "ニュース",
        "検索のみ",
        "会話 コーパス",
        "wikipedia",
        "ＯＳＣＡＲ",
        "licence unclear",
        "新聞",
      ]) {
        await page.fill("input[name=q]", q);
        const expected = store.search(q.split(/\s+/)).map((e) => e.id);
        expect(expected.length, q).toBeGreaterThan(0);
        expect(await visibleIds(page), q).toEqual(expected);
      }
      await page.fill("input[name=q]", "ニュース");
      expect(await visibleIds(page)).toContain("now");
    } finally {
      store.close();
      await page.close();
    }
  }, 120_000);

  it("shows per row when the entry was checked, with a link to its raw JSON that works from disk", async () => {
    const page = await open("", 1400);
    for (const e of catalog.entries) {
      const row = page.locator(`tr[data-id="${e.id}"]`);
      expect(await row.locator(".c-checked .date").innerText()).toBe(e.checkedOn);
      const href = await row.locator("a.raw").getAttribute("href");
      expect(href).toBe(`entries/${e.id}.json`);
    }
    const href = await page.locator('tr[data-id="now"] a.raw').evaluate((a) => (a as HTMLAnchorElement).href);
    await page.goto(href);
    expect(JSON.parse(await page.locator("body").innerText()).id).toBe("now");
    await page.close();
  }, 120_000);

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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
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
    const visible = await page.$$eval("#corpora tbody tr:not([hidden])", (rows) =>
      rows.map((r) => r.getAttribute("data-id")),
    );
    expect(visible).toEqual(fixtures);
    for (const id of fixtures)
      await expect(page.locator(`tr[data-id="${id}"] .not-in-report .ja`).isVisible()).resolves.toBe(true);
    await page.click("#ui-switch");
    expect(await page.locator(`tr[data-id="${fixtures[0]}"] .not-in-report`).innerText()).toBe("not in the report");
    expect(await page.locator("figure.chart").textContent()).toContain("Current list (not in the report)");
    await page.screenshot({ path: join(ARTIFACTS, "publish-page-current.png") });
    await page.close();
  });
});
