package dev.esim.provisioning.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.esim.provisioning.order.Delivery;
import dev.esim.provisioning.order.RecordPosition;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TransactionCarriersTest {

    private static final String PAYMENTS = "esim.payments.v1";

    private final MockConsumer<String, Object> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());

    TransactionCarriersTest() {
        TopicPartition p3 = new TopicPartition(PAYMENTS, 3);
        consumer.assign(List.of(p3));
        consumer.commitSync(Map.of(p3, new OffsetAndMetadata(10)));
    }

    @Test
    void anInputBelowTheCommittedOffsetWasPublishedOneAtOrAboveItWasNot() {
        TransactionCarriers carriers = new TransactionCarriers(consumer);

        assertThat(carriers.isCommitted(new RecordPosition(PAYMENTS, 3, 9))).isTrue();
        assertThat(carriers.isCommitted(new RecordPosition(PAYMENTS, 3, 10))).isFalse();
        assertThat(carriers.isCommitted(new RecordPosition(PAYMENTS, 4, 0))).as("nothing committed there").isFalse();
    }

    @Test
    void anInputHandledEarlierInThisTransactionCountsAsPublishedWithIt() {
        TransactionCarriers carriers = new TransactionCarriers(consumer);
        RecordPosition first = new RecordPosition(PAYMENTS, 3, 10);
        RecordPosition second = new RecordPosition(PAYMENTS, 3, 11);
        carriers.carried(first);

        assertThat(carriers.isCommitted(first)).isTrue();
        assertThat(carriers.isCommitted(second)).isFalse();
        assertThat(new Delivery(second, carriers).publishedBefore(first)).isTrue();
        assertThat(new Delivery(second, carriers).publishedBefore(second)).as("a retry of this very input").isFalse();
    }

    @Test
    void aTransactionStartsWithNothingCarried() {
        new TransactionCarriers(consumer).carried(new RecordPosition(PAYMENTS, 3, 10));

        assertThat(new TransactionCarriers(consumer).isCommitted(new RecordPosition(PAYMENTS, 3, 10))).isFalse();
    }
}
