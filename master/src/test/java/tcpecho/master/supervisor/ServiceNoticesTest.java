package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.master.os.SdNotify;
import tcpecho.master.os.UnixDatagram;

class ServiceNoticesTest {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void aStartedByUpgradeMasterSendsItsFirstReadyToTheOldMasterOnly() throws Exception {
        String systemd = "@tcp-echo-notices-systemd-" + PID;
        String parent = "@tcp-echo-notices-parent-" + PID;
        try (UnixDatagram systemdInbox = UnixDatagram.bind(systemd); UnixDatagram parentInbox = UnixDatagram.bind(parent)) {
            ServiceNotices notices = new ServiceNotices(SdNotify.to(systemd), SdNotify.to(parent));

            notices.serving(4, 1);
            assertEquals("READY=1\nMAINPID=" + PID + "\nSTATUS=serving 4 workers, generation 1\n", parentInbox.receive());
            assertNull(systemdInbox.receive());

            notices.reloading(5_000_123_456L, 2);
            notices.serving(4, 2);
            assertEquals("RELOADING=1\nMONOTONIC_USEC=5000123\nSTATUS=reloading: starting generation 2\n", systemdInbox.receive());
            assertEquals("READY=1\nSTATUS=serving 4 workers, generation 2\n", systemdInbox.receive());
            assertNull(parentInbox.receive());
        }
    }

    @Test
    void aHandedOverMasterTellsSystemdTheNewMainPidThenNothing() throws Exception {
        String systemd = "@tcp-echo-notices-handover-" + PID;
        try (UnixDatagram inbox = UnixDatagram.bind(systemd)) {
            ServiceNotices notices = new ServiceNotices(SdNotify.to(systemd), SdNotify.NONE);

            notices.handedOver(4242);
            notices.stopping("upgraded");

            assertEquals("MAINPID=4242\nSTATUS=upgraded: master pid 4242 serves; " + PID + " drains\n", inbox.receive());
            assertNull(inbox.receive());
            assertNull(notices.systemdSocket());
        }
    }

    @Test
    void childrenGetNeitherNotifyNorListenVariables() {
        Map<String, String> env = Map.of("PATH", "/bin", "NOTIFY_SOCKET", "@x", "LISTEN_FDS", "1", "LISTEN_PID", "9",
                "LISTEN_FDNAMES", "echo", "TCP_ECHO_UPGRADE_SOCKET", "/s");
        assertEquals(List.of("PATH=/bin"), ChildEnvironment.of(env, Map.of()));
        assertEquals(List.of("PATH=/bin", "LISTEN_FDS=2"), ChildEnvironment.of(env, Map.of("LISTEN_FDS", "2")));
    }

    @Test
    void aNewMasterExportsItsOwnPidAsListenPid() {
        MasterCommand command = new MasterCommand(List.of("/opt/bin/tcp-echo-master"), List.of("start", "-c", "/etc/t.toml"));
        assertEquals(List.of("setsid", "bash", "-c", "export LISTEN_PID=$$; exec \"$0\" \"$@\"", "/opt/bin/tcp-echo-master",
                "start", "-c", "/etc/t.toml"), command.argv());
    }
}
