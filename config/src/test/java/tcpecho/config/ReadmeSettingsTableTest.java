package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of keys lists every row, in the rows' order, with the row's default. */
class ReadmeSettingsTableTest {
    /** Surefire runs in the module directory. */
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    @Test
    void everyRowIsInTheTableWithItsDefault() throws Exception {
        String text = Files.readString(README);
        String table = text.substring(text.indexOf("## Configuration"), text.indexOf("## Protocols"));
        List<String> keys = new ArrayList<>();
        List<String> wrongDefaults = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            keys.add(m.group(1));
            SettingRow row = SettingRows.STANDARD.row(m.group(1));
            if (row.defaultText() != null && !row.defaultText().isEmpty() && !m.group(2).contains(row.defaultText())) {
                wrongDefaults.add(row.key() + ": " + m.group(2).strip() + " vs " + row.defaultText());
            }
        }

        assertEquals(SettingRows.STANDARD.keys(), keys);
        assertEquals(List.of(), wrongDefaults);
    }
}
