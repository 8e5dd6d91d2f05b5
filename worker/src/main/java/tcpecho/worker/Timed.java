package tcpecho.worker;

/** Something the event loop's housekeeping must run at a time: a sweep, a timeout, a resume. */
interface Timed {
    /** How long until {@link #runTimers} has work, or Long.MAX_VALUE when nothing is due. */
    long nanosUntilDue(long now);

    void runTimers(long now);
}
