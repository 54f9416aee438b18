package dev.outrider.job.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * A generated job request that reads as valid, and what each of its parts must become: the values its
 * base64 stands for and whether that base64 decodes, the file modes and whether they are octal, what
 * each command prints and how it exits.
 *
 * @param jobId          the job's id
 * @param executor       {@code ""}, {@code shell} or {@code dockercompose}
 * @param commands       the job's commands
 * @param epilogueAlways run after the commands whatever the result
 * @param epilogueOnPass run when the job passed
 * @param epilogueOnFail run when the job failed
 * @param envVars        the job's variables
 * @param files          the job's files
 * @param containers     containers of a container job
 * @param sshPublicKeys  hosted agents' keys
 * @param logUrl         the push URL of the job's log
 * @param logToken       the token of the job's log
 * @param logMaxSize     {@code logger.max_size_in_bytes}
 */
public record JobModel(String jobId, String executor, List<Step> commands, List<Step> epilogueAlways,
                       List<Step> epilogueOnPass, List<Step> epilogueOnFail, List<Variable> envVars,
                       List<FileSpec> files, List<Container> containers, List<String> sshPublicKeys,
                       String logUrl, String logToken, long logMaxSize) {

    /**
     * A command.
     *
     * @param directive the shell text
     * @param alias     its display name, or {@code ""}
     * @param output    what it prints
     * @param exitCode  how it exits
     */
    public record Step(String directive, String alias, String output, int exitCode) {
    }

    /**
     * An environment variable.
     *
     * @param name      its name
     * @param value     the bytes its base64 stands for
     * @param encoded   the base64 as sent
     * @param decodable whether {@code encoded} is standard padded base64 (line breaks aside)
     */
    public record Variable(String name, byte[] value, String encoded, boolean decodable) {
    }

    /**
     * A file to inject.
     *
     * @param path      where it goes
     * @param content   the bytes its base64 stands for
     * @param encoded   the base64 as sent
     * @param decodable whether {@code encoded} is standard padded base64
     * @param mode      the mode as sent
     * @param modeBits  the mode's value, or -1 when it is no octal number of 32 bits
     */
    public record FileSpec(String path, byte[] content, String encoded, boolean decodable, String mode, long modeBits) {
    }

    /**
     * A container of a container job.
     *
     * @param name    its name
     * @param image   its image
     * @param envVars its variables
     */
    public record Container(String name, String image, List<Variable> envVars) {
    }

    /** @return whether the job's variables and files can all be set up, so that its commands run */
    public boolean prepares() {
        return envVars.stream().allMatch(Variable::decodable)
                && files.stream().allMatch(f -> f.decodable() && f.modeBits() >= 0);
    }

    /** @return the regular commands that run: up to and including the first that fails, none when set-up fails */
    public List<Step> commandsThatRun() {
        if (!prepares()) {
            return List.of();
        }
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).exitCode() != 0) {
                return commands.subList(0, i + 1);
            }
        }
        return commands;
    }

    /** @return whether the job passes */
    public boolean passes() {
        return prepares() && commands.stream().allMatch(step -> step.exitCode() == 0);
    }

    /** @return the request as the control plane's JSON ({@code GET /jobs/{id}}) */
    public ObjectNode json() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("job_id", jobId);
        root.put("executor", executor);
        ObjectNode compose = root.putObject("compose");
        compose.set("containers", array(containers, c -> {
            ObjectNode container = nodes.objectNode().put("name", c.name()).put("image", c.image())
                    .put("command", "").put("entrypoint", "").put("user", "");
            container.set("env_vars", array(c.envVars(), JobModel::variable));
            return container;
        }));
        compose.set("image_pull_credentials", nodes.arrayNode());
        compose.set("host_setup_commands", nodes.arrayNode());
        root.set("commands", array(commands, JobModel::command));
        root.set("epilogue_always_commands", array(epilogueAlways, JobModel::command));
        root.set("epilogue_on_pass_commands", array(epilogueOnPass, JobModel::command));
        root.set("epilogue_on_fail_commands", array(epilogueOnFail, JobModel::command));
        root.set("env_vars", array(envVars, JobModel::variable));
        root.set("files", array(files, f -> nodes.objectNode().put("path", f.path()).put("content", f.encoded())
                .put("mode", f.mode())));
        root.set("ssh_public_keys", array(sshPublicKeys, nodes::textNode));
        root.putObject("callbacks").put("finished", "").put("teardown_finished", "").put("token", "");
        root.putObject("logger").put("method", "push").put("url", logUrl).put("token", logToken)
                .put("max_size_in_bytes", logMaxSize);
        return root;
    }

    private static ObjectNode command(Step step) {
        ObjectNode command = JsonNodeFactory.instance.objectNode().put("directive", step.directive());
        return step.alias().isEmpty() ? command : command.put("alias", step.alias());
    }

    private static ObjectNode variable(Variable variable) {
        return JsonNodeFactory.instance.objectNode().put("name", variable.name()).put("value", variable.encoded());
    }

    private static <T> ArrayNode array(List<T> values, Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> node) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(value -> array.add(node.apply(value)));
        return array;
    }

    @Override
    public String toString() { // what jqwik prints of a failing sample: the request itself
        return json().toString();
    }
}
