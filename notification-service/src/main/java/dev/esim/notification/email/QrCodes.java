package dev.esim.notification.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
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

    /** A square PNG of {@code size} pixels encoding {@code text}; error correction M survives a smudged phone screen. */
    static byte[] png(String text, int size) {
        Map<EncodeHintType, Object> hints = Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.CHARACTER_SET, "UTF-8",
                EncodeHintType.MARGIN, 4);
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        }
        catch (WriterException ex) {
            // The message of a WriterException may quote the input: do not pass it on.
            throw new IllegalArgumentException("Could not encode the activation string as a QR code");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
