package dev.esim.sandbox.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void theLastRecordPerKindAndIdWinsAndARemovalForgets() {
        // given
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.put("order", "o1", Map.of("status", "processing"));
            journal.put("order", "o2", Map.of("status", "completed"));
            journal.put("order", "o1", Map.of("status", "completed"));
            journal.put("line", "o1", Map.of("iccid", "89"));
            journal.put("settlement", "s1", Map.of("due", 1));
            journal.remove("settlement", "s1");
        }

        // when
        try (Journal reopened = Journal.open(file)) {
            // then
            assertThat(reopened.replayed()).extracting(e -> e.kind() + "/" + e.id() + " " + e.data())
                    .containsExactly("order/o2 {\"status\":\"completed\"}", "order/o1 {\"status\":\"completed\"}",
                            "line/o1 {\"iccid\":\"89\"}");
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndTheRestReplays() throws Exception {
        // given: a kill cut the last write short
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.put("order", "o1", Map.of("status", "completed"));
            journal.put("order", "o2", Map.of("status", "processing"));
        }
        Files.writeString(file, "[{\"kind\":\"order\",\"id\":\"o2\",\"data\":{\"status\":\"comp",
                StandardOpenOption.APPEND);

        // when
        try (Journal reopened = Journal.open(file)) {
            // then
            assertThat(reopened.replayed()).extracting(e -> e.id() + " " + e.data().path("status").asString())
                    .containsExactly("o1 completed", "o2 processing");
            // and the torn fragment is gone, so later lines do not run into it
            reopened.put("order", "o3", Map.of("status", "completed"));
        }
        assertThat(Files.readAllLines(file)).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("[{"));
        try (Journal again = Journal.open(file)) {
            assertThat(again.replayed()).extracting(Journal.Entry::id).containsExactly("o1", "o2", "o3");
        }
    }

    @Test
    void aCorruptLineBeforeTheLastRefusesToStartRatherThanLoseState() throws Exception {
        Path file = dir.resolve("test.jsonl");
        Files.writeString(file, "[{\"kind\":\"order\",\"id\":\"o1\",\"data\":{}}]\nnot json\n"
                + "[{\"kind\":\"order\",\"id\":\"o2\",\"data\":{}}]\n");

        assertThatThrownBy(() -> Journal.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt at line 2");
    }

    @Test
    void whatOneAtomicChangeWritesIsOneLineSoAKillKeepsAllOrNothingOfIt() throws Exception {
        // given
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            // when
            String result = journal.atomically(() -> {
                journal.put("order", "o1", Map.of("status", "completed"));
                journal.atomically(() -> journal.put("line", "l1", Map.of("order", "o1")));
                journal.put("idempotency", "key-1", Map.of("status", 201));
                return "answered";
            });

            // then
            assertThat(result).isEqualTo("answered");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("[{\"kind\":\"order\"").contains("\"kind\":\"line\"")
                    .contains("\"kind\":\"idempotency\"");
        }
    }

    @Test
    void opensCompactedToOneRecordPerEntity() throws Exception {
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            for (int i = 0; i < 100; i++) {
                journal.put("account", "account", Map.of("balance", i));
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(100);

        try (Journal reopened = Journal.open(file)) {
            assertThat(Files.readAllLines(file)).containsExactly(
                    "[{\"kind\":\"account\",\"id\":\"account\",\"data\":{\"balance\":99}}]");
            assertThat(reopened.replayed()).hasSize(1);
        }
    }

    @Test
    void clearForgetsEverything() {
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.put("order", "o1", Map.of());
            journal.clear();
            journal.put("order", "o2", Map.of());
        }
        try (Journal reopened = Journal.open(file)) {
            assertThat(reopened.replayed()).extracting(Journal.Entry::id).containsExactly("o2");
        }
    }

    @Test
    void aSecondSandboxOnTheSameDirectoryIsRefused() {
        Path file = dir.resolve("test.jsonl");
        try (Journal journal = Journal.open(file)) {
            assertThatThrownBy(() -> Journal.open(file)).isInstanceOf(RuntimeException.class);
        }
        try (Journal afterClose = Journal.open(file)) {
            assertThat(afterClose.enabled()).isTrue();
        }
    }

    @Test
    void theDisabledJournalKeepsNothing() {
        Journal journal = Journal.disabled();
        journal.put("order", "o1", Map.of());
        assertThat(journal.atomically(() -> 42)).isEqualTo(42);
        assertThat(journal.enabled()).isFalse();
        assertThat(journal.replayed()).isEmpty();
    }
}
