package dev.outrider.kubernetes.pod;

import dev.outrider.spi.Job;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a job's pull Secret: a Docker config ({@code {"auths": {...}}}) with one login per
 * entry of the job's registry credentials, chosen by {@code DOCKER_CREDENTIAL_TYPE} as Semaphore's
 * agent does ({@code DockerHub}, {@code GenericDocker}, {@code GCR}).
 */
public final class PullCredentials {

    /** Why the credentials cannot be used; the message goes to the job log. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private PullCredentials() {
    }

    /** @return the Docker config JSON */
    public static String dockerConfig(List<Job.RegistryCredentials> credentials) throws Unusable {
        Map<String, String[]> logins = new LinkedHashMap<>();
        for (Job.RegistryCredentials entry : credentials) {
            Map<String, String> env = new HashMap<>();
            for (Job.EnvVar variable : entry.envVars()) {
                if (variable.problem().isPresent()) {
                    throw new Unusable("the value of " + variable.name() + " is not valid base64");
                }
                env.put(variable.name(), new String(variable.value(), StandardCharsets.UTF_8));
            }
            String type = env.getOrDefault("DOCKER_CREDENTIAL_TYPE", "");
            switch (type) {
                case "DockerHub" -> logins.put("https://index.docker.io/v1/",
                        new String[] {required(env, "DOCKERHUB_USERNAME"), required(env, "DOCKERHUB_PASSWORD")});
                case "GenericDocker" -> logins.put(required(env, "DOCKER_URL"),
                        new String[] {required(env, "DOCKER_USERNAME"), required(env, "DOCKER_PASSWORD")});
                case "GCR" -> logins.put(required(env, "GCR_HOSTNAME"), new String[] {"_json_key", keyFile(entry.files())});
                default -> throw new Unusable(type.isEmpty() ? "DOCKER_CREDENTIAL_TYPE is not set"
                        : "DOCKER_CREDENTIAL_TYPE '" + type + "' is not supported by the kubernetes executor;"
                        + " use DockerHub, GenericDocker or GCR");
            }
        }
        StringBuilder json = new StringBuilder("{\"auths\":{");
        String separator = "";
        for (Map.Entry<String, String[]> login : logins.entrySet()) {
            String user = login.getValue()[0];
            String password = login.getValue()[1];
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            json.append(separator).append(string(login.getKey())).append(":{\"username\":").append(string(user))
                    .append(",\"password\":").append(string(password)).append(",\"auth\":").append(string(auth)).append('}');
            separator = ",";
        }
        return json.append("}}").toString();
    }

    private static String keyFile(List<Job.File> files) throws Unusable {
        for (Job.File file : files) {
            if (file.path().endsWith("gcr/keyfile.json") && file.problem().isEmpty()) {
                return new String(file.content(), StandardCharsets.UTF_8);
            }
        }
        throw new Unusable("GCR credentials need the file /tmp/gcr/keyfile.json");
    }

    private static String required(Map<String, String> env, String name) throws Unusable {
        String value = env.getOrDefault(name, "");
        if (value.isEmpty()) {
            throw new Unusable(name + " is missing from the credentials");
        }
        return value;
    }

    private static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
