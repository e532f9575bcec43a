package dev.esim.notification.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes drawn here rather than fetched from the provider's {@code qr_url}: the activation string then never travels
 * to a third party or sits behind a guessable URL, and the e-mail works even when the provider's image host is down.
 */
final class QrCodes {

    private QrCodes() {
    }

    /**
     * A square PNG of {@code size} pixels encoding {@code text}.
     *
     * <p>ZXing's own detector fails on a few percent of perfectly clean, computer-drawn codes (data modules that
     * happen to look like finder patterns). A phone camera copes, but the e-mail is also printed and re-photographed,
     * so each candidate is read back with ZXing's standard reader and the first that reads correctly is used:
     * error correction L first (largest modules, easiest to scan), then M, Q, H.
     */
    static byte[] png(String text, int size) {
        BitMatrix fallback = null;
        for (ErrorCorrectionLevel level : LEVELS) {
            BitMatrix matrix = encode(text, size, level);
            if (fallback == null) {
                fallback = matrix;
            }
            if (readsBackAs(matrix, text)) {
                return toPng(matrix);
            }
        }
        return toPng(fallback);
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

    private static byte[] toPng(BitMatrix matrix) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
