package dev.esim.sandbox.govukpay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The paging and date filters GOV.UK Pay's two searches share: {@code page} (from 1), {@code display_size} (1–500,
 * default 500), {@code from_date} (inclusive) and {@code to_date} (exclusive) as ISO-8601 UTC instants. A bad value is
 * a 422 with the search's validation code ({@code P0401} payments, {@code P1101} refunds) naming the parameters; a
 * page past the last is a 404 with its not-found code ({@code P0402}, {@code P1100}).
 */
final class SearchPage {

    private static final int MAX_DISPLAY_SIZE = 500;

    private final String path;
    private final Map<String, String> query;
    private final String notFoundCode;
    private final int page;
    private final int displaySize;
    private final Instant from;
    private final Instant to;

    private SearchPage(String path, Map<String, String> query, String notFoundCode, int page, int displaySize,
            Instant from, Instant to) {
        this.path = path;
        this.query = query;
        this.notFoundCode = notFoundCode;
        this.page = page;
        this.displaySize = displaySize;
        this.from = from;
        this.to = to;
    }

    /**
     * @param path          the search's absolute URL without query, for the page links
     * @param query         the request's query parameters (first value of each)
     * @param enums         parameters that must take one of the given values, e.g. {@code state}
     */
    static SearchPage parse(String path, Map<String, String> query, Map<String, Set<String>> enums,
            String validationCode, String notFoundCode) {
        List<String> invalid = new ArrayList<>();
        Integer page = number(query.get("page"), 1, Integer.MAX_VALUE, 1, "page", invalid);
        Integer size = number(query.get("display_size"), 1, MAX_DISPLAY_SIZE, MAX_DISPLAY_SIZE, "display_size",
                invalid);
        Instant from = instant(query.get("from_date"), "from_date", invalid);
        Instant to = instant(query.get("to_date"), "to_date", invalid);
        enums.forEach((name, allowed) -> {
            String value = query.get(name);
            if (value != null && !allowed.contains(value)) {
                invalid.add(name);
            }
        });
        if (!invalid.isEmpty()) {
            throw ApiError.of(422, validationCode, "Invalid search parameters: " + String.join(", ", invalid));
        }
        return new SearchPage(path, query, notFoundCode, page, size, from, to);
    }

    boolean inDateRange(Instant created) {
        return (from == null || !created.isBefore(from)) && (to == null || created.isBefore(to));
    }

    /** {@code {total, count, page, results, _links}} of the matches (newest first), rendered by {@code render}. */
    <T> Map<String, Object> of(List<T> matches, Function<T, Map<String, Object>> render) {
        int lastPage = Math.max(1, (matches.size() + displaySize - 1) / displaySize);
        if (page > lastPage) {
            throw ApiError.of(404, notFoundCode, "There is no page " + page + " of these results");
        }
        int fromIndex = (page - 1) * displaySize;
        int toIndex = Math.min(matches.size(), fromIndex + displaySize);
        List<Map<String, Object>> results = matches.subList(fromIndex, toIndex).stream().map(render).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", matches.size());
        out.put("count", results.size());
        out.put("page", page);
        out.put("results", results);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", href(page));
        links.put("first_page", href(1));
        links.put("last_page", href(lastPage));
        links.put("prev_page", page > 1 ? href(page - 1) : null);
        links.put("next_page", page < lastPage ? href(page + 1) : null);
        out.put("_links", links);
        return out;
    }

    private Map<String, Object> href(int target) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.put("display_size", String.valueOf(displaySize));
        params.put("page", String.valueOf(target));
        String encoded = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return Representations.object("href", path + "?" + encoded);
    }

    private static Integer number(String value, int min, int max, int fallback, String name, List<String> invalid) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported with the other invalid parameters below
        }
        invalid.add(name);
        return fallback;
    }

    private static Instant instant(String value, String name, List<String> invalid) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            invalid.add(name);
            return null;
        }
    }
}
