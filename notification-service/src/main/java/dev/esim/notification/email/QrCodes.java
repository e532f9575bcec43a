package dev.esim.notification.email;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes drawn here rather than fetched from the provider's {@code qr_url}: the activation string then never travels
 * to a third party or sits behind a guessable URL, and the e-mail works even when the provider's image host is down.
 */
final class QrCodes {

    private QrCodes() {
    }

    /** A square PNG of {@code size} pixels encoding {@code text}: {@link #matrix}, one pixel per cell. */
    static byte[] png(String text, int size) {
        return toPng(matrix(text, size));
    }

    /**
     * The code's pixels, {@code true} for dark: {@code size} by {@code size}, or one pixel per module and the quiet
     * zone where that needs more.
     *
     * <p>ZXing's own detector fails on a few percent of perfectly clean, computer-drawn codes (data modules that
     * happen to look like finder patterns). A phone camera copes, but the e-mail is also printed and re-photographed,
     * so each candidate is read back with ZXing's standard reader and the first that reads correctly is used:
     * error correction L first (largest modules, easiest to scan), then M, Q, H.
     */
    static BitMatrix matrix(String text, int size) {
        BitMatrix fallback = null;
        for (ErrorCorrectionLevel level : LEVELS) {
            BitMatrix matrix = encode(text, size, level);
            if (fallback == null) {
                fallback = matrix;
            }
            if (readsBackAs(matrix, text)) {
                return matrix;
            }
        }
        return fallback;
    }

    private static final ErrorCorrectionLevel[] LEVELS = {
        ErrorCorrectionLevel.L, ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H};

    private static BitMatrix encode(String text, int size, ErrorCorrectionLevel level) {
        Map<EncodeHintType, Object> hints = Map.of(
                EncodeHintType.ERROR_CORRECTION, level,
                EncodeHintType.CHARACTER_SET, "UTF-8",
                EncodeHintType.MARGIN, 4);
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints);
        } catch (WriterException ex) {
            // The message of a WriterException may quote the input: do not pass it on.
            throw new IllegalArgumentException("Could not encode the activation string as a QR code");
        }
    }

    /**
     * Reads the code as ZXing's reader would from the PNG: the same black and white pixels, taken straight from the
     * matrix rather than through an image (which costs more than the decoding).
     */
    private static boolean readsBackAs(BitMatrix matrix, String text) {
        try {
            return text.equals(new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(new MatrixLuminance(matrix))))
                    .getText());
        } catch (ReaderException ex) {
            return false;
        }
    }

    /** The luminance of the drawn code: 0 for a dark module's pixel, 255 for a light one. */
    private static final class MatrixLuminance extends LuminanceSource {

        private final BitMatrix matrix;

        MatrixLuminance(BitMatrix matrix) {
            super(matrix.getWidth(), matrix.getHeight());
            this.matrix = matrix;
        }

        @Override
        public byte[] getRow(int y, byte[] row) {
            int width = getWidth();
            byte[] out = row != null && row.length >= width ? row : new byte[width];
            for (int x = 0; x < width; x++) {
                out[x] = matrix.get(x, y) ? 0 : (byte) 0xFF;
            }
            return out;
        }

        @Override
        public byte[] getMatrix() {
            int width = getWidth();
            byte[] all = new byte[width * getHeight()];
            byte[] row = new byte[width];
            for (int y = 0; y < getHeight(); y++) {
                System.arraycopy(getRow(y, row), 0, all, y * width, width);
            }
            return all;
        }
    }

    /** Looked up once: ImageIO's registry search costs more than the writer it finds, which is cheap to make. */
    private static final ImageWriterSpi PNG = ImageIO.getImageWritersByFormatName("png").next()
            .getOriginatingProvider();

    /**
     * The matrix as a 1-bit black-and-white PNG, written through memory: {@code ImageIO.write} to a stream buffers
     * through a temporary file. A writer per call because writers are not thread-safe and the dispatch threads render
     * side by side.
     */
    private static byte[] toPng(BitMatrix matrix) {
        BufferedImage image = toImage(matrix);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageWriter writer = PNG.createWriterInstance();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(image);
            } finally {
                writer.dispose();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Dark modules black, the rest white, in a {@code TYPE_BYTE_BINARY} image: palette index 0 is black and 1 white,
     * eight pixels a byte with the leftmost in the high bit. The bytes are written directly, since setting pixels one
     * by one through the image (as ZXing's {@code MatrixToImageWriter} does) costs several times the PNG encoding.
     * A module is many pixels tall, so most rows are a copy of the row above.
     */
    private static BufferedImage toImage(BitMatrix matrix) {
        int width = matrix.getWidth();
        BufferedImage image = new BufferedImage(width, matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = (width + 7) / 8;
        BitArray row = new BitArray(width);
        BitArray above = new BitArray(width);
        for (int y = 0; y < matrix.getHeight(); y++) {
            matrix.getRow(y, row);
            int start = y * stride;
            if (y > 0 && row.equals(above)) {
                System.arraycopy(pixels, start - stride, pixels, start, stride);
            } else {
                for (int x = 0; x < width; x++) {
                    if (!row.get(x)) {
                        pixels[start + x / 8] |= (byte) (0x80 >>> (x % 8));
                    }
                }
            }
            BitArray swap = above;
            above = row;
            row = swap;
        }
        return image;
    }
}
