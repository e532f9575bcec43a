package dev.esim.catalog.plans;

import dev.esim.catalog.api.ApiException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/catalog?country=&region=} and {@code GET /v1/catalog/{sku}} in seed 001's shape. Responses carry
 * {@code Cache-Control: public, max-age} and a strong {@code ETag} over the body; a matching
 * {@code If-None-Match} gets {@code 304} without a body.
 */
@RestController
class CatalogController {

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]{2,40}");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    record PriceJson(BigDecimal amount, String currency) {
        static PriceJson of(Price price) {
            return new PriceJson(price.decimal(), price.currency());
        }
    }

    record PlanJson(String sku, String name, String region, List<String> coverage, long dataAllowanceMb,
                    int validityDays, PriceJson price, String activationMethod, String esimType, String termsUrl,
                    boolean available) {
        static PlanJson of(Plan p) {
            return new PlanJson(p.sku(), p.name(), p.region(), p.coverage(), p.dataAllowanceMb(), p.validityDays(),
                    PriceJson.of(p.price()), p.activationMethod(), p.esimType(), p.termsUrl(), p.available());
        }
    }

    record CatalogJson(List<PlanJson> items, Instant updatedAt) {
    }

    private final PlanCatalog catalog;
    private final JsonMapper json;
    private final CacheControl cacheControl;

    CatalogController(PlanCatalog catalog, JsonMapper json, Duration maxAge) {
        this.catalog = catalog;
        this.json = json;
        this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
    }

    @GetMapping("/v1/catalog")
    Mono<ResponseEntity<byte[]>> list(@RequestParam(required = false) String country,
            @RequestParam(required = false) String region,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (country != null && !COUNTRY.matcher(country).matches()) {
            return Mono.error(ApiException.validation("country must be an ISO 3166 alpha-2 code such as US."));
        }
        if (region != null && !REGION.matcher(region).matches()) {
            return Mono.error(ApiException.validation("region must be a slug such as western-europe."));
        }
        return Mono.fromCallable(() -> {
            List<Plan> plans = catalog.search(country, region);
            Instant updatedAt = plans.stream().map(Plan::updatedAt).max(Instant::compareTo).orElse(null);
            return cached(new CatalogJson(plans.stream().map(PlanJson::of).toList(), updatedAt), ifNoneMatch);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/v1/catalog/{sku}")
    Mono<ResponseEntity<byte[]>> one(@PathVariable String sku,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (!SKU.matcher(sku).matches()) {
            return Mono.error(ApiException.validation("Not a SKU."));
        }
        return Mono.fromCallable(() -> catalog.find(sku)
                        .map(plan -> cached(PlanJson.of(plan), ifNoneMatch))
                        .orElseThrow(() -> ApiException.notFound("No plan with SKU " + sku + ".")))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<byte[]> cached(Object body, String ifNoneMatch) {
        byte[] bytes = json.writeValueAsBytes(body);
        String etag = "\"" + sha256(bytes).substring(0, 32) + "\"";
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cacheControl).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(cacheControl).contentType(MediaType.APPLICATION_JSON)
                .body(bytes);
    }

    /** {@code If-None-Match} may list several tags, weak ones ({@code W/"…"}) included, or be {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
