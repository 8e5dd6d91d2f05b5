package tcpecho.master.supervisor;

/** Applies a scale request ({@code 4}, {@code +1}, {@code -2}) to a worker count. */
public final class WorkerCount {
    public static final int MAX = 1024;

    private WorkerCount() {
    }

    /** The new count, or null when {@code change} is not N/+N/-N or leaves 1..MAX. */
    public static Integer apply(int current, String change) {
        String text = change == null ? "" : change.trim();
        if (!text.matches("[+-]?\\d{1,5}")) {
            return null;
        }
        int number = Integer.parseInt(text.replace("+", ""));
        int target = text.startsWith("+") || text.startsWith("-") ? current + number : number;
        return target >= 1 && target <= MAX ? target : null;
    }
}
