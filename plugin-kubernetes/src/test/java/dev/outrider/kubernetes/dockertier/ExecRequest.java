package dev.outrider.kubernetes.dockertier;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A pod exec request of the API: {@code /api/v1/namespaces/<ns>/pods/<pod>/exec?command=…&container=…&tty=…}. */
record ExecRequest(String namespace, String pod, String container, List<String> command, boolean stdin, boolean stdout,
        boolean stderr, boolean tty) {

    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec\\?(.*)");

    static boolean matches(String path) {
        return path != null && PATH.matcher(path).matches();
    }

    static ExecRequest parse(String path) {
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a pod exec request: " + path);
        }
        String container = null;
        List<String> command = new ArrayList<>();
        boolean stdin = false;
        boolean stdout = false;
        boolean stderr = false;
        boolean tty = false;
        for (String parameter : matcher.group(3).split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "container" -> container = value;
                case "command" -> command.add(value);
                case "stdin" -> stdin = Boolean.parseBoolean(value);
                case "stdout" -> stdout = Boolean.parseBoolean(value);
                case "stderr" -> stderr = Boolean.parseBoolean(value);
                case "tty" -> tty = Boolean.parseBoolean(value);
                default -> {
                }
            }
        }
        return new ExecRequest(matcher.group(1), matcher.group(2), container, List.copyOf(command), stdin, stdout, stderr, tty);
    }
}
