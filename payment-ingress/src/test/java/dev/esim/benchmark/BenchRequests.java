package dev.esim.benchmark;

import dev.esim.ingress.fixtures.StripeFixtures;
import dev.esim.ingress.fixtures.TestSigners;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Lua table of pre-signed Stripe deliveries for wrk. wrk's LuaJIT has no HMAC, so instead of signing per
 * request we pre-sign a pool of distinct events (distinct event and order ids, signed now: valid for the 300 s
 * tolerance) and cycle through it; a repeat is a realistic redelivery and costs the service exactly as much.
 * Usage: {@code BenchRequests <out.lua> <count> <secret>}.
 */
public final class BenchRequests {

    private BenchRequests() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String secret = args[2];
        long now = TestSigners.now();
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("bodies = {}\nsigs = {}\n");
            for (int i = 1; i <= count; i++) {
                String fixture = i % 2 == 0 ? "checkout.session.completed" : "payment_intent.succeeded";
                byte[] body = StripeFixtures.load(fixture).eventId(StripeFixtures.uniqueEventId())
                        .orderId(StripeFixtures.uniqueOrderId()).bytes();
                w.write("bodies[" + i + "] = [==[" + new String(body, StandardCharsets.UTF_8) + "]==]\n");
                w.write("sigs[" + i + "] = \"" + TestSigners.stripe(body, secret, now) + "\"\n");
            }
        }
        System.out.println("Wrote " + count + " signed deliveries to " + out);
    }
}
