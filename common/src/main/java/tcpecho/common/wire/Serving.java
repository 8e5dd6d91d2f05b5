package tcpecho.common.wire;

/**
 * The master's OK to a RELOAD or SCALE: {@code generation} now serves with {@code workers} workers;
 * {@code unchanged} when a SCALE asked for the count already served, so nothing was reloaded.
 * {@link #encode} and {@link #decode} are the only places that name its fields.
 */
public record Serving(long generation, long workers, boolean unchanged) {
    private static final String GENERATION = "generation";
    private static final String WORKERS = "workers";
    private static final String UNCHANGED = "unchanged";

    /** {@code unchanged} is written only when true, as the protocol reference says. */
    public Message encode() {
        Message ok = Message.of(Verb.OK).with(GENERATION, generation).with(WORKERS, workers);
        return unchanged ? ok.with(UNCHANGED, true) : ok;
    }

    public static Serving decode(Message message) throws MalformedMessageException {
        Verb.expect(Verb.OK, message);
        return new Serving(message.requireLong(GENERATION), message.requireLong(WORKERS),
                "true".equals(message.get(UNCHANGED)));
    }
}
