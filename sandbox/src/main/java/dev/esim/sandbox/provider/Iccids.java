package dev.esim.sandbox.provider;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues 19-digit ICCIDs: the simulator's issuer prefix (7 digits, {@code 8988307} for the primary), an 11-digit
 * serial and a Luhn check digit, so clients that validate ICCIDs accept ours. The serial starts at a random point and
 * never resets, so ICCIDs stay unique across {@link ProviderSimulator#reset()} and sandbox restarts that share a
 * downstream database; after a restart on a state directory it also continues past every ICCID the journal holds.
 */
final class Iccids {

    private static final long SERIAL_SPACE = 100_000_000_000L;

    private final String prefix;
    private final AtomicLong serial = new AtomicLong(ThreadLocalRandom.current().nextLong(SERIAL_SPACE / 2));

    Iccids(String prefix) {
        this.prefix = prefix;
    }

    String next() {
        String body = prefix + String.format("%011d", serial.incrementAndGet() % SERIAL_SPACE);
        return body + luhnCheckDigit(body);
    }

    /** Continues after {@code iccid} (one of ours, read back from the journal) if it is further on than we are. */
    void continueAfter(String iccid) {
        if (iccid.startsWith(prefix) && iccid.length() == prefix.length() + 12) {
            long issued = Long.parseLong(iccid.substring(prefix.length(), iccid.length() - 1));
            serial.accumulateAndGet(issued, Math::max);
        }
    }

    static int luhnCheckDigit(String digits) {
        int sum = 0;
        // the check digit will be appended to the right, so the rightmost payload digit doubles
        boolean doubleIt = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    static boolean passesLuhn(String number) {
        return number.length() > 1
                && number.chars().allMatch(Character::isDigit)
                && luhnCheckDigit(number.substring(0, number.length() - 1)) == number.charAt(number.length() - 1) - '0';
    }
}
