package dev.esim.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import com.google.zxing.common.BitMatrix;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    /** Short to long activation codes: the code's version, and so its module size in pixels, differs for each. */
    private static final List<String> LPAS = List.of(
            "LPA:1$smdp.example.com$ACT-CODE-1",
            "LPA:1$smdp.example.com$ACT-CODE-7F3A9C21-55D0-4E8B",
            "LPA:1$rsp-prod.provider.example.com$ACT-CODE-7F3A9C21-55D0-4E8B-9A1F-2C6D0B7E4F13$1.3.6.1.4.1.31746",
            "LPA:1$smdp-plus.eu-west-1.connectivity.example-provider.net$ACT-CODE-"
                    + "7F3A9C2155D04E8B9A1F2C6D0B7E4F13-0123456789ABCDEF0123456789ABCDEF-C0FFEE$1.3.6.1.4.1.31746$1");

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

    @Test
    void thePngIsASquareOfTheAskedSizeThatReadsBackAsTheActivationString() throws IOException {
        for (String lpa : LPAS) {
            // when
            byte[] png = QrCodes.png(lpa, 360);

            // then
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as(lpa).isNotNull();
            assertThat(image.getWidth()).as(lpa).isEqualTo(360);
            assertThat(image.getHeight()).as(lpa).isEqualTo(360);
            assertThat(QrDecoder.decode(png)).isEqualTo(lpa);
        }
    }

    @Test
    void everyPixelIsBlackWhereTheCodeIsDarkAndWhiteElsewhere() throws IOException {
        for (String lpa : LPAS) {
            for (int size : new int[] {123, 360}) {
                // given
                BitMatrix matrix = QrCodes.matrix(lpa, size);

                // when
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(lpa, size)));

                // then
                assertThat(image.getWidth()).isEqualTo(matrix.getWidth());
                assertThat(image.getHeight()).isEqualTo(matrix.getHeight());
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int expected = matrix.get(x, y) ? BLACK : WHITE;
                        if (image.getRGB(x, y) != expected) {
                            throw new AssertionError("Pixel (" + x + ", " + y + ") of the " + size + " px code of "
                                    + lpa + " is " + Integer.toHexString(image.getRGB(x, y)));
                        }
                    }
                }
            }
        }
    }
}
