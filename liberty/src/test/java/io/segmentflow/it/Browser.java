package io.segmentflow.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the dashboard's tests: Debian's headless Chromium driven by Debian's chromedriver, both named by
 * path, so Selenium Manager never looks for (or downloads) a driver. Each browser has a fresh profile of its own,
 * deleted when it closes. Tests that need it skip, saying why, where Chromium is not installed.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go: the README's tour of the dashboard takes them from here. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("segmentflow.it.screenshots", "../docs/dashboard"));

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test when Chromium or its driver is missing (Debian packages chromium, chromium-driver). */
    static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (Debian packages chromium and chromium-driver): browser tests skipped");
    }

    /** A new headless browser with an empty profile; skips the test when there is no Chromium. */
    static Browser open() {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("segmentflow-browser-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1280, 900));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a path of the server, e.g. {@code /dashboard/sign-in}. */
    Browser go(String path) {
        driver.get(Api.BASE_URL + path);
        return this;
    }

    /** Fills the field that the label with this text names, as a person finds it. */
    Browser fill(String label, String value) {
        WebElement field = byLabel(label);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** The form field a label names, found through the label's {@code for}: a field without a label is not found. */
    WebElement byLabel(String label) {
        WebElement element = driver.findElement(By.xpath("//label[normalize-space(.)=" + literal(label) + "]"));
        return driver.findElement(By.id(element.getAttribute("for")));
    }

    /** Presses the button with this text and waits for the page it leads to. */
    Browser press(String button) {
        WebElement pressed = driver.findElement(By.xpath("//button[normalize-space(.)=" + literal(button) + "]"));
        pressed.click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(pressed));
        return this;
    }

    String title() {
        return driver.getTitle();
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The visible text of the page. */
    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The text of the element with this id. */
    String textOf(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The driver itself, for what a test waits for or looks into beyond these: a frame, a plot once drawn. */
    WebDriver driver() {
        return driver;
    }

    /** Saves what the browser shows now as {@code <name>.png} in {@link #SCREENSHOTS}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((org.openqa.selenium.TakesScreenshot) driver)
                    .getScreenshotAs(OutputType.FILE)
                    .toPath();
            return Files.move(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A profile left behind in the temporary folder harms no later test.
            }
        }
    }

    /** An XPath string literal of any text, quotes included. */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }
}
