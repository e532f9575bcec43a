package dev.esim.ops;

import java.util.regex.Pattern;

/**
 * Text from a record (header values, keys) made safe to print on an operator's terminal. Anyone who can write to a
 * topic chooses these bytes: an escape sequence in an exception message could retitle the window, hide lines, move
 * the cursor over earlier output or, on some terminals, answer back. Escape sequences are removed; any other control
 * or bidirectional-formatting character becomes {@code ?}. Line breaks and tabs stay.
 */
final class PrintableText {

    /** CSI ({@code ESC [ … final}), OSC ({@code ESC ] … BEL|ESC \}) and two-character {@code ESC x} sequences. */
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B.?|\u009B");

    private PrintableText() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        String withoutEscapes = ESCAPES.matcher(text).replaceAll("");
        StringBuilder out = new StringBuilder(withoutEscapes.length());
        withoutEscapes.codePoints().forEach(c -> {
            boolean unsafe = c != '\n' && c != '\t'
                    && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
            out.appendCodePoint(unsafe ? '?' : c);
        });
        return out.toString();
    }
}
