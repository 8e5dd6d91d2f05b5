package tcpecho.common.log;

/** A count with its noun for log lines and CLI output: {@code 1 worker}, {@code 2 workers}. */
public final class Plural {
    private Plural() {
    }

    /**
     * {@code count} as printed (a number, or a JSON number or text from a message), then the noun,
     * singular only for exactly 1. Every noun we count takes a plain "s".
     */
    public static String count(Object count, String noun) {
        String number = String.valueOf(count);
        return number + " " + (number.equals("1") ? noun : noun + "s");
    }
}
