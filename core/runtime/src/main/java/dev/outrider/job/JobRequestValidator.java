package dev.outrider.job;

import dev.outrider.config.EnvVarNames;
import dev.outrider.protocol.JobRequest;
import dev.outrider.protocol.JobRequest.EnvVar;
import dev.outrider.protocol.JobRequest.JobFile;
import java.util.List;

/**
 * Checks a local job request before it runs, so that a broken job file fails at once with an error
 * that names the field, instead of failing half-way (as Semaphore's agent would, at the step that
 * uses the value).
 */
public final class JobRequestValidator {

    private JobRequestValidator() {
    }

    /**
     * @param request the request
     * @param source  the file it came from, for messages
     * @throws InvalidJobException naming the first bad field
     */
    public static void validate(JobRequest request, String source) {
        checkEnvVars(request.envVars(), "env_vars", source);
        for (int i = 0; i < request.files().size(); i++) {
            JobFile file = request.files().get(i);
            String path = "files[" + i + "]";
            if (file.path().isEmpty()) {
                throw new InvalidJobException(source + ": " + path + ".path: missing; give where the file goes");
            }
            if (file.path().indexOf('\0') >= 0) {
                throw new InvalidJobException(source + ": " + path + ".path: contains a NUL character, which no "
                        + "file path can hold; remove it");
            }
            decode(file.content(), path + ".content", source);
            if (!isOctalMode(file.mode())) {
                throw new InvalidJobException(source + ": " + path + ".mode: '" + file.mode()
                        + "' is not an octal file mode; use digits 0-7 such as \"0644\" or \"600\", quoted");
            }
        }
        for (int i = 0; i < request.compose().containers().size(); i++) {
            checkEnvVars(request.compose().containers().get(i).envVars(), "compose.containers[" + i + "].env_vars",
                    source);
        }
    }

    /** @return whether {@code mode} is an octal number of at most 32 bits, as Semaphore accepts it */
    public static boolean isOctalMode(String mode) {
        return JobDecoder.modeBits(mode).isPresent();
    }

    private static void checkEnvVars(List<EnvVar> vars, String field, String source) {
        for (int i = 0; i < vars.size(); i++) {
            EnvVar var = vars.get(i);
            String path = field + "[" + i + "]";
            if (var.name().isEmpty()) {
                throw new InvalidJobException(source + ": " + path + ".name: missing; give the variable's name");
            }
            if (!EnvVarNames.isValid(var.name())) {
                throw new InvalidJobException(source + ": " + path + ".name: " + EnvVarNames.problem(var.name()));
            }
            decode(var.value(), path + ".value", source);
        }
    }

    private static void decode(String value, String field, String source) {
        try {
            Base64Values.decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(source + ": " + field + ": not valid base64 (" + e.getMessage()
                    + "); encode the value with 'base64 -w0'");
        }
    }
}
