package tcpecho.master.control;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import tcpecho.common.status.Status;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * The status document on the control socket: {@code OK status=<json>}, the JSON written from and
 * read into {@link Status} by gson, whose keys are the record components' names in snake case.
 * Here rather than in common: the worker loads common and must not load a JSON library.
 */
public final class StatusJson {
    private static final String FIELD = "status";

    private StatusJson() {
    }

    /** The master's reply to STATUS. */
    public static Message reply(Status status) {
        return Message.of(Verb.OK).with(FIELD, encode(status));
    }

    public static String encode(Status status) {
        return Json.GSON.toJson(status);
    }

    /** The JSON text of a reply to STATUS, as the master wrote it ({@code {}} if it carries none). */
    public static String text(Message reply) {
        return reply.get(FIELD, "{}");
    }

    /** @throws JsonParseException when {@code json} is not a status document */
    public static Status decode(String json) {
        Status status = Json.GSON.fromJson(json, Status.class);
        if (status == null || status.master() == null) {
            throw new JsonParseException("not a status document (no \"master\"): " + abbreviate(json));
        }
        return status;
    }

    /**
     * Asks the master on {@code socket} for its status; null when it answers something other than OK.
     *
     * @throws NotRunningException when nothing listens on {@code socket}
     */
    public static Status request(Path socket, Duration timeout) throws NotRunningException, IOException {
        Message reply = ControlClient.request(socket, Message.of(Verb.STATUS), timeout);
        return reply.is(Verb.OK) ? decode(text(reply)) : null;
    }

    /** Made on first use: {@code status --json} prints the master's text as it is and needs no gson (~120 classes). */
    private static final class Json {
        static final Gson GSON = new GsonBuilder()
                .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
