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

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // LPA activation strings: LPA:1$<SM-DP+ address>$<activation code>[$…]
            new Rule(Pattern.compile("LPA:1\\$[^\\s\"',;]+"), "LPA:1\\$***"),
            // Stripe-style and our sandbox secrets: sk_live_…, sk_test_…, rk_…, whsec_…, simsec_…, sk_sandbox_…
            new Rule(Pattern.compile("\\b(sk|rk|pk)_(live|test|sandbox)_[A-Za-z0-9_]+"), "$1_$2_***"),
            new Rule(Pattern.compile("\\b(whsec|simsec)_[A-Za-z0-9_]+"), "$1_***"),
            // Bearer tokens in echoed headers
            new Rule(Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1***"),
            // e-mail addresses: keep the domain for support, hide the person
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})"), "***@$1"));

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
            result = rule.pattern().matcher(result).replaceAll(rule.replacement());
        }
        Matcher code = LABELLED_CODE.matcher(result);
        return code.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***"));
    }
}
