package tcpecho.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: columns as wide as their widest cell (a listener name may be long), two
 * spaces between, text left-aligned and numbers right-aligned, no trailing blanks. The one renderer
 * for what the CLI prints as a table: {@code status} and {@code check}.
 */
public final class TextTable {
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** @param header the column names; a name ending in {@code >} marks a right-aligned column (the mark is dropped) */
    public TextTable(String... header) {
        rightAligned = new boolean[header.length];
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            rightAligned[i] = header[i].endsWith(">");
            names[i] = rightAligned[i] ? header[i].substring(0, header[i].length() - 1) : header[i];
        }
        rows.add(names);
    }

    public TextTable row(Object... cells) {
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    @Override
    public String toString() {
        int[] widths = new int[rightAligned.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
