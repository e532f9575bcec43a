package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void everyGeneratedCodeReadsBackWithZxingsStandardReader() {
        // Random LPA strings of the realistic shape: ZXing's detector fails on some clean images at a fixed
        // error-correction level, which QrCodes must route around.
        Random random = new Random(42);
        for (int i = 0; i < 40; i++) {
            String id = Long.toHexString(random.nextLong());
            String lpa = "LPA:1$smdp-" + id + ".example.net$ACT-" + id.toUpperCase() + "-" + i;

            assertThat(QrDecoder.decode(QrCodes.png(lpa, 360))).isEqualTo(lpa);
        }
    }
}
