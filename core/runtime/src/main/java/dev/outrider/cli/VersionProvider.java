package dev.outrider.cli;

import dev.outrider.app.OutriderVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code outrider --version}. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "outrider " + OutriderVersion.get(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
