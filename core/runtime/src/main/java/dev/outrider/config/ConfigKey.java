package dev.outrider.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every configuration key: where it may appear and whether the environment and the command line
 * can give it. Semaphore's keys (protocol.md §12.2) are read from {@code SEMAPHORE_AGENT_<KEY>};
 * Outrider's own scalar keys from {@code OUTRIDER_<KEY>}, so that the {@code SEMAPHORE_AGENT_}
 * namespace keeps meaning exactly what it means to Semaphore's agent.
 */
enum ConfigKey {
    NAME("name", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    NAME_FROM_ENV("name-from-env", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    ENDPOINT("endpoint", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    TOKEN("token", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    NO_HTTPS("no-https", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    SHUTDOWN_HOOK_PATH("shutdown-hook-path", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    PRE_JOB_HOOK_PATH("pre-job-hook-path", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    POST_JOB_HOOK_PATH("post-job-hook-path", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    DISCONNECT_AFTER_JOB("disconnect-after-job", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    JOB_ID("job-id", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    DISCONNECT_AFTER_IDLE_TIMEOUT("disconnect-after-idle-timeout", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    INTERRUPTION_GRACE_PERIOD("interruption-grace-period", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    ENV_VARS("env-vars", Shape.LIST, Scope.AGENT, Family.SEMAPHORE),
    FILES("files", Shape.LIST, Scope.AGENT, Family.SEMAPHORE),
    FAIL_ON_MISSING_FILES("fail-on-missing-files", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    UPLOAD_JOB_LOGS("upload-job-logs", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    FAIL_ON_PRE_JOB_HOOK_ERROR("fail-on-pre-job-hook-error", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    SOURCE_PRE_JOB_HOOK("source-pre-job-hook", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_EXECUTOR("kubernetes-executor", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_POD_SPEC("kubernetes-pod-spec", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_ALLOWED_IMAGES("kubernetes-allowed-images", Shape.LIST, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_POD_START_TIMEOUT("kubernetes-pod-start-timeout", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_LABELS("kubernetes-labels", Shape.LIST, Scope.AGENT, Family.SEMAPHORE),
    KUBERNETES_DEFAULT_IMAGE("kubernetes-default-image", Shape.SCALAR, Scope.AGENT, Family.SEMAPHORE),

    PLUGINS_DIR("plugins-dir", Shape.SCALAR, Scope.TOP, Family.OUTRIDER),
    LOG_SINKS("log-sinks", Shape.STRUCTURED, Scope.TOP, Family.FILE_ONLY),
    LOG_UPLOAD_TIMEOUT("log-upload-timeout", Shape.SCALAR, Scope.TOP, Family.OUTRIDER),
    STATUS_ADDRESS("status-address", Shape.SCALAR, Scope.TOP, Family.OUTRIDER),
    AGENTS("agents", Shape.STRUCTURED, Scope.TOP, Family.FILE_ONLY),
    EXECUTOR("executor", Shape.SCALAR, Scope.AGENT, Family.OUTRIDER),
    EXECUTOR_OPTIONS("executor-options", Shape.STRUCTURED, Scope.AGENT, Family.FILE_ONLY),
    CACHE("cache", Shape.STRUCTURED, Scope.AGENT, Family.FILE_ONLY),
    ARTIFACTS("artifacts", Shape.STRUCTURED, Scope.AGENT, Family.FILE_ONLY),
    COUNT("count", Shape.SCALAR, Scope.AGENT, Family.OUTRIDER),
    CA_FILE("ca-file", Shape.SCALAR, Scope.AGENT, Family.OUTRIDER),
    LABEL("label", Shape.SCALAR, Scope.ENTRY, Family.FILE_ONLY);

    /** What a value looks like outside a file: one string, or a list of strings. */
    enum Shape { SCALAR, LIST, STRUCTURED }

    /** Where in the file a key may appear. */
    enum Scope { TOP, AGENT, ENTRY }

    /** Which environment prefix reads the key, if any; file-only keys have no flag either. */
    enum Family { SEMAPHORE, OUTRIDER, FILE_ONLY }

    private final String key;
    private final Shape shape;
    private final Scope scope;
    private final Family family;

    ConfigKey(String key, Shape shape, Scope scope, Family family) {
        this.key = key;
        this.shape = shape;
        this.scope = scope;
        this.family = family;
    }

    /** @return the key as the file, the flag ({@code --key}) and the flags map spell it */
    String key() {
        return key;
    }

    boolean isList() {
        return shape == Shape.LIST;
    }

    /** @return the environment variable that gives this key, if any */
    Optional<String> environmentVariable() {
        String suffix = key.toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (family) {
            case SEMAPHORE -> Optional.of("SEMAPHORE_AGENT_" + suffix);
            case OUTRIDER -> Optional.of("OUTRIDER_" + suffix);
            case FILE_ONLY -> Optional.empty();
        };
    }

    /** @return whether {@code --key} exists on {@code outrider start} */
    boolean isFlag() {
        return family != Family.FILE_ONLY;
    }

    /** @return whether the key may be given at the top level of the file */
    boolean isTopLevel() {
        return scope != Scope.ENTRY;
    }

    /** @return whether the key may be given in an entry of {@code agents:} */
    boolean isEntryLevel() {
        return scope != Scope.TOP;
    }

    static Optional<ConfigKey> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    /** @return the names of the keys accepted at the top level, sorted */
    static Set<String> topLevelKeys() {
        return names(ConfigKey::isTopLevel);
    }

    /** @return the names of the keys accepted in an entry of {@code agents:}, sorted */
    static Set<String> entryKeys() {
        return names(ConfigKey::isEntryLevel);
    }

    /** @return the names of the keys that {@code outrider start} takes as flags, sorted */
    static Set<String> flagKeys() {
        return names(ConfigKey::isFlag);
    }

    private static Set<String> names(Predicate<ConfigKey> filter) {
        return Arrays.stream(values()).filter(filter).map(ConfigKey::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
