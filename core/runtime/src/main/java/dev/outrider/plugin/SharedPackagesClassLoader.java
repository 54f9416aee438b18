package dev.outrider.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The parent of every plugin class loader: it shows plugins the packages the host shares with them
 * (the SPI, PF4J, SLF4J, {@code jakarta.inject}, Guice) and the JDK, and nothing else of the host's
 * class path. So a plugin sees one copy of the SPI types (its own copy cannot shadow them), and
 * Vert.x, Netty or Jackson stay private to the core: a plugin may bundle other versions.
 */
final class SharedPackagesClassLoader extends ClassLoader {

    /** Package prefixes (dotted) the host shares with plugins. */
    static final List<String> SHARED_PACKAGES = List.of(
            "dev.outrider.spi.",
            "org.pf4j.",
            "org.slf4j.",
            "jakarta.inject.",
            "com.google.inject.",
            "javax.inject.",
            "aopalliance.",
            "org.aopalliance.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    /** @param host the class loader of the core, which holds the shared packages */
    SharedPackagesClassLoader(ClassLoader host) {
        super("outrider-shared", ClassLoader.getPlatformClassLoader());
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (isSharedResource(name)) {
            return host.getResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSharedResource(name)) {
            return host.getResources(name);
        }
        return getParent() == null ? Collections.emptyEnumeration() : getParent().getResources(name);
    }

    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSharedResource(String name) {
        return isShared(name.replace('/', '.'));
    }
}
