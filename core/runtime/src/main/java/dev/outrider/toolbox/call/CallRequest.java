package dev.outrider.toolbox.call;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A toolbox call as the job's {@code call.bash} sends it: NUL-terminated fields {@code cwd=DIR},
 * {@code arg=VALUE} (in order) and {@code env=NAME=VALUE}.
 *
 * @param args             the arguments
 * @param workingDirectory the calling shell's directory
 * @param environment      its exported variables
 */
record CallRequest(List<String> args, String workingDirectory, Map<String, String> environment) {

    /**
     * @param body the request's body
     * @return the call
     * @throws IllegalArgumentException when a field is malformed or the directory is missing
     */
    static CallRequest parse(byte[] body) {
        List<String> args = new ArrayList<>();
        Map<String, String> environment = new HashMap<>();
        String directory = null;
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] != 0) {
                continue;
            }
            String field = new String(body, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            if (field.startsWith("arg=")) {
                args.add(field.substring(4));
            } else if (field.startsWith("cwd=")) {
                directory = field.substring(4);
            } else if (field.startsWith("env=")) {
                int equals = field.indexOf('=', 4);
                if (equals > 4) {
                    environment.put(field.substring(4, equals), field.substring(equals + 1));
                }
            } else {
                throw new IllegalArgumentException("unknown field '" + field.split("=", 2)[0] + "' in the toolbox call");
            }
        }
        if (start != body.length) {
            throw new IllegalArgumentException("the toolbox call ends in the middle of a field");
        }
        if (directory == null || !directory.startsWith("/")) {
            throw new IllegalArgumentException("the toolbox call names no absolute working directory");
        }
        return new CallRequest(args, directory, environment);
    }
}
