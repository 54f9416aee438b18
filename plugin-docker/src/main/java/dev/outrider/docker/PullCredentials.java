package dev.outrider.docker;

import com.github.dockerjava.api.model.AuthConfig;
import dev.outrider.spi.Job;
import dev.outrider.spi.Job.EnvVar;
import dev.outrider.spi.Job.RegistryCredentials;
import dev.outrider.spi.StepOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The registry logins of a job (job.md §18.2): one per entry of {@code compose.image_pull_credentials},
 * chosen by its {@code DOCKER_CREDENTIAL_TYPE}. Nothing is written to a docker config file: each
 * pull carries the login of its image's registry.
 */
final class PullCredentials {

    /** A resolved login. */
    record Login(String registry, String username, String password) {
        AuthConfig auth() {
            return new AuthConfig().withRegistryAddress(registry).withUsername(username).withPassword(password);
        }

        @Override
        public String toString() {
            return "Login[" + registry + ", " + username + ", <redacted>]";
        }
    }

    /** Why a login could not be made; the message goes to the job log. */
    static final class LoginException extends Exception {
        LoginException(String message) {
            super(message);
        }
    }

    private PullCredentials() {
    }

    /**
     * Resolves one entry, printing Semaphore's lines: {@code Setting up credentials for <type>}, then
     * the equivalent {@code docker login} command line (without the secret).
     */
    static Login resolve(RegistryCredentials credentials, StepOutput output) throws LoginException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : credentials.envVars()) {
            env.put(variable.name(), text(variable.value(), variable.problem(), variable.name()));
        }
        String type = env.getOrDefault("DOCKER_CREDENTIAL_TYPE", "");
        Login login = switch (type) {
            case "DockerHub" -> {
                output.message("Setting up credentials for DockerHub\n");
                yield new Login(ImageName.DOCKER_HUB, required(env, "DOCKERHUB_USERNAME"), required(env, "DOCKERHUB_PASSWORD"));
            }
            case "GenericDocker" -> {
                output.message("Setting up credentials for Docker\n");
                yield new Login(registryHost(required(env, "DOCKER_URL")), required(env, "DOCKER_USERNAME"),
                        required(env, "DOCKER_PASSWORD"));
            }
            case "AWS_ECR" -> {
                output.message("Setting up credentials for ECR\n");
                yield ecr(env);
            }
            case "GCR" -> {
                output.message("Setting up credentials for GCR\n");
                String keyFile = keyFile(credentials.files()).orElseThrow(() -> new LoginException(
                        "Failed to resolve docker login strategy: GCR credentials need the file /tmp/gcr/keyfile.json\n"));
                yield new Login(required(env, "GCR_HOSTNAME"), "_json_key", keyFile);
            }
            default -> throw new LoginException("Failed to resolve docker login strategy: "
                    + (type.isEmpty() ? "DOCKER_CREDENTIAL_TYPE is not set" : "unknown DOCKER_CREDENTIAL_TYPE '" + type + "'")
                    + "; use DockerHub, GenericDocker, AWS_ECR or GCR\n");
        };
        output.message("docker login --username " + login.username() + " --password-stdin " + login.registry() + "\n");
        return login;
    }

    private static Login ecr(Map<String, String> env) throws LoginException, InterruptedException {
        String region = required(env, "AWS_REGION");
        Map<String, String> aws = Map.of("AWS_ACCESS_KEY_ID", required(env, "AWS_ACCESS_KEY_ID"),
                "AWS_SECRET_ACCESS_KEY", required(env, "AWS_SECRET_ACCESS_KEY"), "AWS_DEFAULT_REGION", region);
        String account = env.getOrDefault("AWS_ACCOUNT_ID", "");
        if (account.isEmpty()) {
            account = aws(aws, "sts", "get-caller-identity", "--query", "Account", "--output", "text");
        }
        String password = aws(aws, "ecr", "get-login-password", "--region", region);
        return new Login(account + ".dkr.ecr." + region + ".amazonaws.com", "AWS", password);
    }

    /** Runs the AWS CLI on the agent's machine, as Semaphore's agent does for ECR logins. */
    private static String aws(Map<String, String> env, String... arguments) throws LoginException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new LoginException("aws " + arguments[0] + " " + arguments[1] + " failed: "
                        + new String(out, StandardCharsets.UTF_8).strip() + "\n");
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new LoginException("ECR logins need the AWS CLI ('aws') on the agent's PATH: " + e.getMessage() + "\n");
        }
    }

    private static Optional<String> keyFile(List<Job.File> files) throws LoginException {
        for (Job.File file : files) {
            if (file.path().endsWith("gcr/keyfile.json")) {
                return Optional.of(text(file.content(), file.problem(), file.path()));
            }
        }
        return Optional.empty();
    }

    private static String required(Map<String, String> env, String name) throws LoginException {
        String value = env.getOrDefault(name, "");
        if (value.isEmpty()) {
            throw new LoginException("Failed to resolve docker login strategy: " + name + " is missing from the credentials\n");
        }
        return value;
    }

    private static String registryHost(String url) {
        String host = url.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }

    private static String text(byte[] value, Optional<String> problem, String name) throws LoginException {
        if (problem.isPresent()) {
            throw new LoginException("Failed to resolve docker login strategy: the value of " + name
                    + " is not valid base64\n");
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
