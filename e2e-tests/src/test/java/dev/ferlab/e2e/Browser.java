package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Debian's chromedriver: nothing is downloaded (Selenium Manager is not asked),
 * so the test runs offline. A missing browser fails the test with what to install, rather than skipping it.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("ferlab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ferlab.chromedriver", "/usr/bin/chromedriver"));
    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    private Browser(ChromeDriver driver, String base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    static Browser start(String base, Path screenshots) {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser test needs "
                + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (./ferlab test "
                + "does it), or point -Dferlab.chromium / -Dferlab.chromedriver at them");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), base, screenshots);
    }

    void open(String path) {
        driver.get(base + path);
    }

    void type(String css, CharSequence text) {
        WebElement e = await(css, Duration.ofSeconds(30));
        e.clear();
        e.sendKeys(text);
    }

    void fill(String css, String value) {
        type(css, value);
    }

    void click(String css) {
        await(css, Duration.ofSeconds(30)).click();
    }

    String text(String css) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]);"
                + " return e ? e.innerText : '';", css);
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** Read in one script run: the page replaces its bars on every update, so elements found earlier go stale. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String attribute) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute(arguments[1]));", css, attribute);
    }

    /** Waits until the URL has {@code prefix} in its fragment, and returns what follows it. */
    String awaitUrlFragment(String prefix, Duration deadline) {
        new WebDriverWait(driver, deadline).until(d -> d.getCurrentUrl().contains(prefix));
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf(prefix) + prefix.length());
    }

    void awaitText(String css, String text, Duration deadline) {
        new WebDriverWait(driver, deadline).until(d -> text(css).contains(text));
    }

    private WebElement await(String css, Duration deadline) {
        return new WebDriverWait(driver, deadline).until(d -> d.findElements(By.cssSelector(css)).stream()
                .findFirst().orElse(null));
    }

    /**
     * From the next page load in this tab on, counts the page's Server-Sent Events streams, whatever code opens
     * them: every EventSource constructed, and those still open (not closed by the page, not given up by the
     * browser). {@link #streams} reads the counts.
     */
    void countStreams() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
                (() => {
                  const Real = window.EventSource, counts = { created: 0, open: 0, connections: 0, urls: [] };
                  window.__streams = counts;
                  window.EventSource = class extends Real {
                    constructor(url, init) {
                      super(url, init);
                      counts.created++; counts.open++; counts.urls.push(String(url));
                      let done = false;
                      const ended = () => { if (!done) { done = true; counts.open--; } };
                      const close = this.close.bind(this);
                      this.close = () => { ended(); close(); };
                      this.addEventListener('error', () => { if (this.readyState === Real.CLOSED) ended(); });
                      // Each connection made, the browser's own reconnections of one EventSource included.
                      this.addEventListener('open', () => counts.connections++);
                    }
                  };
                })();"""));
    }

    /**
     * From the next page load in this tab on, records every share each run's progress bar shows, as the page draws
     * it (a bar drawn anew or its share changed), whether or not the test looks at that moment: {@link #bars}.
     */
    void recordBars() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", """
                (() => {
                  const seen = {};
                  window.__bars = seen;
                  const BAR = '.progress[data-experiment]';
                  const note = bar => {
                    const id = bar.getAttribute('data-experiment'), share = bar.getAttribute('data-share');
                    const shares = seen[id] || (seen[id] = []);
                    if (share !== null && shares[shares.length - 1] !== share) shares.push(share);
                  };
                  new MutationObserver(changes => {
                    for (const c of changes) {
                      if (c.type === 'attributes') { if (c.target.matches(BAR)) note(c.target); continue; }
                      for (const n of c.addedNodes) {
                        if (n.nodeType !== 1) continue;
                        if (n.matches(BAR)) note(n);
                        n.querySelectorAll(BAR).forEach(note);
                      }
                    }
                  }).observe(document, { subtree: true, childList: true, attributes: true,
                    attributeFilter: ['data-share'] });
                })();"""));
    }

    /** Each run's bar shares this tab's page drew, in order, repeats left out: run id to shares ("0.500"). */
    @SuppressWarnings("unchecked")
    java.util.Map<String, java.util.List<String>> bars() {
        Object bars = driver.executeScript("return window.__bars || {};");
        return (java.util.Map<String, java.util.List<String>>) bars;
    }

    /**
     * This tab's page's stream counts since it loaded: {@code created}, {@code open}, the {@code connections} they
     * made (more than created when the browser reconnected one), and their {@code urls}.
     */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> streams() {
        return (java.util.Map<String, Object>) driver.executeScript("return window.__streams || null;");
    }

    /** A value the page computes, such as a chart's data. */
    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Opens a new tab and switches to it; returns the handle of the tab it left. */
    String newTab() {
        String before = driver.getWindowHandle();
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        return before;
    }

    /** Switches to the tab with this handle; returns the handle of the tab it left. */
    String switchTo(String handle) {
        String before = driver.getWindowHandle();
        driver.switchTo().window(handle);
        return before;
    }

    void screenshot(String name) throws java.io.IOException {
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, below the window's fold too (a grid of 27 runs is taller than the window). */
    void screenshotPage(String name) throws java.io.IOException {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> size = (java.util.Map<String, Object>) driver.executeCdpCommand(
                "Page.getLayoutMetrics", java.util.Map.of()).get("cssContentSize");
        java.util.Map<String, Object> clip = java.util.Map.of("x", 0, "y", 0, "width",
                ((Number) size.get("width")).doubleValue(), "height", ((Number) size.get("height")).doubleValue(),
                "scale", 1);
        String png = (String) driver.executeCdpCommand("Page.captureScreenshot", java.util.Map.of("format", "png",
                "captureBeyondViewport", true, "clip", clip)).get("data");
        Files.write(screenshots.resolve(name + ".png"), java.util.Base64.getDecoder().decode(png));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
