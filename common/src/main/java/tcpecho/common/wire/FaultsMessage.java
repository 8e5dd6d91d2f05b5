package tcpecho.common.wire;

import java.util.List;
import tcpecho.common.fault.Fault;

/**
 * FAULTS, master to worker: one listener's faults, the whole list (the config's, then those added at
 * run time), replacing what the worker had. Sent on every change, and at HELLO.
 */
public record FaultsMessage(String listener, List<Fault> faults) {
    static final String LISTENER = "listener";
    static final String FAULTS = "faults";

    public FaultsMessage {
        faults = List.copyOf(faults);
    }

    public Message encode() {
        return Message.of(Verb.FAULTS).with(LISTENER, listener).with(FAULTS, Fault.encodeAll(faults));
    }

    public static FaultsMessage decode(Message message) throws MalformedMessageException {
        String listener = message.get(LISTENER);
        if (listener == null) {
            throw new MalformedMessageException("FAULTS field 'listener' is missing");
        }
        try {
            return new FaultsMessage(listener, Fault.decodeAll(message.get(FAULTS, "")));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("FAULTS for '" + listener + "': " + e.getMessage());
        }
    }
}
