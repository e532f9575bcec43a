package dev.esim.catalog.lines;

import dev.esim.catalog.api.ApiException;
import dev.esim.catalog.orders.OrderTokenParameter;
import dev.esim.events.OrderTokens;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderException;
import dev.esim.provider.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/lines/{iccid}?token=…}: data used/remaining, status, validity and the time the provider reported it
 * ({@code as_of}: roaming networks report with a delay, seed 001 asks us to say so) — for the holder of the token of
 * the order the line was issued for (query {@code token} or header {@code X-Order-Token}). Without a token: 401;
 * a line of no order of ours, or another order's token: the same 404, so ICCIDs cannot be walked.
 */
@RestController
class LinesController {

    static final Pattern ICCID = Pattern.compile("[0-9]{18,22}");

    record Data(long usedMb, long remainingMb) {
    }

    record LineJson(String iccid, String status, boolean installed, Data data, Instant validUntil, Instant asOf) {
    }

    /** Which order a line was issued for. */
    interface LineOwners {
        Optional<String> orderOf(String iccid);
    }

    private final LineUsageCache cache;
    private final LineOwners owners;
    private final OrderTokens tokens;

    LinesController(LineUsageCache cache, LineOwners owners, OrderTokens tokens) {
        this.cache = cache;
        this.owners = owners;
        this.tokens = tokens;
    }

    @GetMapping("/v1/lines/{iccid}")
    Mono<ResponseEntity<LineJson>> line(@PathVariable String iccid,
            @RequestParam(name = "token", required = false) String token,
            @RequestHeader(name = "X-Order-Token", required = false) String tokenHeader,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!ICCID.matcher(iccid).matches()) {
            return Mono.error(ApiException.validation("An ICCID is 18–22 digits."));
        }
        String given = OrderTokenParameter.of(token, tokenHeader, authorization);
        if (given == null) {
            return Mono.error(ApiException.orderTokenRequired());
        }
        return Mono.fromCallable(() -> {
            if (!owners.orderOf(iccid).map(order -> tokens.matches(order, given)).orElse(false)) {
                throw ApiException.notFound("No line with ICCID " + iccid + ".");
            }
            LineUsageCache.Reading reading = read(cache, iccid);
            LineUsage u = reading.usage();
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.maxAge(Duration.ofSeconds(cache.remainingSeconds(reading)))
                            .cachePrivate())
                    .body(new LineJson(u.iccid(), u.status().name().toLowerCase(Locale.ROOT), u.installed(),
                            new Data(u.usedMb(), u.remainingMb()), u.validUntil(), reading.asOf()));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Provider failures in our canonical vocabulary. */
    static LineUsageCache.Reading read(LineUsageCache cache, String iccid) {
        try {
            return cache.get(iccid);
        } catch (RateLimitedException e) {
            throw new ApiException(429, "rate_limited", "Too many requests. Try again later.", e.retryAfter());
        } catch (ProviderException e) {
            if ("not_found".equals(e.code())) {
                throw ApiException.notFound("No line with ICCID " + iccid + ".");
            }
            throw ApiException.unavailable("The eSIM provider is not reachable right now; retry shortly.");
        }
    }
}
