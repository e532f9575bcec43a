package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import dev.esim.testkit.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The checkout page in a real headless Chromium: what a developer sees and clicks. Needs Debian's {@code chromium} and
 * {@code chromium-driver} ({@code apt-get install -y chromium chromium-driver}); paths can be overridden with
 * {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN}. Fails — does not skip — when they are missing, so CI cannot pass
 * without running it. Leaves a screenshot at {@code target/gateway-checkout-page.png}.
 */
class CheckoutPageBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static GatewayFixture gateway;
    private ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Map.of());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open(1100, 900, WAIT);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void travellerPaysAndLandsOnTheShopsSuccessPageWhileTheWebhookArrives() throws Exception {
        // given
        String orderId = "ord_" + UUID.randomUUID();
        Session session = gateway.stripe().v1().checkout().sessions().create(checkout(orderId));

        // when the page is opened
        browser.get(session.getUrl());

        // then it shows the plan and the amount
        assertThat(browser.getTitle()).contains("$14.99");
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("$14.99");
        assertThat(browser.findElement(By.cssSelector("tr.line .name")).getText()).isEqualTo("Europe 5 GB / 30 days");
        assertThat(browser.findElement(By.id("order-id")).getText()).isEqualTo(orderId);
        assertThat(browser.findElement(By.id("pay")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("decline")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("pay-later")).isDisplayed()).isTrue();
        screenshot("gateway-checkout-page.png");

        // when Pay is clicked
        browser.findElement(By.id("pay")).click();

        // then the browser is back at the shop with the session id, and the signed webhook got through
        await(() -> browser.getCurrentUrl().startsWith(gateway.receiver.base() + "/success"));
        assertThat(browser.getCurrentUrl()).endsWith("session_id=" + session.getId());
        assertThat(browser.findElement(By.id("landing")).getText()).isEqualTo("/success");
        Session paid = (Session) gateway.receiver.await("checkout.session.completed", session.getId(), WAIT).event()
                .getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(paid.getClientReferenceId()).isEqualTo(orderId);
        assertThat(paid.getPaymentStatus()).isEqualTo("paid");

        // and reopening the page shows it as paid, without buttons
        browser.get(session.getUrl());
        assertThat(browser.findElement(By.id("status")).getText()).contains("complete").contains("paid");
        assertThat(browser.findElements(By.id("pay"))).isEmpty();
    }

    @Test
    void travellerDeclinesAndReturnsToTheShopsCancelPage() throws Exception {
        Session session = gateway.stripe().v1().checkout().sessions().create(checkout("ord_" + UUID.randomUUID()));
        browser.get(session.getUrl());

        browser.findElement(By.id("decline")).click();

        await(() -> browser.getCurrentUrl().startsWith(gateway.receiver.base() + "/cancel"));
        gateway.receiver.await(e -> e.getType().equals("payment_intent.payment_failed")
                && e.getDataObjectDeserializer().getRawJson().contains("card_declined"), WAIT);
    }

    private static SessionCreateParams checkout(String orderId) {
        String shop = gateway.receiver.base();
        return SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("usd")
                                .setUnitAmount(1499L)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Europe 5 GB / 30 days").setDescription("33 countries, 30 days")
                                        .build())
                                .build())
                        .build())
                .setClientReferenceId(orderId)
                .putMetadata("order_id", orderId)
                .setSuccessUrl(shop + "/success?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl(shop + "/cancel")
                .setExpiresAt(Instant.now().plusSeconds(3600).getEpochSecond())
                .build();
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
            Thread.sleep(100);
        }
    }
}
