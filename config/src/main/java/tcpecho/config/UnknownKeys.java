package tcpecho.config;

/** The message for a key nobody reads, with the nearest known key when it is likely a typo. */
final class UnknownKeys {
    /** Two edits catch a swapped pair ({@code prot}) and {@code log_level} for {@code log-level}. */
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    private UnknownKeys() {
    }

    /** The message for {@code key} among the keys {@code known} of one table. */
    static String message(String key, java.util.List<String> known) {
        String message = "unknown key '" + key + "' (known keys: " + String.join(", ", known) + ")";
        String nearest = nearest(key, known);
        return nearest == null ? message : message + "; did you mean '" + nearest + "'?";
    }

    static String nearest(String key) {
        return nearest(key, SettingRows.STANDARD.keys());
    }

    private static String nearest(String key, java.util.List<String> keys) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String known : keys) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: Levenshtein plus swapping two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
