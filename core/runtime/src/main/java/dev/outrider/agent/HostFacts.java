package dev.outrider.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What an agent says about its machine when it registers (protocol.md §11).
 *
 * @param os       e.g. {@code Debian GNU/Linux 12 (bookworm)}; empty when unknown
 * @param arch     Semaphore's names: {@code x86_64}, {@code x86}, {@code arm64}, ...
 * @param hostname the machine's name; empty when unknown
 * @param pid      this process's id
 */
public record HostFacts(String os, String arch, String hostname, long pid) {

    /** @return the facts of this machine and process */
    public static HostFacts ofThisMachine() {
        return new HostFacts(operatingSystem(), arch(System.getProperty("os.arch", "")), readHostname(),
                ProcessHandle.current().pid());
    }

    /** Semaphore's agent reads os-release and lsb-release; unlike it, either file alone is enough. */
    static String operatingSystem() {
        for (String key : List.of("PRETTY_NAME", "NAME", "DISTRIB_DESCRIPTION")) {
            for (Path file : List.of(Path.of("/etc/os-release"), Path.of("/etc/lsb-release"))) {
                String value = read(file, key);
                if (!value.isEmpty()) {
                    return value;
                }
            }
        }
        return "";
    }

    private static String read(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).trim().replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            // not there: try the next source
        }
        return "";
    }

    static String arch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            case "aarch64", "arm64" -> "arm64";
            default -> javaArch;
        };
    }

    private static String readHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "" : fromEnvironment;
        }
    }
}
