package dev.esim.catalog.support;

import dev.esim.catalog.refunds.Operators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /support/dead-letters}: what the services parked on the platform's dead-letter topics, newest first,
 * with where each came from, why it failed and whether it was redriven (and by whom) — the console's
 * {@code esim-ops dlt list}; and {@code POST /support/dead-letters/redrive} (scope {@code redrive}): one of them back
 * onto its topic through {@link Redrives}, recorded under the signed-in operator with the reason given.
 */
@Controller
class DeadLettersController {

    static final String PAGE = "/support/dead-letters";
    /** At most this many records are listed per dead-letter topic. */
    static final int PER_TOPIC = 50;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLettersController.class);

    /** What the page says after a redrive, by {@link Redrives.Outcome#code()}. */
    private static final Map<String, String> OUTCOMES = Map.of(
            "redriven", "Redriven: the record is back on its topic and recorded under your name. It stays on the"
                    + " dead-letter topic; its consumers skip it if they have applied it since.",
            "not_sent", "Not done (not_sent): Kafka could not be reached or did not acknowledge the record in time,"
                    + " so nothing was recorded. It may have arrived nonetheless; redriving it again is harmless.");

    private final DeadLetterTopics topics;
    private final Redrives redrives;
    private final SupportSessions sessions;

    DeadLettersController(DeadLetterTopics topics, Redrives redrives, SupportSessions sessions) {
        this.topics = topics;
        this.redrives = redrives;
        this.sessions = sessions;
    }

    @GetMapping(value = PAGE, produces = "text/html")
    Mono<Rendering> deadLetters(@RequestParam(name = "redrive", required = false) String outcome,
                                ServerWebExchange exchange) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        Map<String, Object> model = SupportOrdersController.base(me);
        model.put("mayRedrive", me.operator().may(Operators.REDRIVE));
        model.put("csrf", me.csrf());
        model.put("perTopic", PER_TOPIC);
        model.put("outcome", SupportOrdersController.outcome(OUTCOMES, outcome, ""));
        return Mono.fromCallable(() -> {
            try {
                shelves(model);
                return Rendering.view("support/dead-letters").model(model).build();
            } catch (KafkaException e) {
                LOG.warn("The dead-letter topics could not be read: {}", e.toString());
                model.put("unavailable", true);
                return Rendering.view("support/dead-letters").model(model).status(HttpStatus.SERVICE_UNAVAILABLE)
                        .build();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Redrives one dead letter; bad input is a 400 page, and nothing is published. */
    @PostMapping(value = PAGE + "/redrive", produces = "text/html")
    Mono<Rendering> redrive(ServerWebExchange exchange) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        return exchange.getFormData().flatMap(form -> {
            if (!sessions.csrfMatches(me.session(), form.getFirst("csrf"))) {
                return Mono.just(SupportOrdersController.forbidden("This form has expired or did not come from this"
                        + " console; reload the dead letters and try again."));
            }
            if (!me.operator().may(Operators.REDRIVE)) {
                return Mono.just(SupportOrdersController.forbidden("Your sign-in (" + me.operator().name()
                        + ") may not redrive dead letters."));
            }
            Redrives.Request request = new Redrives.Request(form.getFirst("topic"), form.getFirst("partition"),
                    form.getFirst("offset"), form.getFirst("reason"), me.operator().name());
            return Mono.fromCallable(() -> redrives.redrive(request))
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(result -> result.outcome() == Redrives.Outcome.REFUSED
                            ? Rendering.view("support/refused").model(Map.of("why", result.refused(),
                                    "back", PAGE)).status(HttpStatus.BAD_REQUEST).build()
                            : Rendering.redirectTo(PAGE + "?redrive=" + result.outcome().code()).build());
        });
    }

    private void shelves(Map<String, Object> model) {
        List<DeadLetterTopics.Shelf> shelves = topics.newest(PER_TOPIC);
        Instant oldest = shelves.stream().flatMap(s -> s.letters().stream()).map(DeadLetter::parkedAt)
                .min(Instant::compareTo).orElse(Instant.EPOCH);
        Map<String, List<Redrives.Done>> done = redrives.done(shelves.stream()
                .filter(s -> !s.letters().isEmpty()).map(DeadLetterTopics.Shelf::topic).toList(), oldest);
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean any = false;
        for (DeadLetterTopics.Shelf shelf : shelves) {
            any |= !shelf.letters().isEmpty();
            rows.add(Map.of("topic", shelf.topic(), "target", shelf.target(), "exists", shelf.exists(),
                    "empty", shelf.letters().isEmpty(), "held", shelf.held(),
                    "more", shelf.held() > shelf.letters().size(), "partial", shelf.partial(),
                    "letters", shelf.letters().stream().map(l -> letter(l, done)).toList()));
        }
        model.put("shelves", rows);
        model.put("noneParked", !any);
    }

    private static Map<String, Object> letter(DeadLetter letter, Map<String, List<Redrives.Done>> done) {
        List<Redrives.Done> redriven = done.getOrDefault(letter.topic() + "/" + letter.partition() + "@"
                + letter.offset(), List.of());
        return Map.ofEntries(
                Map.entry("topic", letter.topic()),
                Map.entry("partition", letter.partition()),
                Map.entry("offset", letter.offset()),
                Map.entry("parkedAt", OrderSheet.when(letter.parkedAt())),
                Map.entry("key", letter.key()),
                Map.entry("hasKey", !letter.key().isEmpty()),
                Map.entry("href", letter.key().isEmpty() ? "" : SupportOrdersController.orderPage(letter.key())),
                Map.entry("origin", letter.origin()),
                Map.entry("exception", letter.exceptionClass()),
                Map.entry("message", letter.exceptionMessage()),
                Map.entry("redriven", !redriven.isEmpty()),
                Map.entry("redrives", redriven.stream().map(d -> Map.of("by", d.operator(),
                        "at", OrderSheet.when(d.at()))).toList()));
    }
}
