package tcpecho.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings there are, in the order {@code check} prints them: data, not code, so a test can add
 * one. {@link #STANDARD} holds this server's; {@link #with} makes a registry with one more.
 */
public final class SettingRows {
    public static final SettingRows STANDARD = new SettingRows(StandardRows.all());

    private final Map<String, SettingRow> byKey = new LinkedHashMap<>();

    public SettingRows(List<SettingRow> rows) {
        for (SettingRow row : rows) {
            if (byKey.putIfAbsent(row.key(), row) != null) {
                throw new IllegalArgumentException("two rows for " + row.key());
            }
        }
    }

    /** These rows and {@code row} last. */
    public SettingRows with(SettingRow row) {
        List<SettingRow> rows = new ArrayList<>(byKey.values());
        rows.add(row);
        return new SettingRows(rows);
    }

    public List<SettingRow> all() {
        return List.copyOf(byKey.values());
    }

    public List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    public boolean isKnown(String key) {
        return byKey.containsKey(key);
    }

    /** The row of {@code key}; throws IllegalArgumentException naming the known keys when there is none. */
    public SettingRow row(String key) {
        SettingRow row = byKey.get(key);
        if (row == null) {
            throw new IllegalArgumentException(UnknownKeys.message(key, keys()));
        }
        return row;
    }
}
