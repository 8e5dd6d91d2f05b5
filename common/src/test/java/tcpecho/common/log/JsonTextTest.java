package tcpecho.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written JSON string escaping, checked exactly and against gson's parser. */
class JsonTextTest {

    @Test
    void escapesQuoteBackslashAndNamedControls() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\"", JsonText.quote("a\"b\\c\nd\re\tf\bg\fh"));
    }

    @Test
    void escapesOtherControlCharactersAsUnicode() {
        assertEquals("\"\\u0000\\u0001\\u001f\\u007f\"", JsonText.quote("\u0000\u0001\u001f\u007f"));
    }

    @Test
    void keepsNonAsciiTextButEscapesLineSeparatorsAndLoneSurrogates() {
        assertEquals("\"h\u00e9llo \u4e16\u754c \ud83d\ude00\"", JsonText.quote("h\u00e9llo \u4e16\u754c \ud83d\ude00"));
        assertEquals("\"\\u2028\\u2029\"", JsonText.quote("\u2028\u2029"));
        assertEquals("\"x\\ud83dy\\ude00\"", JsonText.quote("x\ud83dy\ude00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r\n", "\u0000\u0007\u001b[31m",
            "\u00e9\u4e16\ud83d\ude00", "\u2028", "{\"json\":[1,2]}", "/slash/ </script>"})
    void gsonReadsBackTheSameString(String text) {
        assertEquals(text, JsonParser.parseString(JsonText.quote(text)).getAsString());
    }

    @Test
    void everyCharBelow128RoundTrips() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            all.append(c);
        }
        assertEquals(all.toString(), JsonParser.parseString(JsonText.quote(all.toString())).getAsString());
    }
}
