package tcpecho.master.os;

import jnr.constants.platform.Errno;

/** A failed system call, named with its arguments and errno text: {@code kill(1234, 15) failed: ESRCH}. */
public final class NativeException extends Exception {
    public NativeException(String message) {
        super(message);
    }

    /** {@code call failed: ENOENT (No such file or directory)}, for the errno {@code call} left behind. */
    static NativeException failed(String call, int errno) {
        Errno known = Errno.valueOf(errno);
        return new NativeException(call + " failed: "
                + (known == null ? "errno " + errno : known.name() + " (" + known.description() + ")"));
    }
}
