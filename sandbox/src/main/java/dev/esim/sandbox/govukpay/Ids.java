package dev.esim.sandbox.govukpay;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** GOV.UK Pay's wire habits for ids and dates. */
final class Ids {

    // GOV.UK Pay ids are 26 characters of lower-case base32 (hu20sqlact5260q2nanm0q8u93)
    private static final String BASE32 = "0123456789abcdefghijklmnopqrstuv";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Ids() {
    }

    static String next() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    /** Always with milliseconds, UTC: {@code 2022-03-25T13:11:29.019Z}. */
    static String date(Instant instant) {
        return DATE.format(instant);
    }
}
