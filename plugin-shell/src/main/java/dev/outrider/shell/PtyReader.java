package dev.outrider.shell;

import com.pty4j.PtyProcess;
import com.pty4j.unix.PtyHelpers;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the job's terminal (a pty's master side) with libc's {@code poll} and {@code read} into one native
 * buffer, and tells whether the terminal translates newlines ({@code tcgetattr}). pty4j's own stream allocates a
 * structure and an array per read and goes through JNA's generic calls, which cost more than the rest of the
 * log's way for a command that prints fast.
 *
 * <p>Linux only (where the layout of {@code struct termios} is known); elsewhere {@link #of} gives nothing and
 * pty4j's stream is used. Reading stops at the terminal's end (every process holding it is gone) or at
 * {@link #close}, within {@link #POLL_MILLIS}. One thread reads; any thread may close.
 */
final class PtyReader extends InputStream {

    /** How long a read waits before it looks whether the reader was closed. */
    static final int POLL_MILLIS = 200;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final short POLLIN = 0x1;
    private static final int OPOST = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EIO = 5;
    /** {@code struct termios} is 60 bytes on Linux; {@code c_oflag} is its second field. */
    private static final int TERMIOS_SIZE = 128;
    private static final int C_OFLAG = 4;

    private final int fd;
    private final Memory buffer = new Memory(BUFFER_SIZE);
    private final Memory pollFd = new Memory(8);
    private final Memory termios = new Memory(TERMIOS_SIZE);
    private volatile boolean closed;
    private boolean ended;

    private PtyReader(int fd) {
        this.fd = fd;
        pollFd.setInt(0, fd);
        pollFd.setShort(4, POLLIN);
    }

    /** @return a reader of the process's terminal, on Linux with pty4j's Unix process */
    static Optional<PtyReader> of(PtyProcess process) {
        if (!Platform.isLinux() || !(process instanceof UnixPtyProcess unix) || !Libc.AVAILABLE) {
            return Optional.empty();
        }
        return Optional.of(new PtyReader(unix.getPty().getMasterFD()));
    }

    /**
     * @return whether the terminal translates {@code \n} to {@code \r\n} now (output post-processing with
     *         {@code onlcr}, as a new terminal has it); also {@code true} when that cannot be told
     */
    boolean translatesNewlines() {
        try {
            Libc.tcgetattr(fd, termios);
        } catch (LastErrorException e) {
            return true;
        }
        int outputFlags = termios.getInt(C_OFLAG);
        return (outputFlags & OPOST) != 0 && (outputFlags & PtyHelpers.ONLCR) != 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /** @return how many bytes were read, at most what one read of the terminal gives; -1 at its end */
    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!closed && !ended) {
            if (!ready()) {
                continue;
            }
            long n;
            try {
                n = Libc.read(fd, buffer, Math.min(length, BUFFER_SIZE));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) {
                    continue;
                }
                if (e.getErrorCode() == EIO) {
                    break; // every process holding the terminal is gone
                }
                throw new IOException("cannot read the job's terminal: " + e.getMessage(), e);
            }
            if (n <= 0) {
                break;
            }
            buffer.read(0, into, offset, (int) n);
            return (int) n;
        }
        ended = true;
        return -1;
    }

    /** @return whether the terminal has something to read (or ended), after waiting up to {@link #POLL_MILLIS} */
    private boolean ready() throws IOException {
        try {
            return Libc.poll(pollFd, 1, POLL_MILLIS) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return false;
            }
            throw new IOException("cannot wait for the job's terminal: " + e.getMessage(), e);
        }
    }

    /** Ends reading: a read in progress returns -1 within {@link #POLL_MILLIS}. The terminal is pty4j's to close. */
    @Override
    public void close() {
        closed = true;
    }

    /** libc's calls, bound once (JNA direct mapping: no reflection per call). */
    private static final class Libc {
        static final boolean AVAILABLE = register();

        private static boolean register() {
            try {
                Native.register(Libc.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return false;
            }
        }

        static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

        static native long read(int fd, Pointer buffer, long count) throws LastErrorException;

        static native int tcgetattr(int fd, Pointer termios) throws LastErrorException;
    }
}
