package dev.esim.testkit;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for page tests: Debian's {@code chromium} and {@code chromium-driver} ({@code bin/test} installs
 * them), or the executables {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN} name. Missing, it fails — it does not
 * skip — with what to install. Callers bring {@code selenium-chrome-driver} (optional here).
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** A new browser of the given window size; {@code quit()} it after the test. */
    public static ChromeDriver open(int width, int height, Duration pageLoadTimeout) {
        File chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium");
        File driver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height);
        // an explicit driver executable keeps Selenium Manager from trying to download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(pageLoadTimeout);
        return browser;
    }

    private static File executable(String env, String fallback) {
        String path = System.getenv().getOrDefault(env, fallback);
        File file = new File(path);
        if (!file.canExecute()) {
            throw new IllegalStateException(path + " is missing: this test needs Debian's chromium and chromium-driver"
                    + " (apt-get install -y chromium chromium-driver) or " + env + " pointing at the executable");
        }
        return file;
    }
}
