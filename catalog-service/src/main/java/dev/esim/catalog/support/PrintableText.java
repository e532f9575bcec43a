package dev.esim.catalog.support;

import java.util.regex.Pattern;

/**
 * Text from a Kafka record (a key, a dead letter's headers) made fit for a support page. Whoever can write to a topic
 * chooses these bytes; Mustache escapes HTML, but an operator also copies them into a terminal or a ticket, where an
 * escape sequence could retitle the window or hide lines. Escape sequences and every other control or
 * bidirectional-formatting character are removed, whitespace runs become one space, and the text is cut to a length
 * a table cell can hold.
 */
final class PrintableText {

    /** CSI ({@code ESC [ … final}), OSC ({@code ESC ] … BEL|ESC \}) and two-character {@code ESC x} sequences. */
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B.?|\u009B");

    private PrintableText() {
    }

    /** {@code text} on one line, without escapes or control characters, at most {@code max} characters; null → "". */
    static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        String withoutEscapes = ESCAPES.matcher(text).replaceAll("");
        StringBuilder out = new StringBuilder(Math.min(withoutEscapes.length(), max + 1));
        withoutEscapes.codePoints().forEach(c -> {
            if (Character.isWhitespace(c)) {
                out.append(' ');
            } else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                out.appendCodePoint(c);
            }
        });
        String line = out.toString().replaceAll(" {2,}", " ").strip();
        if (line.length() <= max) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(max - 2)) ? max - 2 : max - 1;
        return line.substring(0, end) + "…";
    }
}
