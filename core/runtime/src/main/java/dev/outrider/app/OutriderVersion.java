package dev.outrider.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Outrider's version, as the build stamped it. */
public final class OutriderVersion {

    private static final String VERSION = load();

    private OutriderVersion() {
    }

    /** @return the version, e.g. {@code 0.1.0} */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = OutriderVersion.class.getResourceAsStream("/dev/outrider/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
