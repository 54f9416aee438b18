package dev.outrider.job;

import dev.outrider.config.EnvVarNames;
import dev.outrider.config.JobSettings.EnvVarSetting;
import dev.outrider.spi.Job.EnvVar;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables a job exports, merged and written as Semaphore's agent writes them: later entries
 * win over earlier ones, agent variables over job variables, names sorted by their bytes, one
 * {@code export NAME=VALUE} line each with the value quoted so that it stays literal.
 *
 * @param names   the names in the order they are exported
 * @param content the shell text that exports them
 */
public record EnvironmentFile(List<String> names, byte[] content) {

    /**
     * @param jobVars   the job's variables, decoded
     * @param agentVars the agent's variables, values raw
     * @throws EnvVarNames.InvalidNameException naming a variable whose name is not a shell name
     * @throws IllegalArgumentException         naming the variable whose value was not valid base64
     */
    public static EnvironmentFile of(Collection<EnvVar> jobVars, Collection<EnvVarSetting> agentVars) {
        Map<String, byte[]> values = new TreeMap<>(EnvironmentFile::compareBytes);
        for (EnvVar var : jobVars) {
            requireName(var.name());
            if (var.problem().isPresent()) {
                throw new IllegalArgumentException("the value of '" + var.name() + "' is not valid base64: "
                        + var.problem().get());
            }
            values.put(var.name(), var.value());
        }
        for (EnvVarSetting var : agentVars) {
            requireName(var.name());
            values.put(var.name(), var.value().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            content.writeBytes(("export " + entry.getKey() + "=").getBytes(StandardCharsets.UTF_8));
            content.writeBytes(quote(entry.getValue()));
            content.write('\n');
        }
        return new EnvironmentFile(List.copyOf(values.keySet()), content.toByteArray());
    }

    private static void requireName(String name) {
        if (!EnvVarNames.isValid(name)) {
            throw new EnvVarNames.InvalidNameException(name);
        }
    }

    /**
     * Quotes a value for the shell: {@code ''} when empty, verbatim when every byte is in
     * {@code [A-Za-z0-9_@%+=:,./-]}, else in single quotes with each {@code '} as {@code '"'"'}.
     */
    public static byte[] quote(byte[] value) {
        if (value.length == 0) {
            return "''".getBytes(StandardCharsets.US_ASCII);
        }
        boolean plain = true;
        for (byte b : value) {
            if (!isPlain(b)) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return value.clone();
        }
        ByteArrayOutputStream quoted = new ByteArrayOutputStream(value.length + 8);
        quoted.write('\'');
        for (byte b : value) {
            if (b == '\'') {
                quoted.writeBytes("'\"'\"'".getBytes(StandardCharsets.US_ASCII));
            } else {
                quoted.write(b);
            }
        }
        quoted.write('\'');
        return quoted.toByteArray();
    }

    private static boolean isPlain(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                || "_@%+=:,./-".indexOf(b) >= 0;
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
