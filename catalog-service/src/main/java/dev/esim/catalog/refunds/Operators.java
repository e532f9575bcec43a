package dev.esim.catalog.refunds;

import dev.esim.catalog.CatalogProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The support operators and what each may do. Every operator has a token of their own and configuration holds only
 * its SHA-256, so a leaked configuration leaks no token. A request names no operator — its token does — so the
 * audit's "who" is not self-declared. Tokens are compared in constant time against every operator.
 */
public final class Operators {

    /** The scope refunds need. */
    public static final String REFUNDS = "refunds";

    /** The scope resending an order's activation e-mail (support console) needs. */
    public static final String RESEND = "resend";

    /** The scope redriving a dead letter into its topic (support console) needs. */
    public static final String REDRIVE = "redrive";

    /** An authenticated operator. */
    public record Operator(String name, Set<String> scopes) {
        public boolean may(String scope) {
            return scopes.contains(scope);
        }
    }

    private record Entry(Operator operator, byte[] tokenHash) {
    }

    private final List<Entry> entries;

    private Operators(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The named operators (each with the scopes configured for them), plus the shared {@code support} operator with
     * every scope when its token is set.
     */
    static Operators of(CatalogProperties.Support support) {
        List<Entry> entries = new ArrayList<>();
        support.operators().forEach((name, operator) -> entries.add(new Entry(
                new Operator(name, Set.copyOf(operator.scopes())),
                HexFormat.of().parseHex(operator.tokenSha256().toLowerCase(Locale.ROOT)))));
        if (support.apiToken() != null && !support.apiToken().isBlank()) {
            entries.add(new Entry(new Operator("support", Set.of(REFUNDS, RESEND, REDRIVE)),
                    sha256(support.apiToken())));
        }
        return new Operators(entries);
    }

    /** The operator the {@code Authorization: Bearer …} header belongs to, if any. */
    Optional<Operator> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return signIn(authorization.substring(7).strip());
    }

    /** The operator this token belongs to, if any (the support console's sign-in). */
    public Optional<Operator> signIn(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Operator found = null;
        for (Entry entry : entries) {
            boolean match = MessageDigest.isEqual(presented, entry.tokenHash());
            if (match && found == null) {
                found = entry.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The operator of this name as configured now, if any: a signed-in session is worth only as long as its operator
     * still exists, with the scopes they have now.
     */
    public Optional<Operator> named(String name) {
        return entries.stream().map(Entry::operator).filter(o -> o.name().equals(name)).findFirst();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
