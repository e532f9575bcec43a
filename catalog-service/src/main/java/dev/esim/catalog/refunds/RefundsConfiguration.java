package dev.esim.catalog.refunds;

import dev.esim.catalog.CatalogProperties;
import dev.esim.catalog.idempotency.Idempotency;
import dev.esim.catalog.lines.LineRefunds;
import dev.esim.catalog.orders.Orders;
import dev.esim.catalog.outbox.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds: support-initiated ones (whole orders, part of them, cancelled lines), and automatic ones for orders that
 * could not be provisioned.
 */
@Configuration(proxyBeanMethods = false)
class RefundsConfiguration {

    @Bean
    RefundLedger refundLedger(JdbcClient jdbc, Clock clock, TransactionTemplate tx) {
        return new RefundLedger(jdbc, clock, tx);
    }

    @Bean
    Refunds refunds(Orders orders, RefundGateway gateway, RefundLedger ledger, LineRefunds lines) {
        return new Refunds(orders, gateway, ledger, lines);
    }

    @Bean
    AutomaticRefunds automaticRefunds(Orders orders, RefundGateway gateway, JdbcClient jdbc, MeterRegistry meters,
                                      Clock clock, RefundLedger ledger,
                                      @Value("${esim.catalog.refunds.mismatched-payments:refund}")
                                      AutomaticRefunds.MismatchedPayments mismatchedPayments) {
        Gauge.builder("esim.refunds.automatic.open", () -> jdbc.sql(
                        "select (select count(*) from automatic_refunds where state in ('due', 'refused'))"
                                + " + (select count(*) from payment_returns where state in ('due', 'refused'))")
                        .query(Long.class).single())
                .description("Orders that could not be provisioned, and mismatched payments, whose money has not"
                        + " been sent back yet (or is held), or whose refund the gateway refused")
                .register(meters);
        Gauge.builder("esim.orders.payment_mismatch", () -> jdbc.sql(
                        "select count(*) from orders where status = 'payment_mismatch'").query(Long.class).single())
                .description("Orders holding a payment that does not match them (amount, currency, session)")
                .register(meters);
        return new AutomaticRefunds(orders, gateway, jdbc, meters, clock, ledger, mismatchedPayments);
    }

    @Bean
    LineCancellations lineCancellations(Orders orders, LineRefunds lines, Outbox outbox, RefundGateway gateway,
                                        RefundLedger ledger, JdbcClient jdbc, TransactionTemplate tx,
                                        MeterRegistry meters, Clock clock,
                                        @Value("${esim.catalog.refunds.line-cancel-grace:10m}") Duration grace) {
        Gauge.builder("esim.lines.cancellations.open", () -> jdbc.sql(
                        "select count(*) from line_cancellations where state in ('cancelled', 'refused')")
                        .query(Long.class).single())
                .description("Lines support cancelled whose price has not gone back yet, or whose refund the gateway"
                        + " refused")
                .register(meters);
        return new LineCancellations(orders, lines, outbox, gateway, ledger, jdbc, tx, meters, clock, grace);
    }

    @Bean
    AutomaticRefundSchedule automaticRefundSchedule(AutomaticRefunds refunds, LineCancellations lines) {
        return new AutomaticRefundSchedule(refunds, lines);
    }

    /** Sends back what is owed: orders that could not be provisioned, mismatched payments, cancelled lines. */
    static final class AutomaticRefundSchedule {

        private final AutomaticRefunds refunds;
        private final LineCancellations lines;

        AutomaticRefundSchedule(AutomaticRefunds refunds, LineCancellations lines) {
            this.refunds = refunds;
            this.lines = lines;
        }

        @Scheduled(initialDelayString = "${esim.catalog.refunds.automatic-interval:5s}",
                fixedDelayString = "${esim.catalog.refunds.automatic-interval:5s}")
        void run() {
            refunds.refundDue();
            lines.refundCancelled();
            lines.settleKept();
        }
    }

    @Bean
    DisputeDesk disputeDesk(Orders orders, LineRefunds lines, DisputeGateway gateway, JdbcClient jdbc,
                            MeterRegistry meters, Clock clock) {
        Gauge.builder("esim.disputes.open", () -> jdbc.sql(
                        "select count(*) from disputes where state in ('open', 'refused')").query(Long.class).single())
                .description("Chargebacks not answered yet, or whose answer the gateway refused (support must look)")
                .register(meters);
        return new DisputeDesk(orders, lines, gateway, jdbc, meters, clock);
    }

    @Bean
    DisputeSchedule disputeSchedule(DisputeDesk desk) {
        return new DisputeSchedule(desk);
    }

    /** Answers chargebacks on the automatic refunds' rhythm: both send money back that is no longer ours. */
    static final class DisputeSchedule {

        private final DisputeDesk desk;

        DisputeSchedule(DisputeDesk desk) {
            this.desk = desk;
        }

        @Scheduled(initialDelayString = "${esim.catalog.refunds.automatic-interval:5s}",
                fixedDelayString = "${esim.catalog.refunds.automatic-interval:5s}")
        void run() {
            desk.answerDue();
        }
    }

    @Bean
    Operators operators(CatalogProperties properties) {
        return Operators.of(properties.catalog().support());
    }

    @Bean
    RefundsController refundsController(Refunds refunds, Idempotency idempotency, Operators operators) {
        return new RefundsController(refunds, idempotency, operators);
    }
}
