package dev.outrider.kubernetes.controller;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the controller tells the operator what it does: the agent log in production, a list in tests. */
interface ControllerLog {

    void info(String line);

    void warn(String line);

    void error(String line);

    /** @return the agent log ({@code dev.outrider.kubernetes.controller}) */
    static ControllerLog slf4j() {
        Logger log = LoggerFactory.getLogger("dev.outrider.kubernetes.controller");
        return new ControllerLog() {
            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void warn(String line) {
                log.warn(line);
            }

            @Override
            public void error(String line) {
                log.error(line);
            }
        };
    }
}
