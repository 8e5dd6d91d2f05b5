package tcpecho.worker;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tcpecho.common.listener.DumpFormat;

/**
 * Formats one proxied chunk for the {@code dump} option: a header {@code conn <id> <dir> <n> bytes},
 * then either hex rows (16 bytes each: offset, hex, ASCII with '.' for anything not printable) or,
 * for a chunk that is printable UTF-8 text, its lines indented by two spaces. {@code hex} and
 * {@code text} force one form ({@code text} shows control characters as '.'). Pure, for tests.
 */
final class DumpFormatter {
    static final int ROW = 16;

    private DumpFormatter() {
    }

    /** The chunk between {@code data}'s position and limit; {@code data} itself is not moved. */
    static String format(String connection, String direction, ByteBuffer data, DumpFormat style) {
        ByteBuffer chunk = data.duplicate();
        StringBuilder out = new StringBuilder(64 + chunk.remaining() * 4);
        out.append("conn ").append(connection).append(' ').append(direction).append(' ')
                .append(chunk.remaining()).append(" bytes");
        String text = switch (style) {
            case HEX -> null;
            case TEXT -> lenientText(chunk);
            case AUTO -> text(chunk);
        };
        if (text != null) {
            appendText(out, text);
        } else {
            appendHex(out, chunk);
        }
        return out.toString();
    }

    /** The chunk as text if it is valid UTF-8 without control characters other than tab, CR, LF. */
    static String text(ByteBuffer chunk) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(chunk.duplicate());
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                return null;
            }
        }
        return chars.toString();
    }

    /** The chunk as UTF-8 whatever it holds: bad bytes become U+FFFD, control characters '.'. */
    static String lenientText(ByteBuffer chunk) {
        StringBuilder text = new StringBuilder(StandardCharsets.UTF_8.decode(chunk.duplicate()));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                text.setCharAt(i, '.');
            }
        }
        return text.toString();
    }

    private static void appendText(StringBuilder out, String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            out.append("\n  ").append(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    private static void appendHex(StringBuilder out, ByteBuffer chunk) {
        int start = chunk.position();
        int length = chunk.remaining();
        for (int row = 0; row < length; row += ROW) {
            out.append('\n').append(String.format(Locale.ROOT, "  %04x ", row));
            for (int i = 0; i < ROW; i++) {
                if (i == ROW / 2) {
                    out.append(' ');
                }
                if (row + i < length) {
                    out.append(' ').append(hex(chunk.get(start + row + i)));
                } else {
                    out.append("   ");
                }
            }
            out.append("  |");
            for (int i = row; i < Math.min(length, row + ROW); i++) {
                int b = chunk.get(start + i) & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.append('|');
        }
    }

    private static String hex(byte b) {
        String digits = "0123456789abcdef";
        return "" + digits.charAt((b >> 4) & 0xf) + digits.charAt(b & 0xf);
    }
}
