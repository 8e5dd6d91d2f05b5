package tcpecho.common.wire;

import java.util.List;
import tcpecho.common.fault.Fault;

/**
 * FAULTS, master to worker: the faults added at run time to one listener, the whole list (empty to
 * clear), replacing what the worker had. Sent on every change and to each new worker after READY.
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
