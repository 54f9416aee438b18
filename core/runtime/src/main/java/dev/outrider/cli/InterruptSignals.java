package dev.outrider.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * SIGINT, SIGTERM and SIGHUP for the commands that run jobs: the first one asks for a graceful end, a
 * second one ends the jobs' processes and the process at once (exit status 130). SIGHUP (the terminal
 * or the session went away) counts as SIGTERM: left to the JVM it would exit at once and leave the
 * jobs' processes and files behind.
 */
final class InterruptSignals {

    private InterruptSignals() {
    }

    /**
     * @param err         where the first signal is acknowledged
     * @param whatHappens the acknowledgement after "SIGxxx received: "
     * @param first       what the first signal does
     * @param second      what a second signal does before the process halts
     */
    static void install(PrintWriter err, String whatHappens, Runnable first, Runnable second) {
        AtomicInteger signals = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), signal -> {
                if (signals.incrementAndGet() == 1) {
                    err.println("outrider: SIG" + signal.getName() + " received, " + whatHappens + " (again to exit at once)");
                    err.flush();
                    first.run();
                } else {
                    err.println("outrider: SIG" + signal.getName() + " received again, ending the jobs and exiting");
                    err.flush();
                    second.run();
                    Runtime.getRuntime().halt(ExitCodes.STOPPED);
                }
            });
        }
    }
}
