package dev.esim.observability;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for log output: whatever a developer logs by mistake, e-mail addresses, activation codes /
 * LPA strings and API secrets are masked before a log line is written. Code should not log them in the first place;
 * this catches the slip.
 */
public final class PersonalDataScrubber {

    /**
     * A pattern and its replacement, tried only on text holding one of {@code needles} (case-insensitively when
     * {@code anyCase}): every match of the pattern contains one, so a line without any is left as it is without
     * running the pattern. Most log lines hold none of them, and the patterns — the e-mail one above all, which tries
     * a match at every letter — cost more than the rest of writing the line.
     */
    private record Rule(Pattern pattern, String replacement, boolean anyCase, String... needles) {

        boolean mayMatch(String text) {
            for (String needle : needles) {
                if (anyCase ? containsIgnoreCase(text, needle) : text.contains(needle)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> RULES = List.of(
            // LPA activation strings: LPA:1$<SM-DP+ address>$<activation code>[$…]
            new Rule(Pattern.compile("LPA:1\\$[^\\s\"',;]+"), "LPA:1\\$***", false, "LPA:1$"),
            // Stripe-style and our sandbox secrets: sk_live_…, sk_test_…, rk_…, whsec_…, simsec_…, sk_sandbox_…
            new Rule(Pattern.compile("\\b(sk|rk|pk)_(live|test|sandbox)_[A-Za-z0-9_]+"), "$1_$2_***", false,
                    "_live_", "_test_", "_sandbox_"),
            new Rule(Pattern.compile("\\b(whsec|simsec)_[A-Za-z0-9_]+"), "$1_***", false, "whsec_", "simsec_"),
            // Bearer tokens in echoed headers
            new Rule(Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1***", true, "bearer"),
            // e-mail addresses: keep the domain for support, hide the person
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})"), "***@$1", false, "@"));

    /** Activation codes outside an LPA string, in the shape providers issue them after a label. */
    private static final Pattern LABELLED_CODE =
            Pattern.compile("(?i)(activation[_ ]?code\"?\\s*[:=]\\s*\"?)([A-Za-z0-9-]{6,})");

    private PersonalDataScrubber() {
    }

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            if (rule.mayMatch(result)) {
                result = rule.pattern().matcher(result).replaceAll(rule.replacement());
            }
        }
        if (!containsIgnoreCase(result, "activation")) {
            return result;
        }
        Matcher code = LABELLED_CODE.matcher(result);
        return code.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }

    /**
     * Whether {@code text} holds {@code needle} (lower-case ASCII letters) in any ASCII case — exactly what a
     * {@code (?i)} pattern, which folds ASCII only, can match.
     */
    private static boolean containsIgnoreCase(String text, String needle) {
        for (int i = 0, last = text.length() - needle.length(); i <= last; i++) {
            if (startsWithIgnoreCase(text, i, needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(String text, int at, String needle) {
        for (int j = 0; j < needle.length(); j++) {
            if ((text.charAt(at + j) | 0x20) != needle.charAt(j)) { // | 0x20: an ASCII capital's small letter
                return false;
            }
        }
        return true;
    }
}
