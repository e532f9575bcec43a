package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.testkit.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * The support console in a real headless Chromium: an operator signs in, searches by payment id and reads the order;
 * finds a parked record on the dead-letters page and follows it to its order.
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code apt-get install -y chromium chromium-driver});
 * paths can be overridden with {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN}. Fails — does not skip — when they are
 * missing, like the sandbox's checkout page test. Leaves screenshots at {@code target/support-console-order.png} and
 * {@code target/support-console-dead-letters.png}.
 */
class SupportConsoleBrowserIT extends CatalogServiceITBase {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open(1200, 1000, WAIT);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSignsInFindsAnOrderByItsPaymentAndReadsItsTimeline() throws Exception {
        // given an order paid and delivered
        String sku = offerUsPlan();
        String orderId = http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(CheckoutIT.body(sku, 1, "console-browser", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
        String paymentIntent = "pi_browser_" + orderId.substring(orderId.length() - 8);
        String iccid = "89883070000" + (10_000_000 + (System.nanoTime() % 89_999_999));
        EventFixture events = new EventFixture(orderId);
        publish("esim.payments.v1", orderId, events.paymentSucceeded(paymentIntent, 1299));
        publish("esim.activations.v1", orderId, events.activationReady(iccid));
        String base = "http://localhost:" + port;

        // when an operator signs in with their token
        browser.get(base + "/support/orders");
        await(() -> browser.getCurrentUrl().equals(base + "/support"));
        browser.findElement(By.id("token")).sendKeys(ALICE_TOKEN);
        browser.findElement(By.id("sign-in")).click();
        await(() -> browser.getCurrentUrl().startsWith(base + "/support/orders"));
        assertThat(browser.findElement(By.id("operator")).getText()).isEqualTo("alice");

        // and searches for the payment the traveller quotes, once the line is ready
        await(() -> {
            browser.get(base + "/support/orders");
            browser.findElement(By.id("q")).sendKeys(paymentIntent);
            browser.findElement(By.id("search")).click();
            return browser.getCurrentUrl().equals(base + "/support/orders/" + orderId)
                    && !browser.findElements(By.cssSelector("tr.fact[data-fact='LINE_READY']")).isEmpty();
        });

        // then the order's page shows its status, line and timeline
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);
        assertThat(browser.findElement(By.id("status")).getDomAttribute("data-status")).isEqualTo("active");
        assertThat(browser.findElement(By.id("esims")).getText()).contains(iccid, "simology");
        assertThat(browser.findElements(By.cssSelector("#timeline tr.fact"))).extracting(e -> e.getDomAttribute(
                "data-fact")).containsExactly("PLACED", "PAYMENT_SUCCEEDED", "LINE_READY");
        assertThat(browser.findElement(By.id("refund")).isDisplayed()).isTrue();
        screenshot("support-console-order.png");

        // and signing out leads back to the sign-in form, behind which the order is no longer readable
        browser.findElement(By.id("sign-out")).click();
        await(() -> browser.getCurrentUrl().equals(base + "/support"));
        browser.get(base + "/support/orders/" + orderId);
        await(() -> browser.getCurrentUrl().equals(base + "/support"));
        assertThat(browser.findElements(By.id("token"))).hasSize(1);
    }

    @Test
    void anOperatorFindsAParkedRecordOnTheDeadLettersPageAndFollowsItToItsOrder() throws Exception {
        // given an order whose payment message arrived unreadable, so the status listener parked it
        String sku = offerUsPlan();
        String orderId = http.post().uri("/v1/checkout/sessions").header("Idempotency-Key", key())
                .bodyValue(CheckoutIT.body(sku, 1, "console-browser-dlt", Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("order_id").asString();
        publishBytes("esim.payments.v1", orderId, java.util.List.of(("not avro " + orderId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String base = "http://localhost:" + port;
        browser.get(base + "/support");
        browser.findElement(By.id("token")).sendKeys(ALICE_TOKEN);
        browser.findElement(By.id("sign-in")).click();
        await(() -> browser.getCurrentUrl().startsWith(base + "/support/orders"));

        // when they open the dead letters from the console's navigation, once it is parked
        String row = "section[data-topic='esim.payments.v1-dlt'] a.key[href='/support/orders/" + orderId + "']";
        await(() -> {
            browser.findElement(By.id("nav-dead-letters")).click();
            return browser.getCurrentUrl().equals(base + "/support/dead-letters")
                    && !browser.findElements(By.cssSelector(row)).isEmpty();
        });

        // then the page renders it with where it came from and a redrive form, and leads to the order
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dead letters");
        assertThat(browser.findElements(By.cssSelector("form.redrive-form textarea[name='reason']"))).isNotEmpty();
        screenshot("support-console-dead-letters.png");
        browser.findElement(By.cssSelector(row)).click();
        await(() -> browser.getCurrentUrl().equals(base + "/support/orders/" + orderId));
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);

        // and the open findings are one click away
        browser.findElement(By.id("nav-findings")).click();
        await(() -> browser.getCurrentUrl().equals(base + "/support/findings"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Open reconciliation findings");
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(200);
        }
    }
}
