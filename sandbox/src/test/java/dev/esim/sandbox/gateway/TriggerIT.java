package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.checkout.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The `stripe trigger` stand-in against a real HTTP endpoint that verifies signatures with stripe-java. */
class TriggerIT {

    private static final String SECRET = "whsec_trigger_it";
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void postsASignedEventTheReceiverAcceptsAndPrintsTheAnswer() throws Exception {
        // when
        StringWriter out = new StringWriter();
        int exit = run(out, "checkout.session.completed", "--order-id", "ord_trigger_1", "--amount", "1499",
                "--currency", "usd", "--url", receiver.url(), "--secret", SECRET);

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("HTTP 200").contains("{\"received\":true}");
        Session session = (Session) receiver.await("checkout.session.completed", null, Duration.ofSeconds(5)).event()
                .getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(session.getClientReferenceId()).isEqualTo("ord_trigger_1");
        assertThat(session.getMetadata()).containsEntry("order_id", "ord_trigger_1");
        assertThat(session.getAmountTotal()).isEqualTo(1499L);
    }

    @Test
    void exitsNonZeroAndShowsTheBodyWhenTheReceiverRefuses() {
        StringWriter out = new StringWriter();
        int exit = run(out, "payment_intent.succeeded", "--order-id", "ord_trigger_2", "--url", receiver.url(),
                "--secret", "whsec_wrong");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("HTTP 400");
        assertThat(receiver.all()).isEmpty();
        assertThat(receiver.rejected()).hasSize(1);
    }

    @Test
    void refusesAnEventTypeItCannotBuild() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Trigger());
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("invoice.paid", "--order-id", "ord_x", "--url", receiver.url());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unsupported event type 'invoice.paid'");
        assertThat(receiver.requests()).isZero();
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new Trigger());
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }
}
