package dev.outrider.kubernetes.controller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test class with a fresh {@link ControllerRig} per test. */
abstract class WithControllerRig {

    ControllerRig rig;

    @BeforeEach
    void startRig() throws Exception {
        rig = new ControllerRig();
    }

    @AfterEach
    void closeRig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }
}
